"""The office's list of a call's submitted offers at scale: the figures of the whole call in one statement, the
rows in keyset pages (a national call may have hundreds of offers, each frozen document tens of kilobytes),
and a search by the words of the title or the organisation, a NIP or a control code."""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import iso_warsaw, money_str
from grants.offers.models import IN_COMPETITION, Confirmation, Offer, OfferVersion
from grants.offers.queries import withdrawn_counted
from grants.offers.search import search_offers
from grants.paging import Order, Page, keyset_page, parse_page_args

PAGE_SIZE = 50
ORDER = Order((Offer.id,))  # the order of arrival of the offers' first drafts; stable across pages
CONFIRMED = ("yes", "no")


@dataclass
class Filters:
    q: str = ""
    confirmed: str = ""
    after: tuple | None = None
    limit: int = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        return {key: value for key, value in {"q": self.q, "confirmed": self.confirmed}.items() if value}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.confirmed)


def parse_filters(args) -> Filters:
    errors = FieldErrors()
    filters = Filters(q=" ".join((args.get("q") or "").split())[:100])
    confirmed = (args.get("confirmed") or "").strip()
    if confirmed in CONFIRMED:
        filters.confirmed = confirmed
    elif confirmed:
        errors.add("confirmed", _("Wybierz: z potwierdzeniem albo bez."))
    filters.after, filters.limit = parse_page_args(args, ORDER, default_limit=PAGE_SIZE, errors=errors)
    filters.errors = dict(errors.fields)
    return filters


# A row of the page: only what it prints, from the frozen version — loading the offers (each with its draft,
# its call, its versions and files) cost more than the rest of the page at 500 offers. The document is read
# whole: PostgreSQL would parse every one of the call's documents (type json) to pick fields before the sort.
ROW = (
    Offer.id,
    Offer.organization_id,
    OfferVersion.number,
    OfferVersion.submitted_at,
    OfferVersion.control_code,
    OfferVersion.requested_grant,
    OfferVersion.document,
    Confirmation.channel,
    Confirmation.received_at,
)


def _current_version(call_id: int):
    """The offer's current version, narrowed to the call's versions too: PostgreSQL then reads the call's few
    hundred by their index instead of hashing every version of the installation."""
    return sa.and_(OfferVersion.id == Offer.current_version_id, OfferVersion.call_id == call_id)


def offers_page(call, filters: Filters) -> Page:
    """A page of the call's submitted offers; its items are `list_item` dicts."""
    query = (
        sa.select(*ROW)
        .select_from(Offer)
        .join(OfferVersion, _current_version(call.id))
        .outerjoin(Confirmation, Confirmation.offer_version_id == OfferVersion.id)
        .where(Offer.call_id == call.id, Offer.status.in_(IN_COMPETITION))
    )
    if filters.q:
        query = search_offers(query, filters.q)
    if filters.confirmed:
        query = query.where(Confirmation.id.is_not(None) if filters.confirmed == "yes" else Confirmation.id.is_(None))
    page = keyset_page(db.session, query, ORDER, after=filters.after, limit=filters.limit, rows=True)
    page.items = [list_item(row) for row in page.items]
    return page


def list_item(row) -> dict:
    """A row of the list as the page prints it: the organisations and the title as the version froze them."""
    names = [organization["name"] for organization in row.document["organizations"]]
    confirmation = None
    if row.channel is not None:
        confirmation = {"channel": row.channel.value, "received_at": iso_warsaw(row.received_at)}
    return {
        "id": row.id,
        "organization_id": row.organization_id,
        "organization": names[0],
        "partners": names[1:],
        "title": row.document["content"]["title"],
        "version": row.number,
        "submitted_at": iso_warsaw(row.submitted_at),
        "control_code": row.control_code,
        "requested_grant": money_str(row.requested_grant),
        "confirmed": confirmation is not None,
        "confirmation": confirmation,
    }


def call_figures(call) -> dict:
    """The counts and the requested total of every submitted offer of the call (not only the page's), and how
    many were withdrawn: one statement."""
    submitted, requested, confirmed, withdrawn = db.session.execute(
        sa.select(
            sa.func.count(Offer.id),
            sa.func.coalesce(sa.func.sum(OfferVersion.requested_grant), 0),
            sa.func.count(Confirmation.id),
            withdrawn_counted(call).scalar_subquery(),
        )
        .select_from(Offer)
        .join(OfferVersion, _current_version(call.id))
        .outerjoin(Confirmation, Confirmation.offer_version_id == OfferVersion.id)
        .where(Offer.call_id == call.id, Offer.status.in_(IN_COMPETITION))
    ).one()
    requested = Decimal(requested or 0)  # SUM and COALESCE keep the column's type: złoty, not grosze
    return {
        "submitted": submitted,
        "withdrawn": withdrawn,
        "confirmed": confirmed,
        "unconfirmed": submitted - confirmed,
        "requested_total": requested,
        "budget_total": call.budget_total,
        "remaining": call.budget_total - requested,
        "over_budget": requested > call.budget_total,
    }
