"""Reads of the office's and the public side of small grants (art. 19a): the loaders that answer "not found"
to whoever may not know a small grant, the desk's list, the public list, the comments, and the yearly sums of
ust. 6–7. Read-only; the writers are `grants.smallgrants.operations`."""

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import orm

from grants.auth.permissions import in_own_office, require_officer
from grants.calls.models import Programme, ProgrammePriority
from grants.errors import NotFound
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.offices.models import Office
from grants.organizations.models import Organization
from grants.smallgrants.models import SmallGrant, SmallGrantComment, SmallGrantStatus

# What the office sees: everything the organisation has handed in (a draft is the NGO's own).
OFFICE_STATUSES = tuple(s for s in SmallGrantStatus if s != SmallGrantStatus.draft)
# What counts against the office's 20 % of the year (ust. 7): the offers it has made public and kept.
COUNTED_FOR_OFFICE = (SmallGrantStatus.published, SmallGrantStatus.accepted)
ZERO = Decimal("0.00")


def reading_options() -> tuple:
    """What the lists and the public page read of a small grant: its row, its office and its organisation's
    name — not the offer machinery behind it (partners, every version's document, attachments, members), which
    the default eager loads would bring along; the frozen document comes alone (`frozen_document`)."""
    return (
        orm.lazyload(SmallGrant.offer),
        orm.joinedload(SmallGrant.organization).load_only(Organization.id, Organization.name),
        orm.lazyload(SmallGrant.organization, Organization.memberships),
        orm.joinedload(SmallGrant.office).load_only(Office.id, Office.name),
    )


def frozen_document(small_grant: SmallGrant) -> dict:
    """The document of the version the office received (content, figures, the organisation as it stood)."""
    document = db.session.scalar(
        db.select(OfferVersion.document)
        .join(Offer, Offer.current_version_id == OfferVersion.id)
        .where(Offer.id == small_grant.id)
    )
    return document or {}


def _missing():
    return NotFound(_("Nie ma takiej oferty w trybie pozakonkursowym."))


def get_small_grant_for_officer(small_grant_id: int, user) -> SmallGrant:
    """The officer's own office's small grant once handed in; another office's, or a draft, is 'not found'."""
    require_officer(user)
    small_grant = db.session.get(SmallGrant, small_grant_id)
    if small_grant is None or small_grant.status == SmallGrantStatus.draft:
        raise _missing()
    if not in_own_office(user, small_grant.office_id):
        raise _missing()
    return small_grant


def get_public_small_grant(small_grant_id: int) -> SmallGrant:
    """A small grant anyone may read: one the office has published (whatever it decided afterwards)."""
    small_grant = db.session.get(SmallGrant, small_grant_id, options=reading_options())
    if small_grant is None or small_grant.published_at is None:
        raise _missing()
    return small_grant


def get_public_small_grant_with_document(small_grant_id: int) -> tuple[SmallGrant, dict]:
    """The public page's one read of the offer: the small grant (as `get_public_small_grant`) and the document of
    its frozen version, in one statement."""
    row = db.session.execute(
        db.select(SmallGrant, OfferVersion.document)
        .options(*reading_options())
        .outerjoin(Offer, Offer.id == SmallGrant.id)
        .outerjoin(OfferVersion, OfferVersion.id == Offer.current_version_id)
        .where(SmallGrant.id == small_grant_id)
    ).first()
    if row is None or row[0].published_at is None:
        raise _missing()
    return row[0], row[1] or {}


def get_comment(small_grant: SmallGrant, comment_id: int) -> SmallGrantComment:
    comment = db.session.get(SmallGrantComment, comment_id)
    if comment is None or comment.small_grant_id != small_grant.id:
        raise NotFound(_("Nie ma takiego komentarza."))
    return comment


def comments_of(small_grant: SmallGrant) -> list[SmallGrantComment]:
    """Every comment in the order it came, hidden ones included (the page says they were hidden and why)."""
    return list(
        db.session.scalars(
            db.select(SmallGrantComment)
            .options(orm.joinedload(SmallGrantComment.answers))  # with the comments: one statement
            .where(SmallGrantComment.small_grant_id == small_grant.id)
            .order_by(SmallGrantComment.created_at, SmallGrantComment.id)
        ).unique()
    )


def comment_counts(small_grant_ids: list[int]) -> dict[int, int]:
    if not small_grant_ids:
        return {}
    rows = db.session.execute(
        db.select(SmallGrantComment.small_grant_id, sa.func.count(SmallGrantComment.id))
        .where(SmallGrantComment.small_grant_id.in_(small_grant_ids))
        .group_by(SmallGrantComment.small_grant_id)
    )
    return dict(rows.all())


# How many of the earlier published small grants the public list shows on a page.
PUBLIC_PAGE_SIZE = 30


def public_open_small_grants(now) -> list[SmallGrant]:
    """The published small grants open for comments now, the soonest to close first."""
    return list(
        db.session.scalars(
            db.select(SmallGrant)
            .options(*reading_options())
            .where(
                SmallGrant.status == SmallGrantStatus.published,
                SmallGrant.published_at <= now,
                SmallGrant.comments_until > now,
            )
            .order_by(SmallGrant.comments_until, SmallGrant.id)
        )
    )


def public_earlier_small_grants(now, page: int) -> tuple[list[SmallGrant], bool]:
    """One page of the published small grants no longer open for comments, the newest publication first, and
    whether another page follows."""
    rows = list(
        db.session.scalars(
            db.select(SmallGrant)
            .options(*reading_options())
            .where(
                SmallGrant.published_at.is_not(None),
                sa.or_(SmallGrant.status != SmallGrantStatus.published, SmallGrant.comments_until <= now),
            )
            .order_by(SmallGrant.published_at.desc(), SmallGrant.id.desc())
            .offset(page * PUBLIC_PAGE_SIZE)
            .limit(PUBLIC_PAGE_SIZE + 1)
        )
    )
    return rows[:PUBLIC_PAGE_SIZE], len(rows) > PUBLIC_PAGE_SIZE


# ---------------------------------------------------------------- the yearly sums (art. 19a ust. 6–7)


def planned_grants(office_id: int, year: int) -> Decimal | None:
    """The grants the office planned for NGOs' tasks in `year`: the budgets of its programmes of that year
    (their priorities). None when the office has no programme for the year at all."""
    programmes = db.session.scalar(
        db.select(sa.func.count(Programme.id)).where(Programme.office_id == office_id, Programme.year == year)
    )
    if not programmes:
        return None
    total = db.session.scalar(
        db.select(sa.func.coalesce(sa.func.sum(ProgrammePriority.budget), 0))
        .join(Programme, ProgrammePriority.programme_id == Programme.id)
        .where(Programme.office_id == office_id, Programme.year == year)
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def _sum_grants(*conditions) -> Decimal:
    total = db.session.scalar(
        db.select(sa.func.coalesce(sa.func.sum(SmallGrant.requested_grant), 0)).where(*conditions)
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def office_year_total(office_id: int, year: int, *, excluding: int | None = None) -> Decimal:
    """The office's published and accepted small grants of the budget year (ust. 7), without `excluding`."""
    conditions = [
        SmallGrant.office_id == office_id,
        SmallGrant.budget_year == year,
        SmallGrant.status.in_(COUNTED_FOR_OFFICE),
    ]
    if excluding is not None:
        conditions.append(SmallGrant.id != excluding)
    return _sum_grants(*conditions)


def organization_year_total(organization_id: int, office_id: int, year: int, *, excluding: int | None = None):
    """The grants this office has accepted for the organisation in this mode in the budget year (ust. 6)."""
    conditions = [
        SmallGrant.organization_id == organization_id,
        SmallGrant.office_id == office_id,
        SmallGrant.budget_year == year,
        SmallGrant.status == SmallGrantStatus.accepted,
    ]
    if excluding is not None:
        conditions.append(SmallGrant.id != excluding)
    return _sum_grants(*conditions)
