"""The only writers of organisation profiles, memberships and invitations.

Each takes the actor, checks that they may act on the organisation, changes rows and writes the
audit entry (before/after). Organisations belong to no office, so their entries carry none.
"""

from flask_babel import gettext as _

from grants.audit.log import diff, record
from grants.auth.models import User
from grants.auth.permissions import require_officer, require_verified_email
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed
from grants.extensions import db
from grants.organizations import queries
from grants.organizations.invitations import issue_invitation
from grants.organizations.models import Invitation, Membership, Organization, ProfileStatus
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
    _judge_numbers(actor, organization)
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
    if "nip" in new or "krs" in new:
        _judge_numbers(actor, organization)
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


# ---------------------------------------------------------------- a second profile with the same NIP or KRS


def _judge_numbers(actor, organization: Organization) -> None:
    """A profile (new, or edited into new numbers) whose NIP or KRS another profile has waits for an
    officer's confirmation; numbers no other profile has make it active again."""
    other = queries.same_numbers(organization.id, organization.nip, organization.krs)
    was = organization.status
    if other is not None:
        organization.status, organization.duplicate_of_id = ProfileStatus.awaiting_confirmation, other.id
        organization.reviewed_at = organization.reviewed_by_id = organization.review_note = None
    elif was != ProfileStatus.active:
        organization.status, organization.duplicate_of_id = ProfileStatus.active, None
    else:
        return
    db.session.flush()
    record(
        "organization.awaiting_confirmation" if other is not None else "organization.numbers_unique",
        "organization",
        organization.id,
        actor=actor,
        summary=organization.name,
        before={"status": was.value},
        after={
            "status": organization.status.value,
            "duplicate_of_id": organization.duplicate_of_id,
            "nip": organization.nip,
            "krs": organization.krs,
        },
    )


def _require_awaiting(organization: Organization) -> None:
    if organization.status != ProfileStatus.awaiting_confirmation:
        raise Conflict(_("Ten profil nie czeka na potwierdzenie."), code="not_awaiting_confirmation")


def confirm_profile(*, actor, organization: Organization, raw: dict | None = None) -> Organization:
    """An officer (of any office: profiles are shared) or the admin confirms a legitimate separate profile."""
    require_officer(actor)
    _require_awaiting(organization)
    note = _note(raw, required=False)
    return _decide(actor, organization, ProfileStatus.active, note, "organization.confirm")


def refuse_profile(*, actor, organization: Organization, raw: dict | None = None) -> Organization:
    """An officer refuses a copy of another profile; the reason is shown to its members."""
    require_officer(actor)
    _require_awaiting(organization)
    note = _note(raw, required=True)
    return _decide(actor, organization, ProfileStatus.refused, note, "organization.refuse")


def _note(raw, *, required: bool) -> str | None:
    value = raw.get("reason") if isinstance(raw, dict) else None
    if value is not None and not isinstance(value, str):
        raise ValidationFailed.one("reason", _("Podaj uzasadnienie jako tekst."))
    value = " ".join((value or "").split()) or None
    if required and value is None:
        raise ValidationFailed.one("reason", _("Podaj powód odmowy — zobaczą go członkowie organizacji."))
    if value is not None and len(value) > 2000:
        raise ValidationFailed.one("reason", _("Najwyżej %(n)d znaków.", n=2000))
    return value


def _decide(actor, organization: Organization, status: ProfileStatus, note, action: str) -> Organization:
    organization.status, organization.review_note = status, note
    organization.reviewed_at, organization.reviewed_by_id = now_utc(), actor.id
    db.session.flush()
    record(
        action,
        "organization",
        organization.id,
        actor=actor,
        summary=organization.name,
        before={"status": "awaiting_confirmation", "duplicate_of_id": organization.duplicate_of_id},
        after={"status": status.value, "reason": note},
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
