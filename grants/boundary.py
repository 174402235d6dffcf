"""The one boundary that bad input crosses before it can reach the database.

Whatever a person or a machine sends passes here first, whichever page or endpoint it is for:

- query strings and form fields lose NUL characters and lone surrogates (a browser never means them,
  PostgreSQL refuses NUL in text, and a surrogate cannot be encoded to UTF-8 at all) — stripped, so a
  form re-renders with everything else the person typed;
- JSON bodies are refused when nested deeper than `MAX_JSON_DEPTH` (a machine sent nonsense, and
  100 000 levels would exhaust the parser's stack), and answered 422 with the field's dotted path when
  a string holds NUL or a surrogate, or an identifier is outside PostgreSQL's `integer`;
- integers in URL paths and `?…=` parameters read as ints stop at `MAX_ID` (a larger one is 404, or the
  parameter's default), because every id column is a 32-bit `integer` on PostgreSQL;
- every string a flush writes is checked against its column's length (and for NUL), so a too-long
  value is a 422 naming the field instead of a database error (a 500) on PostgreSQL only.
"""

import re
from collections.abc import Iterable, Mapping

from flask import Request
from flask_babel import gettext as _
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from grants.errors import ValidationFailed

MAX_ID = 2**31 - 1  # PostgreSQL `integer`, the type of every id column
MAX_JSON_DEPTH = 32  # the deepest real body (an offer's cost items in a list in an object) is 4
UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def strip_unsafe(value: str) -> str:
    return UNSAFE_TEXT.sub("", value)


def is_identifier_key(key) -> bool:
    return isinstance(key, str) and (key == "id" or key.endswith("_id") or key.endswith("_ids"))


# ---------------------------------------------------------------- query strings and forms


class CleanMultiDict(ImmutableMultiDict):
    """Query and form parameters with NUL and lone surrogates stripped, keys and values alike."""

    def __init__(self, mapping=None):
        super().__init__(list(_clean_pairs(mapping)))

    def get(self, key, default=None, type=None):
        if type is int:
            value = super().get(key)
            return _bounded_int(value, default)
        return super().get(key, default, type)


def _clean_pairs(mapping) -> Iterable[tuple]:
    if mapping is None:
        return
    if isinstance(mapping, MultiDict):
        pairs = mapping.items(multi=True)
    elif isinstance(mapping, Mapping):
        pairs = mapping.items()
    else:
        pairs = mapping
    for key, value in pairs:
        if isinstance(key, str):
            key = strip_unsafe(key)
        if isinstance(value, str):
            value = strip_unsafe(value)
        yield key, value


def _bounded_int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if -MAX_ID <= number <= MAX_ID else default


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` in a route: a number past the id columns' range names no row, so it is read as 0 (an id
    no row has: the view answers 404 as for any unknown id). Refusing it in the converter instead would
    make werkzeug answer 405 on paths that other methods share."""

    regex = r"\d{1,19}"  # longer runs of digits match no route at all (404)

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


# ---------------------------------------------------------------- JSON bodies


class OkoRequest(Request):
    parameter_storage_class = CleanMultiDict

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        try:
            body = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            raise BadRequest(_("Treść żądania jest zagnieżdżona zbyt głęboko.")) from None
        if body is not None:
            check_json(body)
        return body


def check_json(body) -> None:
    """Refuse what no field may hold; every problem is reported with its dotted path."""
    problems: dict[str, list[str]] = {}
    stack = [(body, "", 1, False)]
    while stack:
        value, path, depth, identifier = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(_("Treść żądania jest zagnieżdżona zbyt głęboko."))
        if isinstance(value, dict):
            for key, item in value.items():
                if UNSAFE_TEXT.search(key):
                    problems.setdefault(path or "body", []).append(_("Nazwa pola zawiera niedozwolony znak."))
                    continue
                stack.append((item, f"{path}.{key}" if path else key, depth + 1, is_identifier_key(key)))
        elif isinstance(value, list):
            stack.extend((item, f"{path}.{index}", depth + 1, identifier) for index, item in enumerate(value))
        elif isinstance(value, str) and UNSAFE_TEXT.search(value):
            problems.setdefault(path or "body", []).append(
                _("Tekst zawiera niedozwolony znak (NUL lub niesparowany surogat UTF-16).")
            )
        elif identifier and isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            problems.setdefault(path or "body", []).append(_("Nie ma obiektu o takim numerze."))
    if problems:
        raise ValidationFailed(problems)


# ---------------------------------------------------------------- what a flush writes


def check_flushed_strings(session: Session, flush_context, instances) -> None:
    """Every string column of every new or changed row fits its column and holds no NUL."""
    problems: dict[str, list[str]] = {}
    for instance in list(session.new) + list(session.dirty):
        state = inspect(instance)
        for attribute in state.mapper.column_attrs:
            column = attribute.columns[0]
            if not isinstance(column.type, String):
                continue
            value = state.dict.get(attribute.key)
            if not isinstance(value, str):
                continue
            limit = column.type.length
            if limit is not None and len(value) > limit:
                problems.setdefault(attribute.key, []).append(_("Najwyżej %(n)d znaków; skróć tekst.", n=limit))
            elif UNSAFE_TEXT.search(value):
                problems.setdefault(attribute.key, []).append(
                    _("Tekst zawiera niedozwolony znak (NUL lub niesparowany surogat UTF-16).")
                )
    if problems:
        raise ValidationFailed(problems)


def install_boundary(app) -> None:
    """Called before the blueprints are registered: their `<int:…>` rules take the bounded converter."""
    app.request_class = OkoRequest
    app.url_map.converters["int"] = BoundedIntConverter
    if not event.contains(Session, "before_flush", check_flushed_strings):
        event.listen(Session, "before_flush", check_flushed_strings)
