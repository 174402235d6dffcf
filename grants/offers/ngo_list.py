"""The NGO's offers at scale (/ngo/offers/, GET /api/v1/offers for a member): an organisation active for years
has hundreds of offers across many calls, and a person may belong to several organisations. The list is read
in keyset pages — the nearest deadline's call on top, as on the desk — narrowed by organisation (one of the
person's), status, the year of the call's deadline and the words of the offer's or the call's title; each
page costs the same statements whatever the number of offers, and the versions' frozen documents, the
attachments and the calls' own collections are never loaded for it."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, defaultload, defer, lazyload

from grants.calls.models import Call
from grants.clock import WARSAW, now_utc, warsaw_date
from grants.errors import FieldErrors
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner, OfferStatus, OfferVersion, PartnerStatus
from grants.organizations.models import Organization
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer
from grants.review.models import Award, ResultsPublication

PAGE_SIZE = 30
SEARCH_MAX = 100
ORDER = Order((Call.submission_deadline, Offer.id), descending=True)

# The status filter's values: the offer's own status until its call's results are published, then the
# outcome (the list shows the one or the other, never both).
FUNDED, NOT_FUNDED = "funded", "not_funded"
OWN_STATUSES = tuple(status.value for status in OfferStatus)
STATUSES = (*OWN_STATUSES, FUNDED, NOT_FUNDED)


@dataclass
class Filters:
    organization_id: int | None = None
    status: str = ""
    year: int | None = None
    q: str = ""
    after: tuple | None = None
    limit: int | None = PAGE_SIZE  # None: the whole list (the API without `limit` or `after`)
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        args = {"organization": self.organization_id, "status": self.status, "year": self.year, "q": self.q}
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.organization_id or self.status or self.year or self.q)


def parse_filters(args, organization_ids, *, strict: bool = False, default_limit: int | None = PAGE_SIZE) -> Filters:
    """The filters from a query string; an organisation that is not one of `organization_ids` (the
    person's) is a field error like any unknown value — its offers are never read. A web page shows what it
    could read and names the rest (`errors`); the API (`strict`) answers 422 naming the field."""
    errors = FieldErrors()
    filters = Filters()
    key = "organization_id" if "organization_id" in args else "organization"  # the API's name, the form's
    organization = (args.get(key) or "").strip()
    if organization:
        number = organization.isdigit() and int(organization)
        if number in organization_ids:
            filters.organization_id = number
        else:
            errors.add(key, _("Wybierz jedną ze swoich organizacji."))
    status = (args.get("status") or "").strip()
    if status in STATUSES:
        filters.status = status
    elif status:
        errors.add("status", _("Wybierz status z listy."))
    year = (args.get("year") or "").strip()
    if year:
        filters.year = integer(errors, "year", year, low=2000, high=2200)
    filters.q = " ".join((args.get("q") or "").split())[:SEARCH_MAX]
    filters.after, filters.limit = parse_page_args(args, ORDER, default_limit=default_limit, errors=errors)
    if strict:
        errors.raise_if_any()
    filters.errors = dict(errors.fields)
    return filters


def of_organizations(organization_ids) -> sa.ColumnElement:
    """The competition offers of these organisations, as the representing one or a partner that confirmed
    (small grants, `call_id` NULL, have their own list). The two ways are a UNION of two index lookups: an
    OR of them would make PostgreSQL read every offer of the installation to find a person's few hundred."""
    lead = sa.orm.aliased(Offer)
    ids = sa.union(
        sa.select(lead.id.label("id")).where(lead.organization_id.in_(organization_ids)),
        sa.select(OfferPartner.offer_id.label("id")).where(
            OfferPartner.organization_id.in_(organization_ids), OfferPartner.status == PartnerStatus.confirmed
        ),
    ).subquery()
    return sa.and_(Offer.call_id.is_not(None), Offer.id.in_(sa.select(ids.c.id)))


def _award(funded: bool | None = None) -> sa.Exists:
    """The offer is in its call's published results (funded or not, or either)."""
    query = (
        sa.select(Award.id)
        .join(ResultsPublication, ResultsPublication.decision_id == Award.decision_id)
        .where(ResultsPublication.call_id == Offer.call_id, Award.offer_id == Offer.id)
    )
    if funded is not None:
        query = query.where(Award.funded.is_(funded))
    return query.exists()


def _escaped_like(words: str) -> str:
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=WARSAW), datetime(year + 1, 1, 1, tzinfo=WARSAW)


def narrowed(query: sa.Select, organization_ids, filters: Filters) -> sa.Select:
    """`query` (of offers joined with their calls) narrowed to the person's organisations and the filters."""
    chosen = [filters.organization_id] if filters.organization_id else list(organization_ids)
    query = query.where(of_organizations(chosen))
    if filters.status in OWN_STATUSES:
        query = query.where(Offer.status == OfferStatus(filters.status), ~_award())
    elif filters.status:
        query = query.where(_award(filters.status == FUNDED))
    if filters.year:
        start, end = _year_bounds(filters.year)
        query = query.where(Call.submission_deadline >= start, Call.submission_deadline < end)
    if filters.q:
        pattern = _escaped_like(filters.q)
        query = query.where(sa.or_(Offer.title.ilike(pattern, escape="\\"), Call.title.ilike(pattern, escape="\\")))
    return query


def row_options() -> tuple:
    """What a row (here and on the desk) needs — the call's deadline and title (from the statement's own join
    with the calls), the organisation's name, the partners (who may act on the offer), the current version's
    control code and confirmation — and nothing else: the frozen documents, the attachments and the
    collections of other pages stay in the database (`raiseload` on the call: a row that starts reading them
    fails in the tests, not per row)."""
    return (
        contains_eager(Offer.call).raiseload("*"),
        lazyload(Offer.versions),
        lazyload(Offer.attachments),
        defer(Offer.content),
        defaultload(Offer.current_version).defer(OfferVersion.document),
        defaultload(Offer.organization).lazyload(Organization.memberships),
    )


def offers_page(organization_ids, filters: Filters) -> Page:
    """A page of the person's offers (`organization_ids`: the organisations whose membership counts): one
    statement for the rows, one for their partners and one for their versions' confirmations."""
    if not organization_ids:
        return Page([], None, filters.limit or 0)
    query = sa.select(Offer).join(Call, Call.id == Offer.call_id).options(*row_options())
    query = narrowed(query, organization_ids, filters)
    return keyset_page(
        db.session,
        query,
        ORDER,
        after=filters.after,
        limit=filters.limit,
        key=lambda offer: (offer.call.submission_deadline, offer.id),
    )


def counts_by_organization(organization_ids) -> dict[int, int]:
    """organisation id → its competition offers (as the representing one or a confirmed partner), in one
    statement for all of the person's organisations."""
    if not organization_ids:
        return {}
    ids = list(organization_ids)
    lead = sa.select(Offer.organization_id.label("organization_id"), Offer.id.label("offer_id")).where(
        Offer.call_id.is_not(None), Offer.organization_id.in_(ids)
    )
    partner = (
        sa.select(OfferPartner.organization_id, OfferPartner.offer_id)
        .join(Offer, Offer.id == OfferPartner.offer_id)
        .where(
            Offer.call_id.is_not(None),
            OfferPartner.organization_id.in_(ids),
            OfferPartner.status == PartnerStatus.confirmed,
        )
    )
    both = sa.union_all(lead, partner).subquery()
    rows = db.session.execute(
        sa.select(both.c.organization_id, sa.func.count(sa.distinct(both.c.offer_id))).group_by(both.c.organization_id)
    )
    return dict(rows.all())


def year_choices(organization_ids, *, now: datetime | None = None) -> list[int]:
    """The years of the person's offers' call deadlines (and the current one), newest first; one statement."""
    this_year = warsaw_date(now or now_utc()).year
    if not organization_ids:
        return [this_year]
    first, last = db.session.execute(
        sa.select(sa.func.min(Call.submission_deadline), sa.func.max(Call.submission_deadline))
        .select_from(Offer)
        .join(Call, Call.id == Offer.call_id)
        .where(of_organizations(list(organization_ids)))
    ).one()
    first_year = first.astimezone(WARSAW).year if first else this_year
    last_year = max(last.astimezone(WARSAW).year if last else this_year, this_year)
    return list(range(last_year, min(first_year, this_year) - 1, -1))
