"""The NGO's offers at scale (/ngo/offers/, GET /api/v1/offers for a member): an organisation active for years
has hundreds of offers across many calls, and a person may belong to several organisations. The list is read
in keyset pages — the nearest deadline's call on top, as on the desk — narrowed by organisation (one of the
person's), status, the year of the call's deadline and the words of the offer's or the call's title; each
page costs the same statements whatever the number of offers, and the versions' frozen documents, the
attachments and the calls' own collections are never loaded for it."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache, lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.calls.models import Call, CallStatus
from grants.clock import WARSAW, now_utc, warsaw_date
from grants.contracts.models import Contract, ContractStatus
from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import money_str
from grants.offers.models import Confirmation, Offer, OfferPartner, OfferStatus, OfferVersion, PartnerStatus
from grants.organizations.models import Membership, Organization
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer
from grants.review.models import Award, FormalReview, ResultsPublication

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


@cache
def _lead():
    """The offers as the representing organisation's, aliased once per process: a new alias builds a proxy
    of every column of the table when its first column is read (≈ 0.5 ms of each page that asks)."""
    return sa.orm.aliased(Offer)


def of_organizations(organization_ids) -> sa.ColumnElement:
    """The competition offers of these organisations, as the representing one or a partner that confirmed
    (small grants, `call_id` NULL, have their own list). The two ways are a UNION of two index lookups: an
    OR of them would make PostgreSQL read every offer of the installation to find a person's few hundred."""
    return _of_organizations(tuple(sorted(organization_ids)))


@lru_cache(maxsize=1024)
def _of_organizations(organization_ids: tuple[int, ...]) -> sa.ColumnElement:
    """The condition for one set of organisations, built once per process: building it (the union, its two
    IN lists) cost ≈ 0.3 ms of every page, and a person's next pages ask for the same organisations. An
    expression is immutable; each statement that takes it compiles from the process's statement cache."""
    lead = _lead()
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


@dataclass(frozen=True, slots=True)
class CallRow:
    """What a row shows of the offer's call, and whether it takes offers (the model's own rule)."""

    id: int
    title: str
    status: CallStatus
    submission_deadline: datetime

    deadline_passed = Call.deadline_passed
    is_open = Call.is_open


@dataclass(frozen=True, slots=True)
class NameRow:
    name: str


@dataclass(frozen=True, slots=True)
class VersionRow:
    control_code: str
    confirmation: int | None  # the signed confirmation's id, None until the office has it


@dataclass(frozen=True, slots=True)
class ContractRow:
    """What the next step (its number, its page) and the contract's dues (contracts.deadlines: a report's,
    a return's — by its id, status and task end) read of the offer's contract."""

    id: int
    status: ContractStatus
    number: str
    task_end: date


@dataclass(frozen=True, slots=True)
class OfferRow:
    """An offer of the list as its columns: what the row and grants.organizations.desk.next_step read of an
    Offer, by the same names, with the formal check's status (None until the office has looked at it) and its
    line in its call's published results (art. 15 ust. 2h: funded and the amount, or not — the decision's own
    lines, which stay as issued; None until the results are published) and its contract not dropped before
    signing (None until the office draws one up)."""

    id: int
    title: str
    status: Enum
    organization_id: int
    call_id: int
    correction_deadline: datetime | None
    call: CallRow
    organization: NameRow
    current_version: VersionRow | None
    formal: Enum | None
    outcome: dict | None
    contract: ContractRow | None = None

    correction_open = Offer.correction_open


def _published(column) -> sa.ScalarSelect:
    """A column of the offer's line in its call's published results (a call's results are published once,
    one decision, where the offer has at most one line). A subquery of the row, not a join: two more joined
    tables took the statement over PostgreSQL's join_collapse_limit (8), and its plan read every offer."""
    return (
        sa.select(column)
        .join(ResultsPublication, ResultsPublication.decision_id == Award.decision_id)
        .where(ResultsPublication.call_id == Offer.call_id, Award.offer_id == Offer.id)
        .scalar_subquery()
    )


def _contract(column) -> sa.ScalarSelect:
    """A column of the offer's contract not dropped before signing (the newest, should there be two): a
    subquery of the row like the published results, where a statement of its own cost ≈ 0.5 ms a page."""
    return (
        sa.select(column)
        .where(Contract.offer_id == Offer.id, Contract.status != ContractStatus.cancelled)
        .order_by(Contract.id.desc())
        .limit(1)
        .scalar_subquery()
    )


PAGE_COLUMNS = (
    Offer.id,
    Offer.title,
    Offer.status,
    Offer.organization_id,
    Offer.call_id,
    Offer.correction_deadline,
    Call.title.label("call_title"),
    Call.status.label("call_status"),
    Call.submission_deadline,
    Organization.name.label("organization_name"),
    OfferVersion.control_code,
    Confirmation.id.label("confirmation_id"),
    FormalReview.status.label("formal"),
    _published(Award.funded).label("funded"),
    _published(Award.amount).label("award_amount"),
    _contract(Contract.id).label("contract_id"),
    _contract(Contract.status).label("contract_status"),
    _contract(Contract.number).label("contract_number"),
    _contract(Contract.task_end).label("contract_task_end"),
)


def _offer_row(row) -> OfferRow:
    version = VersionRow(row.control_code, row.confirmation_id) if row.control_code is not None else None
    return OfferRow(
        id=row.id,
        title=row.title,
        status=row.status,
        organization_id=row.organization_id,
        call_id=row.call_id,
        correction_deadline=row.correction_deadline,
        call=CallRow(row.call_id, row.call_title, row.call_status, row.submission_deadline),
        organization=NameRow(row.organization_name),
        current_version=version,
        formal=row.formal,
        outcome=None
        if row.funded is None
        else {"offer_id": row.id, "funded": row.funded, "amount": money_str(row.award_amount)},
        contract=None
        if row.contract_id is None
        else ContractRow(row.contract_id, row.contract_status, row.contract_number, row.contract_task_end),
    )


@cache
def _rows_query() -> sa.Select:
    """The offers as OfferRow's columns: each with its call, its organisation's name, the current version's
    control code and confirmation, the formal check's status — every join one row to one. The frozen
    documents, the attachments, the partners and the calls' own collections stay in the database. Built
    once per process (≈ 0.13 ms): a statement is immutable, each page adds its conditions to a copy."""
    return (
        sa.select(*PAGE_COLUMNS)
        .join(Call, Call.id == Offer.call_id)
        .join(Organization, Organization.id == Offer.organization_id)
        .outerjoin(OfferVersion, OfferVersion.id == Offer.current_version_id)
        .outerjoin(Confirmation, Confirmation.offer_version_id == OfferVersion.id)
        .outerjoin(FormalReview, FormalReview.offer_id == Offer.id)
    )


def desk_rows(organization_ids) -> list[OfferRow]:
    """Every competition offer of these organisations (as the representing one or a confirmed partner) for the
    NGO's desk, nearest deadline first, in one statement (small grants have their own list). The caller passes
    the organisations of a person whose membership counts (a verified address)."""
    if not organization_ids:
        return []
    query = _rows_query().where(of_organizations(list(organization_ids)))
    return [_offer_row(row) for row in db.session.execute(query.order_by(Call.submission_deadline.desc(), Offer.id))]


def partnering(organization_ids) -> set[int]:
    """Which of these organisations are a confirmed partner of some competition offer, in one statement."""
    if not organization_ids:
        return set()
    query = (
        sa.select(OfferPartner.organization_id)
        .join(Offer, Offer.id == OfferPartner.offer_id)
        .where(
            Offer.call_id.is_not(None),
            OfferPartner.organization_id.in_(list(organization_ids)),
            OfferPartner.status == PartnerStatus.confirmed,
        )
        .distinct()
    )
    return set(db.session.scalars(query))


def offers_page(organization_ids, filters: Filters) -> Page:
    """A page of the person's offers (`organization_ids`: the organisations whose membership counts) as
    OfferRows, in one statement."""
    if not organization_ids:
        return Page([], None, filters.limit or 0)
    query = narrowed(_rows_query(), organization_ids, filters)
    page = keyset_page(
        db.session,
        query,
        ORDER,
        after=filters.after,
        limit=filters.limit,
        rows=True,
        key=lambda row: (row.submission_deadline, row.id),
    )
    page.items = [_offer_row(row) for row in page.items]
    return page


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    """One of the person's organisations as the list shows it: its competition offers (as the representing
    one or a confirmed partner), their first and last call deadlines, and whether a joint offer waits for its
    consent (art. 14 ust. 2)."""

    id: int
    name: str
    offers: int
    first_deadline: datetime | None
    last_deadline: datetime | None
    asked: bool


def organization_rows(user_id: int) -> list[OrganizationRow]:
    """The person's organisations by name with their offers' numbers and deadlines and the joint offers
    waiting for them, in one statement: the names, the numbers and the consents were three statements, and
    the page asks for the waiting offers themselves only when one of them is asked."""
    return [
        OrganizationRow(row.id, row.name, row.offers or 0, row.first_deadline, row.last_deadline, bool(row.asked))
        for row in db.session.execute(_organizations_query(), {"user_id": user_id})
    ]


@cache
def _organizations_query() -> sa.Select:
    """organization_rows's statement, built once per process for any person (≈ 0.3 ms a page): `user_id` is
    bound when it runs."""
    mine = sa.select(Membership.organization_id).where(Membership.user_id == sa.bindparam("user_id"))
    lead = (
        sa.select(Offer.organization_id.label("organization_id"), Offer.id.label("offer_id"), Call.submission_deadline)
        .join(Call, Call.id == Offer.call_id)
        .where(Offer.organization_id.in_(mine))
    )
    partner = (
        sa.select(OfferPartner.organization_id, OfferPartner.offer_id, Call.submission_deadline)
        .join(Offer, Offer.id == OfferPartner.offer_id)
        .join(Call, Call.id == Offer.call_id)
        .where(OfferPartner.organization_id.in_(mine), OfferPartner.status == PartnerStatus.confirmed)
    )
    both = sa.union_all(lead, partner).subquery()
    offers = (
        sa.select(
            both.c.organization_id,
            sa.func.count(sa.distinct(both.c.offer_id)).label("offers"),
            sa.func.min(both.c.submission_deadline).label("first_deadline"),
            sa.func.max(both.c.submission_deadline).label("last_deadline"),
        )
        .group_by(both.c.organization_id)
        .subquery()
    )
    asked = (
        sa.select(OfferPartner.id)
        .where(OfferPartner.organization_id == Organization.id, OfferPartner.status == PartnerStatus.pending)
        .exists()
    )
    return (
        sa.select(
            Organization.id,
            Organization.name,
            offers.c.offers,
            offers.c.first_deadline,
            offers.c.last_deadline,
            asked.label("asked"),
        )
        .join(Membership, Membership.organization_id == Organization.id)
        .outerjoin(offers, offers.c.organization_id == Organization.id)
        .where(Membership.user_id == sa.bindparam("user_id"))
        .order_by(Organization.name, Organization.id)
    )


def deadline_years(organizations: list[OrganizationRow], *, now: datetime | None = None) -> list[int]:
    """The years of the organisations' offers' call deadlines (and the current one), newest first — the
    year filter's choices."""
    this_year = warsaw_date(now or now_utc()).year
    first = min((o.first_deadline for o in organizations if o.first_deadline), default=None)
    last = max((o.last_deadline for o in organizations if o.last_deadline), default=None)
    first_year = first.astimezone(WARSAW).year if first else this_year
    last_year = max(last.astimezone(WARSAW).year if last else this_year, this_year)
    return list(range(last_year, min(first_year, this_year) - 1, -1))


@dataclass(frozen=True, slots=True)
class CallTitle:
    title: str


@dataclass(frozen=True, slots=True)
class ConsentOffer:
    title: str
    call: CallTitle
    organization: NameRow


@dataclass(frozen=True, slots=True)
class ConsentRow:
    """A joint offer waiting for the consent of one of the person's organisations, as the list shows it: by
    the names the template reads of an OfferPartner (its offer's title, call and lead, the partner's name)."""

    offer_id: int
    organization_id: int
    offer: ConsentOffer
    organization: NameRow


def waiting_consents(organization_ids) -> list[ConsentRow]:
    """The joint offers that wait for the consent of these organisations, oldest request first, in one
    statement of columns: as OfferPartners each was its offer with everything an Offer loads eagerly (its
    version's frozen document, its attachments), its call and its lead — nine statements for one request."""
    if not organization_ids:
        return []
    return [
        ConsentRow(
            row.offer_id,
            row.organization_id,
            ConsentOffer(row.title, CallTitle(row.call_title), NameRow(row.lead_name)),
            NameRow(row.partner_name),
        )
        for row in db.session.execute(_waiting_query(), {"organization_ids": list(organization_ids)})
    ]


@cache
def _waiting_query() -> sa.Select:
    """waiting_consents's statement, built once per process (its two aliases of the organisations cost ≈ 1 ms
    to build): the organisations are bound when it runs."""
    lead, partner = sa.orm.aliased(Organization), sa.orm.aliased(Organization)
    return (
        sa.select(
            OfferPartner.offer_id,
            OfferPartner.organization_id,
            Offer.title,
            Call.title.label("call_title"),
            lead.name.label("lead_name"),
            partner.name.label("partner_name"),
        )
        .join(Offer, Offer.id == OfferPartner.offer_id)
        .join(Call, Call.id == Offer.call_id)
        .join(lead, lead.id == Offer.organization_id)
        .join(partner, partner.id == OfferPartner.organization_id)
        .where(
            OfferPartner.organization_id.in_(sa.bindparam("organization_ids", expanding=True)),
            OfferPartner.status == PartnerStatus.pending,
        )
        .order_by(OfferPartner.requested_at, OfferPartner.id)
    )
