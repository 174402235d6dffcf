"""Keyset pages: a list ordered by a few columns ending with the id, cut after the last row the reader saw.

An OFFSET page costs the rows it skips (page 500 of a national list reads 10 000 rows to show 20); a keyset
page asks the index for the rows after a position, so every page costs the same. The position travels as an
opaque `after` token (the ordering columns' values of the last row shown); a token that does not decode is
bad input on the field `after` (422 in the API, the first page on a web page), never a 500.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.parsing import integer

MAX_LIMIT = 200


@dataclass(frozen=True)
class Order:
    """The order of a keyset list: its columns (the last one unique, e.g. the id) and one direction for all,
    so the position is one row-value comparison the index answers."""

    columns: tuple
    descending: bool = False

    def clauses(self) -> list:
        return [column.desc() if self.descending else column.asc() for column in self.columns]

    def after(self, values: tuple):
        pairs = zip(self.columns, values, strict=True)
        bound = sa.tuple_(*(sa.bindparam(None, value, type_=column.type) for column, value in pairs))
        row = sa.tuple_(*self.columns)
        return row < bound if self.descending else row > bound


@dataclass
class Page:
    items: list
    next_after: str | None
    limit: int


def _plain(value: Any):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _typed(column, value):
    python_type = getattr(column.type, "impl", column.type).python_type  # a TypeDecorator's own says `object`
    if value is None or isinstance(value, python_type):
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    return python_type(value)


def encode_after(values: tuple) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_after(order: Order, token: str) -> tuple:
    """The position in `token`; ValueError when it is not one of this list's positions."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(token) from exc
    if not isinstance(values, list) or len(values) != len(order.columns):
        raise ValueError(token)
    try:
        return tuple(_typed(column, value) for column, value in zip(order.columns, values, strict=True))
    except (TypeError, ValueError, NotImplementedError) as exc:
        raise ValueError(token) from exc


def parse_page_args(args, order: Order, *, default_limit: int | None, errors: FieldErrors | None = None):
    """`after` and `limit` from a query string: (position or None, limit). Errors are added to `errors` when
    given (the caller raises them with its own fields), else raised here."""
    own = errors is None
    errors = errors if errors is not None else FieldErrors()
    position = None
    token = (args.get("after") or "").strip()
    if token:
        try:
            position = decode_after(order, token)
        except ValueError:
            errors.add("after", _("Nieprawidłowa pozycja listy: wróć do pierwszej strony."))
    limit = default_limit
    raw_limit = (args.get("limit") or "").strip()
    if raw_limit:
        limit = integer(errors, "limit", raw_limit, low=1, high=MAX_LIMIT) or default_limit
    if own:
        errors.raise_if_any()
    return position, limit


def keyset_page(
    session, query: sa.Select, order: Order, *, after: tuple | None, limit: int | None, key=None, rows: bool = False
) -> Page:
    """One page of `query` (a select of ORM entities, or of columns with `rows`: the items are then the
    result's rows) in `order`, after `after`, in one statement; `limit` None gives the rest of the list.
    `key(item)` gives an item's ordering values (by default the order's columns read as attributes)."""
    fetch = session.execute if rows else session.scalars
    if after is not None:
        query = query.where(order.after(after))
    query = query.order_by(*order.clauses())
    if limit is None:
        return Page(list(fetch(query)), None, 0)
    key = key or (lambda item: tuple(getattr(item, column.key) for column in order.columns))
    return cut_page(list(fetch(query.limit(limit + 1))), limit, key)


def cut_page(found: list, limit: int | None, key) -> Page:
    """The page of `found` — up to `limit` + 1 items read in the list's order (all of them when `limit` is
    None) — and the position of the next page when there is one (`key(item)`: an item's ordering values)."""
    if limit is None:
        return Page(found, None, 0)
    items = found[:limit]
    return Page(items, encode_after(key(items[-1])) if len(found) > limit else None, limit)
