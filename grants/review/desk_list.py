"""The formal desk's list of a call's offers at scale: the whole call's formal counts in one statement, the rows
in keyset pages of 50 (a national call has hundreds of offers), narrowed by the formal outcome and by what the
office types (title or organisation words, a NIP, a control code — grants.offers.search, as on the call's
list of offers). A row is read from columns in one statement per page: no offer's frozen document is loaded."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import iso_warsaw
from grants.offers.models import IN_COMPETITION, Offer, OfferVersion
from grants.offers.search import search_offers
from grants.organizations.models import Organization
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.review.models import (
    FormalChecklistItem,
    FormalListPublication,
    FormalReview,
    FormalStatus,
    formal_state,
)

PAGE_SIZE = 50
ORDER = Order((Offer.id,))  # the order of arrival of the offers' first drafts, as on the call's list of offers
# The outcome filter's values: not yet checked, accepted, rejected, asked to complete (whatever came of it).
STATUSES = ("pending", "accepted", "rejected", "correction")


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    after: tuple | None = None
    limit: int | None = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    token: str = ""  # the page's `after` as it came, when it was a position of this list

    def query_args(self) -> dict:
        return {key: value for key, value in {"q": self.q, "status": self.status}.items() if value}

    def back_args(self) -> dict:
        """The filters and this page, for a formal check opened from it to come back to."""
        return {**self.query_args(), "after": self.token} if self.after is not None else self.query_args()

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.status)


def parse_filters(args, *, whole: bool = False) -> Filters:
    """The desk's filters as typed; a value the form does not offer is an error on its field (the list is then
    not narrowed by it), never a 500. `whole`: the whole list unless `limit` asks (the API)."""
    errors = FieldErrors()
    filters = Filters(q=" ".join((args.get("q") or "").split())[:100])
    status = (args.get("status") or "").strip()
    if status in STATUSES:
        filters.status = status
    elif status:
        errors.add("status", _("Wybierz wynik oceny formalnej z listy."))
    limit = None if whole else PAGE_SIZE
    filters.after, filters.limit = parse_page_args(args, ORDER, default_limit=limit, errors=errors)
    if filters.after is not None:
        filters.token = args.get("after").strip()
    filters.errors = dict(errors.fields)
    return filters


def back_args(args) -> dict:
    """The desk's filters and page a formal check was opened from (`Filters.back_args`), to go back to them
    after saving; only values the desk would take."""
    return parse_filters(args).back_args()


def _status_condition(status: str):
    if status == "pending":
        return sa.or_(FormalReview.id.is_(None), FormalReview.status == FormalStatus.pending)
    if status == "correction":
        return FormalReview.status == FormalStatus.correction_requested
    return FormalReview.status == FormalStatus(status)


def _in_competition(call_id: int, *columns, versions: bool = True) -> sa.Select:
    """The call's offers in the competition with their formal reviews (and current versions, for the search
    by control code). The reviews are narrowed to the call's too: PostgreSQL then reads the call's few hundred
    by their index instead of hashing every formal review of the installation."""
    query = sa.select(*columns).select_from(Offer)
    if versions:
        query = query.join(OfferVersion, OfferVersion.id == Offer.current_version_id)
    return query.outerjoin(
        FormalReview, sa.and_(FormalReview.offer_id == Offer.id, FormalReview.call_id == call_id)
    ).where(Offer.call_id == call_id, Offer.status.in_(IN_COMPETITION), Offer.current_version_id.is_not(None))


ROW = (
    Offer.id,
    Offer.title,
    Organization.name,
    OfferVersion.control_code,
    Offer.current_version_id,
    FormalReview.status,
    FormalReview.defects,
    FormalReview.reason,
    FormalReview.correction_deadline,
    FormalReview.reviewed_version_id,
)


def desk_page(call, filters: Filters, now) -> tuple[Page, list[dict]]:
    """One page of the call's offers in the competition with their formal outcome: (the page of rows, the
    rows to show), in one statement whatever the page."""
    query = _in_competition(call.id, *ROW).join(Organization, Organization.id == Offer.organization_id)
    if filters.q:
        query = search_offers(query, filters.q)
    if filters.status:
        query = query.where(_status_condition(filters.status))
    page = keyset_page(
        db.session, query, ORDER, after=filters.after, limit=filters.limit, rows=True, key=lambda row: (row[0],)
    )
    return page, [_row(row, now) for row in page.items]


def _row(row, now) -> dict:
    offer_id, title, organization, code, current_id, status, defects, reason, deadline, reviewed_id = row
    status = status or FormalStatus.pending
    return {
        "offer_id": offer_id,
        "organization": organization,
        "title": title,
        "control_code": code,
        "status": status.value,
        "state": formal_state(
            status, deadline, reviewed_version_id=reviewed_id, current_version_id=current_id, now=now
        ),
        "defects": list(defects or []),
        "reason": reason if status == FormalStatus.rejected else None,
        "correction_deadline": iso_warsaw(deadline),
    }


def _count(condition):
    return sa.func.count(sa.case((condition, 1)))


# How the whole call's formal check stands (not only the page's).
FIGURES = (
    sa.func.count(Offer.id),
    _count(FormalReview.status != FormalStatus.pending),
    _count(FormalReview.status == FormalStatus.accepted),
    _count(FormalReview.status == FormalStatus.rejected),
    _count(FormalReview.status == FormalStatus.correction_requested),
)


def _figures(submitted, checked, accepted, rejected, correction) -> dict:
    return {
        "submitted": submitted,
        "checked": checked,
        "pending": submitted - checked,
        "accepted": accepted,
        "rejected": rejected,
        "correction": correction,
    }


def _figures_of(call, *more):
    # a current version exists by its foreign key; joining the versions only cost time
    return _in_competition(call.id, *FIGURES, *more, versions=False)


def desk_figures(call) -> dict:
    """How the whole call's formal check stands (not only the page's): one aggregate statement."""
    return _figures(*db.session.execute(_figures_of(call)).one())


@dataclass(frozen=True)
class ListPublished:
    """The latest publication of the list of formal outcomes, as the desk names it."""

    version: int
    published_at: datetime


def desk_overview(call) -> tuple[dict, bool, bool, ListPublished | None]:
    """The desk's figures (`desk_figures`), whether the call has a checklist of its own, whether the formal
    check has begun (a formal review of the call exists: the checklist is then fixed) and the latest published
    list — one statement, where each was one."""

    def latest(column):
        return (
            sa.select(column)
            .where(FormalListPublication.call_id == call.id)
            .order_by(FormalListPublication.version.desc())
            .limit(1)
            .scalar_subquery()
        )

    *figures, own, started, version, published_at = db.session.execute(
        _figures_of(
            call,
            sa.exists().where(FormalChecklistItem.call_id == call.id),
            sa.exists().where(FormalReview.call_id == call.id),
            latest(FormalListPublication.version),
            latest(FormalListPublication.published_at),
        )
    ).one()
    published = ListPublished(version, published_at) if version is not None else None
    return _figures(*figures), own, started, published
