"""The office's list of a call's submitted offers at scale: the figures of the whole call in one statement, the
rows in keyset pages (a national call may have hundreds of offers, each frozen document tens of kilobytes),
and a search by the words of the title or the organisation, a NIP or a control code."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.db import among_ids
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
# its call, its versions and files) cost more than the rest of the page at 500 offers. The title and the
# offerors' names come from the frozen document (`frozen_names`).
ROW = (
    Offer.id,
    Offer.organization_id,
    OfferVersion.id.label("version_id"),
    OfferVersion.control_sum,
    OfferVersion.number,
    OfferVersion.submitted_at,
    OfferVersion.control_code,
    OfferVersion.requested_grant,
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
    names = frozen_names([(row.version_id, row.control_sum) for row in page.items])
    page.items = [list_item(row, *names[row.version_id, row.control_sum]) for row in page.items]
    return page


# The title and the offerors' names of the versions this process listed, by (version id, control sum). A
# version's document never changes once submitted and its control sum is the document's, so a kept answer is
# never stale — a restored database that gave an id another document gives it another sum. Reading the page's
# 50 documents (≈ 4 kB of JSON each, more with many cost lines) cost PostgreSQL their sending and the page
# their decoding, more than the rest of its SQL; picking the two fields in PostgreSQL cost it more still (a
# `json` column is parsed again by each operator). Bounded: a few calls' pages.
_FROZEN: OrderedDict = OrderedDict()
_FROZEN_LOCK = threading.Lock()
FROZEN_KEPT = 4000


def frozen_names(versions: list[tuple[int, str]]) -> dict[tuple[int, str], tuple[str, list[str]]]:
    """{(version id, control sum): (title, the offerors' names, the representing one first)} of `versions`,
    from the frozen documents; those not kept are read in one statement."""
    found = {}
    with _FROZEN_LOCK:
        for key in versions:
            if key in _FROZEN:
                _FROZEN.move_to_end(key)
                found[key] = _FROZEN[key]
    missing = {version_id for version_id, control_sum in versions if (version_id, control_sum) not in found}
    if missing:
        rows = db.session.execute(
            sa.select(OfferVersion.id, OfferVersion.control_sum, OfferVersion.document).where(
                among_ids(OfferVersion.id, missing, db.session.get_bind().dialect.name)
            )
        )
        read = {
            (version_id, control_sum): (
                document["content"]["title"],
                [organization["name"] for organization in document["organizations"]],
            )
            for version_id, control_sum, document in rows
        }
        found.update(read)
        with _FROZEN_LOCK:
            _FROZEN.update(read)
            while len(_FROZEN) > FROZEN_KEPT:
                _FROZEN.popitem(last=False)
    return found


def list_item(row, title: str, names: list[str]) -> dict:
    """A row of the list as the page prints it: the organisations and the title as the version froze them."""
    confirmation = None
    if row.channel is not None:
        confirmation = {"channel": row.channel.value, "received_at": iso_warsaw(row.received_at)}
    return {
        "id": row.id,
        "organization_id": row.organization_id,
        "organization": names[0],
        "partners": names[1:],
        "title": title,
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
