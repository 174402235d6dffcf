"""Read-side helpers for organisation profiles (views and the API read through these).

Who may know an organisation exists: its members, and office staff of any office (the profile
is shared by every office the organisation applies to). Anyone else gets "not found", never
"forbidden": another organisation's data — even its existence under an id — stays unknown.
"""

from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.errors import NotFound
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner
from grants.organizations.models import Invitation, Membership, Organization, ProfileStatus


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


def same_numbers(organization_id: int | None, nip: str | None, krs: str | None) -> Organization | None:
    """The earliest other profile that has this NIP or this KRS (refused copies aside)."""
    clauses = [column == value for column, value in ((Organization.nip, nip), (Organization.krs, krs)) if value]
    if not clauses:
        return None
    query = db.select(Organization).where(db.or_(*clauses), Organization.status != ProfileStatus.refused)
    if organization_id is not None:
        query = query.where(Organization.id != organization_id)
    return db.session.scalar(query.order_by(Organization.id).limit(1))


def awaiting_confirmation() -> list[Organization]:
    """Profiles waiting for an officer's word (any office's: profiles are shared), oldest first."""
    return list(
        db.session.scalars(
            db.select(Organization)
            .where(Organization.status == ProfileStatus.awaiting_confirmation)
            .order_by(Organization.created_at, Organization.id)
        )
    )


def get_plain(organization_id: int | None) -> Organization | None:
    return db.session.get(Organization, organization_id) if organization_id else None


def get_awaiting(organization_id: int) -> Organization:
    organization = db.session.get(Organization, organization_id)
    if organization is None or organization.status != ProfileStatus.awaiting_confirmation:
        raise NotFound(_("Ten profil nie czeka na potwierdzenie."))
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


class DeskOrganization(NamedTuple):
    """What the NGO's desk prints of one of the person's organisations (its card), with its number of members."""

    id: int
    name: str
    legal_form: object  # LegalForm
    krs: str | None
    registry_name: str | None
    registry_number: str | None
    city: str
    status: ProfileStatus
    review_note: str | None
    members: int


def desk_organizations(user_id: int) -> list[DeskOrganization]:
    """The person's organisations by name for the desk's cards, in one statement: the columns the cards print
    and the number of members (full profiles and their memberships were two statements and a profile's JSON)."""
    return [DeskOrganization(*row) for row in db.session.execute(_desk_query(), {"user_id": user_id})]


@cache
def _desk_query() -> sa.Select:
    """desk_organizations's statement, built once per process: the person is bound when it runs."""
    members = (
        sa.select(sa.func.count())
        .where(Membership.organization_id == Organization.id)
        .correlate(Organization)
        .scalar_subquery()
    )
    mine = sa.select(Membership.organization_id).where(Membership.user_id == sa.bindparam("user_id"))
    return (
        sa.select(
            Organization.id,
            Organization.name,
            Organization.legal_form,
            Organization.krs,
            Organization.registry_name,
            Organization.registry_number,
            Organization.city,
            Organization.status,
            Organization.review_note,
            members,
        )
        .where(Organization.id.in_(mine))
        .order_by(Organization.name, Organization.id)
    )


def membership_of(user, organization: Organization) -> Membership | None:
    return next((m for m in organization.memberships if m.user_id == getattr(user, "id", None)), None)


def members(organization: Organization) -> list[Membership]:
    """Members with their accounts, oldest first (the founder at the top)."""
    return sorted(organization.memberships, key=lambda m: (m.created_at, m.user_id))


def _unanswered() -> sa.ColumnElement:
    """An invitation not accepted, declined or cancelled (Invitation.is_pending, in SQL)."""
    return sa.and_(
        Invitation.accepted_at.is_(None), Invitation.declined_at.is_(None), Invitation.cancelled_at.is_(None)
    )


def pending_invitations(organization: Organization) -> list[Invitation]:
    return list(
        db.session.scalars(
            db.select(Invitation)
            .where(Invitation.organization_id == organization.id, _unanswered())
            .order_by(Invitation.created_at, Invitation.id)
        )
    )


def pending_invitations_of(organization_ids) -> dict[int, list[str]]:
    """The addresses invited to each of these organisations and not yet answered, oldest first, for the NGO's
    desk: one statement for all the person's organisations, and only the addresses (`pending_invitations`
    loads each invitation with its organisation and the person who invited, three statements an organisation)."""
    invited: dict[int, list[str]] = {organization_id: [] for organization_id in organization_ids}
    if invited:
        for organization_id, email in db.session.execute(_pending_query(), {"organization_ids": list(invited)}):
            invited[organization_id].append(email)
    return invited


@cache
def _pending_query() -> sa.Select:
    """pending_invitations_of's statement, built once per process: the organisations are bound when it runs."""
    return (
        sa.select(Invitation.organization_id, Invitation.email)
        .where(Invitation.organization_id.in_(sa.bindparam("organization_ids", expanding=True)), _unanswered())
        .order_by(Invitation.created_at, Invitation.id)
    )


def get_pending_invitation(organization: Organization, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != organization.id or not invitation.is_pending:
        raise NotFound(_("Nie ma takiego zaproszenia."))
    return invitation


# ---------------------------------------------------------------- the NGO's desk (issue 11)


def has_offers(organization_id: int) -> bool:
    """Whether the organisation has made any offer yet (a competition one or a small grant, as lead or partner)."""
    as_partner = db.select(OfferPartner.offer_id).where(OfferPartner.organization_id == organization_id)
    found = db.select(Offer.id).where(db.or_(Offer.organization_id == organization_id, Offer.id.in_(as_partner)))
    return db.session.scalar(found.limit(1)) is not None
