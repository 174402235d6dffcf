"""The office's desk of small grants (art. 19a) at national scale (issue 13): years of offers in one office.

Like the desk of calls (grants.calls.office_list): what is in progress — a received offer to publish within
7 working days, a published one taking comments and then awaiting the decision — in a short section, the
oldest receipt first (its days run out first), limited and counted in one statement. Below it the offers
decided or withdrawn, newest first, in keyset pages, with the filters an officer looks for an old offer by:
status, budget year, the organisation's name or NIP, words of the title. A narrowed list shows every
matching offer, in progress or not.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.auth.permissions import own_office_only
from grants.errors import FieldErrors
from grants.extensions import db
from grants.organizations.models import Organization
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from grants.smallgrants.office_queries import OFFICE_STATUSES, reading_options

PAGE_SIZE = 30
IN_PROGRESS_SHOWN = 20
SEARCH_MAX = 100
IN_PROGRESS = (SmallGrantStatus.submitted, SmallGrantStatus.published)
# The newest offer first; the id (the offer's, given when the organisation started it) is never empty, unlike
# a receipt time, so a position is always a plain row-value comparison.
ORDER = Order((SmallGrant.id,), descending=True)


@dataclass
class Filters:
    status: str = ""
    year: int | None = None
    q: str = ""
    after: tuple | None = None
    limit: int = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        args = {"status": self.status, "year": self.year, "q": self.q}
        if self.limit != PAGE_SIZE:
            args["limit"] = self.limit
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.status or self.year or self.q)


def parse_filters(args) -> Filters:
    """The desk's filters: what cannot be read is named on its field and left out, the rest applies."""
    errors = FieldErrors()
    filters = Filters()
    status = (args.get("status") or "").strip()
    if status in {s.value for s in OFFICE_STATUSES}:
        filters.status = status
    elif status:
        errors.add("status", _("Wybierz stan oferty z listy."))
    year = (args.get("year") or "").strip()
    if year:
        filters.year = integer(errors, "year", year, low=2000, high=2200)
    filters.q = " ".join((args.get("q") or "").split())[:SEARCH_MAX]
    filters.after, limit = parse_page_args(args, ORDER, default_limit=PAGE_SIZE, errors=errors)
    filters.limit = limit or PAGE_SIZE
    filters.errors = dict(errors.fields)
    return filters


def _office_small_grants(user) -> sa.Select:
    query = sa.select(SmallGrant).options(*reading_options()).where(SmallGrant.status.in_(OFFICE_STATUSES))
    return own_office_only(query, SmallGrant.office_id, user)


def in_progress(user, limit: int | None = None) -> tuple[list[SmallGrant], int]:
    """(the first offers in progress, the oldest receipt first; how many are in progress) in one statement."""
    rows = db.session.execute(
        _office_small_grants(user)
        .add_columns(sa.func.count().over())
        .where(SmallGrant.status.in_(IN_PROGRESS))
        .order_by(SmallGrant.received_at, SmallGrant.id)
        .limit(limit or IN_PROGRESS_SHOWN)
    ).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def _search(query: sa.Select, words: str) -> sa.Select:
    """Ten digits are a NIP; other words are looked for in the title and the organisation's name."""
    digits = re.sub(r"[\s-]", "", words)
    if digits.isdigit() and len(digits) == 10:
        return query.where(SmallGrant.organization.has(Organization.nip == digits))
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(
        sa.or_(
            SmallGrant.title.ilike(pattern, escape="\\"),
            SmallGrant.organization.has(Organization.name.ilike(pattern, escape="\\")),
        )
    )


def small_grants_page(user, filters: Filters) -> Page:
    """A page of the office's small grants: without filters those no longer in progress (they are above),
    with any filter every offer that matches it."""
    query = _office_small_grants(user)
    if filters.status:
        query = query.where(SmallGrant.status == SmallGrantStatus(filters.status))
    elif not filters.narrowed:
        query = query.where(SmallGrant.status.not_in(IN_PROGRESS))
    if filters.year:
        query = query.where(SmallGrant.budget_year == filters.year)
    if filters.q:
        query = _search(query, filters.q)
    return keyset_page(db.session, query, ORDER, after=filters.after, limit=filters.limit)


def years(user, this_year: int) -> list[int]:
    """The budget years of the office's small grants (this year included), newest first, in one statement."""
    first, last = db.session.execute(
        own_office_only(
            sa.select(sa.func.min(SmallGrant.budget_year), sa.func.max(SmallGrant.budget_year)).where(
                SmallGrant.status.in_(OFFICE_STATUSES)
            ),
            SmallGrant.office_id,
            user,
        )
    ).one()
    first, last = min(first or this_year, this_year), max(last or this_year, this_year)
    return list(range(last, first - 1, -1))
