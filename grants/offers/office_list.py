"""The office's list of a call's submitted offers at scale: the figures of the whole call in one statement, the
rows in keyset pages (a national call may have hundreds of offers, each frozen document tens of kilobytes),
and a search by the words of the title or the organisation, a NIP or a control code."""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.extensions import db
from grants.offers.models import IN_COMPETITION, Confirmation, Offer, OfferVersion
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


def _submitted(call_id: int) -> sa.Select:
    return (
        sa.select(Offer)
        .join(OfferVersion, OfferVersion.id == Offer.current_version_id)
        .where(Offer.call_id == call_id, Offer.status.in_(IN_COMPETITION))
    )


def offers_page(call, filters: Filters) -> Page:
    query = _submitted(call.id)
    if filters.q:
        query = search_offers(query, filters.q)
    if filters.confirmed:
        confirmed = sa.exists().where(Confirmation.offer_version_id == OfferVersion.id)
        query = query.where(confirmed if filters.confirmed == "yes" else ~confirmed)
    return keyset_page(db.session, query, ORDER, after=filters.after, limit=filters.limit)


def call_figures(call, withdrawn: int) -> dict:
    """The counts and the requested total of every submitted offer of the call (not only the page's)."""
    submitted, requested, confirmed = db.session.execute(
        sa.select(
            sa.func.count(Offer.id),
            sa.func.coalesce(sa.func.sum(OfferVersion.requested_grant), 0),
            sa.func.count(Confirmation.id),
        )
        .select_from(Offer)
        .join(OfferVersion, OfferVersion.id == Offer.current_version_id)
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
