"""The only writers of organisation profiles, memberships and invitations.

Each takes the actor, checks that they may act on the organisation, changes rows and writes the
audit entry (before/after). Organisations belong to no office, so their entries carry none.
"""

from flask_babel import gettext as _

from grants.audit.log import diff, record
from grants.auth.models import User
from grants.auth.permissions import require_verified_email
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed
from grants.extensions import db
from grants.organizations import queries
from grants.organizations.invitations import issue_invitation
from grants.organizations.models import Invitation, Membership, Organization
from grants.organizations.schema import PROFILE_FIELDS, check_registry, parse_email, parse_organization_input

# ---------------------------------------------------------------- access


def require_member(actor, organization: Organization) -> None:
    """Only members change a profile. Office staff may read it, so for them the refusal is 403;
    for anyone else the organisation does not exist (404)."""
    if queries.is_member(actor, organization):
        return
    if queries.can_read(actor, organization):
        raise Forbidden(_("Dane organizacji zmieniają tylko jej członkowie."))
    raise NotFound(_("Nie ma takiej organizacji."))


def _require_account(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Zaloguj się, aby założyć profil organizacji."))
    require_verified_email(actor)


# ---------------------------------------------------------------- profile


def organization_snapshot(organization: Organization) -> dict:
    snapshot = {field: getattr(organization, field) for field in PROFILE_FIELDS}
    snapshot["representatives"] = [dict(person) for person in organization.representatives or []]
    return snapshot


def create_organization(*, actor, raw: dict) -> Organization:
    """A new profile; the person who creates it becomes its first member."""
    _require_account(actor)
    data, errors = parse_organization_input(raw, partial=False)
    check_registry(
        errors,
        krs=data.get("krs"),
        registry_name=data.get("registry_name"),
        registry_number=data.get("registry_number"),
    )
    errors.raise_if_any()
    organization = Organization(created_by_id=actor.id, **data)
    organization.memberships.append(Membership(user_id=actor.id))
    db.session.add(organization)
    db.session.flush()
    record(
        "organization.create",
        "organization",
        organization.id,
        actor=actor,
        summary=organization.name,
        after=organization_snapshot(organization),
    )
    return organization


def update_organization(*, actor, organization: Organization, raw: dict) -> Organization:
    require_member(actor, organization)
    data, errors = parse_organization_input(raw, partial=True)
    # The KRS-or-other-register rule is judged on the profile as it would be after the change.
    merged = {
        field: data[field] if field in data else getattr(organization, field)
        for field in ("krs", "registry_name", "registry_number")
    }
    if not errors:
        check_registry(errors, **merged)
    errors.raise_if_any()
    before = organization_snapshot(organization)
    for field, value in data.items():
        setattr(organization, field, value)
    db.session.flush()
    old, new = diff(before, organization_snapshot(organization))
    if new:  # saving an unchanged form is not a change worth an entry
        record(
            "organization.update",
            "organization",
            organization.id,
            actor=actor,
            summary=organization.name,
            before=old,
            after=new,
        )
    return organization


# ---------------------------------------------------------------- members and invitations


def invite_member(*, actor, organization: Organization, email) -> Invitation:
    """Invite a person by e-mail. Never a membership at once, whether or not the address has an account:
    the person accepts the mailed link (grants.organizations.invitations), so the answer is the same."""
    require_member(actor, organization)
    errors = FieldErrors()
    normalised = parse_email(errors, "email", email) if isinstance(email, str) and email.strip() else None
    if normalised is None and not errors:
        errors.add("email", _("Podaj adres e-mail osoby, którą chcesz dodać do organizacji."))
    errors.raise_if_any()
    if any(m.user.email == normalised for m in organization.memberships):
        raise ValidationFailed.one("email", _("Ta osoba już należy do organizacji."))
    return issue_invitation(actor=actor, organization=organization, email=normalised)


def cancel_invitation(*, actor, organization: Organization, invitation: Invitation) -> None:
    require_member(actor, organization)
    if invitation.organization_id != organization.id or not invitation.is_pending:
        raise NotFound(_("Nie ma takiego zaproszenia."))
    record(
        "organization.invitation_cancel",
        "organization",
        organization.id,
        actor=actor,
        summary=invitation.email,
        before={"email": invitation.email, "invitation_id": invitation.id},
    )
    # The row stays, so that its link says "withdrawn" instead of "unknown".
    invitation.cancelled_at = now_utc()
    db.session.flush()


def remove_member(*, actor, organization: Organization, user: User) -> None:
    """A member removes another member, or leaves; the last member cannot go (the profile would be
    orphaned)."""
    require_member(actor, organization)
    membership = queries.membership_of(user, organization)
    if membership is None:
        raise NotFound(_("Ta osoba nie należy do organizacji."))
    if len(organization.memberships) == 1:
        raise Conflict(
            _("Organizacja musi mieć co najmniej jednego członka. Najpierw dodaj inną osobę, potem możesz odejść."),
            code="last_member",
        )
    organization.memberships.remove(membership)
    db.session.flush()
    record(
        "organization.member_remove",
        "organization",
        organization.id,
        actor=actor,
        summary=user.email,
        before={"user_id": user.id, "email": user.email},
    )
