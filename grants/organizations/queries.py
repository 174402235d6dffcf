"""Read-side helpers for organisation profiles (views and the API read through these).

Who may know an organisation exists: its members, and office staff of any office (the profile
is shared by every office the organisation applies to). Anyone else gets "not found", never
"forbidden": another organisation's data — even its existence under an id — stays unknown.
"""

from flask_babel import gettext as _

from grants.errors import NotFound
from grants.extensions import db
from grants.organizations.models import Invitation, Membership, Organization


def is_member(user, organization: Organization) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and organization.has_member(user)


def can_read(user, organization: Organization) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return organization.has_member(user) or user.is_officer


def get_organization_for(user, organization_id: int) -> Organization:
    organization = db.session.get(Organization, organization_id)
    if organization is None or not can_read(user, organization):
        raise NotFound(_("Nie ma takiej organizacji."))
    return organization


def organizations_of(user) -> list[Organization]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            db.select(Organization)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organization.name, Organization.id)
        )
    )


def membership_of(user, organization: Organization) -> Membership | None:
    return next((m for m in organization.memberships if m.user_id == getattr(user, "id", None)), None)


def members(organization: Organization) -> list[Membership]:
    """Members with their accounts, oldest first (the founder at the top)."""
    return sorted(organization.memberships, key=lambda m: (m.created_at, m.user_id))


def pending_invitations(organization: Organization) -> list[Invitation]:
    return list(
        db.session.scalars(
            db.select(Invitation)
            .where(
                Invitation.organization_id == organization.id,
                Invitation.accepted_at.is_(None),
                Invitation.declined_at.is_(None),
                Invitation.cancelled_at.is_(None),
            )
            .order_by(Invitation.created_at, Invitation.id)
        )
    )


def get_pending_invitation(organization: Organization, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != organization.id or not invitation.is_pending:
        raise NotFound(_("Nie ma takiego zaproszenia."))
    return invitation
