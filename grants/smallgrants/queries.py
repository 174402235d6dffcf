"""Read-side of small grants: who may see which one, the lists, the organisation's year.

The organisation's members see their small grant always (the draft too); the office's officers (and the
admin) once it has been submitted, and only its frozen version; anyone once it has been published (art. 19a
ust. 3). Anyone else gets "not found", never "forbidden", so another organisation's drafts stay unknown.
"""

from decimal import Decimal

from flask_babel import gettext as _

from grants.errors import NotFound
from grants.extensions import db
from grants.offers.queries import member_organization_ids
from grants.offices.models import Office
from grants.smallgrants.models import SmallGrant, SmallGrantComment, SmallGrantStatus

# The small grants that count towards the organisation's 20 000 zł from one office in a year (art. 19a ust. 6):
# those on their way (submitted, published) and those accepted. Refused and withdrawn ones do not.
COUNTED_IN_YEAR = (SmallGrantStatus.submitted, SmallGrantStatus.published, SmallGrantStatus.accepted)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def not_found() -> NotFound:
    return NotFound(_("Nie ma takiego małego grantu."))


def get_office(office_id: int) -> Office:
    office = db.session.get(Office, office_id)
    if office is None:
        raise NotFound(_("Nie ma takiego urzędu."))
    return office


def offices() -> list[Office]:
    return list(db.session.scalars(db.select(Office).order_by(Office.name)))


def is_member(user, small_grant: SmallGrant) -> bool:
    return small_grant.organization_id in member_organization_ids(user)


def is_office_reader(user, small_grant: SmallGrant) -> bool:
    """An officer of the small grant's office (or the admin), once it has been submitted."""
    if not _authenticated(user) or not user.is_officer or small_grant.status == SmallGrantStatus.draft:
        return False
    return user.is_admin or user.office_id == small_grant.office_id


def is_public(small_grant: SmallGrant) -> bool:
    """Published in the three places at some point (it stays on record after the decision)."""
    return small_grant.published_at is not None


def get_small_grant_for(user, small_grant_id: int) -> SmallGrant:
    small_grant = db.session.get(SmallGrant, small_grant_id)
    if small_grant is None:
        raise not_found()
    if is_public(small_grant) or is_member(user, small_grant) or is_office_reader(user, small_grant):
        return small_grant
    raise not_found()


def get_small_grant_for_member(user, small_grant_id: int) -> SmallGrant:
    small_grant = db.session.get(SmallGrant, small_grant_id)
    if small_grant is None or not is_member(user, small_grant):
        raise not_found()
    return small_grant


def small_grants_for(user, organization_id: int | None = None) -> list[SmallGrant]:
    """The NGO member's organisations' small grants (drafts too); an officer's office's submitted ones (the
    admin's: every office's). `organization_id` narrows the list (another organisation's: nothing for an NGO)."""
    if not _authenticated(user):
        return []
    query = db.select(SmallGrant)
    if user.is_officer:
        query = query.where(SmallGrant.status != SmallGrantStatus.draft)
        if not user.is_admin:
            query = query.where(SmallGrant.office_id == user.office_id)
    else:
        org_ids = member_organization_ids(user)
        if not org_ids:
            return []
        query = query.where(SmallGrant.organization_id.in_(org_ids))
    if organization_id is not None:
        query = query.where(SmallGrant.organization_id == organization_id)
    return list(db.session.scalars(query.order_by(SmallGrant.id.desc())))


def organization_year_total(small_grant: SmallGrant) -> Decimal:
    """What the organisation's OTHER small grants from the same office in the same budget year add up to
    (those of COUNTED_IN_YEAR)."""
    total = db.session.scalar(
        db.select(db.func.coalesce(db.func.sum(SmallGrant.requested_grant), 0)).where(
            SmallGrant.organization_id == small_grant.organization_id,
            SmallGrant.office_id == small_grant.office_id,
            SmallGrant.budget_year == small_grant.budget_year,
            SmallGrant.status.in_(COUNTED_IN_YEAR),
            SmallGrant.id != small_grant.id,
        )
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def visible_comments(small_grant: SmallGrant) -> list[SmallGrantComment]:
    """The comments anyone sees: not hidden by the office, oldest first."""
    return list(
        db.session.scalars(
            db.select(SmallGrantComment)
            .where(SmallGrantComment.small_grant_id == small_grant.id, SmallGrantComment.hidden_at.is_(None))
            .order_by(SmallGrantComment.id)
        )
    )
