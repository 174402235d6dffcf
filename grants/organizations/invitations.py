"""Invitations to an organisation: single-use, expiring links that the invited person accepts (issue 10).

Inviting never makes a membership by itself, whether or not the address has an account: it stores an
`Invitation` with the SHA-256 of a random token and an expiry, and mails the link. The person opens the
link, signs in (or registers and confirms the address) with the very address that was invited, and
accepts or declines; only then is there a membership. A link that was used, withdrawn, replaced by a
newer invitation or has expired is refused, each with its own code:

- 404 `invitation_not_found` — no invitation has this token (a forged, mistyped or replaced link);
- 409 `invitation_used` (accepted or declined), `invitation_cancelled`, `invitation_expired`;
- 403 `invitation_other_address` — signed in with another address than the one invited;
- 403 `email_unverified` — the right address, not yet confirmed (grants.auth.permissions).

These are the only writers of invitation rows apart from `operations.cancel_invitation`.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_verified_email
from grants.auth.signed_links import external_url
from grants.clock import now_utc
from grants.errors import Conflict, Forbidden, NotFound, Unauthorized
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.mail import queue_mail
from grants.organizations.models import Invitation, Membership, Organization

INVITATION_DAYS = 14


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_invitation(*, actor, organization: Organization, email: str, now: datetime | None = None) -> Invitation:
    """A new link for `email` (already checked by the caller, who is a member): the row of an earlier
    invitation to the same address is reused, and its old link stops working."""
    now = now or now_utc()
    raw = secrets.token_urlsafe(32)
    invitation = db.session.scalar(
        db.select(Invitation).where(Invitation.organization_id == organization.id, Invitation.email == email)
    )
    if invitation is None:
        invitation = Invitation(organization_id=organization.id, email=email)
        db.session.add(invitation)
    invitation.invited_by_id = actor.id
    invitation.created_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    invitation.token_hash = token_hash(raw)
    invitation.accepted_at = invitation.declined_at = invitation.cancelled_at = None
    db.session.flush()
    record(
        "organization.invite",
        "organization",
        organization.id,
        actor=actor,
        summary=email,
        after={"email": email, "invitation_id": invitation.id, "expires_at": invitation.expires_at},
    )
    _queue_invitation_mail(actor, organization, invitation, raw)
    return invitation


# ---------------------------------------------------------------- the link


def find_invitation(raw) -> Invitation:
    """The invitation behind a link, whatever its state (404 when no invitation has this token)."""
    invitation = None
    if isinstance(raw, str) and 16 <= len(raw) <= 128:
        invitation = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == token_hash(raw)))
    if invitation is None:
        raise NotFound(
            _("Ten link zaproszenia jest nieprawidłowy albo zastąpił go nowszy. Poproś o nowe zaproszenie."),
            code="invitation_not_found",
        )
    return invitation


def refusal(invitation: Invitation, now: datetime | None = None) -> Conflict | None:
    """Why this invitation can no longer be answered, or None while it waits for an answer."""
    now = now or now_utc()
    if invitation.cancelled_at is not None:
        return Conflict(_("To zaproszenie zostało wycofane przez organizację."), code="invitation_cancelled")
    if invitation.accepted_at is not None or invitation.declined_at is not None:
        return Conflict(_("To zaproszenie zostało już wykorzystane."), code="invitation_used")
    if invitation.is_expired(now):
        return Conflict(
            _("To zaproszenie wygasło. Poproś członka organizacji o wysłanie nowego."), code="invitation_expired"
        )
    return None


def check_answerable(invitation: Invitation, now: datetime | None = None) -> None:
    problem = refusal(invitation, now)
    if problem is not None:
        raise problem


def address_refusal(actor, invitation: Invitation) -> Forbidden | Unauthorized | None:
    """Only the invited address may accept: the signed-in account must have exactly that e-mail."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Unauthorized(
            _("Zaloguj się albo załóż konto z adresem %(email)s, aby przyjąć zaproszenie.", email=invitation.email)
        )
    if actor.email != invitation.email:
        return Forbidden(
            _(
                "To zaproszenie jest dla adresu %(invited)s, a jesteś zalogowany(-a) jako %(email)s. Wyloguj się "
                "i zaloguj kontem z adresem, na który przyszło zaproszenie.",
                invited=invitation.email,
                email=actor.email,
            ),
            code="invitation_other_address",
        )
    return None


def accept_invitation(*, actor, raw_token, now: datetime | None = None) -> Membership | None:
    """The invited person joins. Returns the new membership (None when they already were a member)."""
    now = now or now_utc()
    invitation = find_invitation(raw_token)
    check_answerable(invitation, now)
    problem = address_refusal(actor, invitation)
    if problem is not None:
        raise problem
    require_verified_email(actor)
    organization = db.session.get(Organization, invitation.organization_id)
    invitation.accepted_at = now
    membership = None
    if not organization.has_member(actor):
        membership = Membership(user_id=actor.id, invited_by_id=invitation.invited_by_id, created_at=now)
        organization.memberships.append(membership)
    db.session.flush()
    record(
        "organization.invitation_accept",
        "organization",
        organization.id,
        actor=actor,
        summary=actor.email,
        after={"user_id": actor.id, "email": actor.email, "invitation_id": invitation.id},
    )
    return membership


def decline_invitation(*, actor, raw_token, now: datetime | None = None) -> Invitation:
    """Whoever holds the link may turn it down, without an account: it came to the invited mailbox."""
    now = now or now_utc()
    invitation = find_invitation(raw_token)
    check_answerable(invitation, now)
    invitation.declined_at = now
    db.session.flush()
    record(
        "organization.invitation_decline",
        "organization",
        invitation.organization_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        summary=invitation.email,
        after={"email": invitation.email, "invitation_id": invitation.id},
    )
    return invitation


# ---------------------------------------------------------------- e-mail


def invitation_link(raw: str) -> str:
    return external_url("invitations.show", token=raw)


def _queue_invitation_mail(actor, organization: Organization, invitation: Invitation, raw: str) -> None:
    queue_mail(
        invitation.email,
        _("Zaproszenie do organizacji %(name)s w OKO", name=organization.name),
        _(
            "%(who)s zaprasza Cię do organizacji „%(name)s” w systemie OKO (otwarte konkursy ofert).\n\n"
            "Aby dołączyć, otwórz link, zaloguj się (albo załóż konto) z tym adresem e-mail (%(email)s) "
            "i przyjmij zaproszenie. Link działa jeden raz, do %(until)s:\n%(link)s\n\n"
            "Jeśli nie znasz tej organizacji, zignoruj tę wiadomość albo odrzuć zaproszenie pod tym samym "
            "linkiem.",
            who=actor.full_name,
            name=organization.name,
            email=invitation.email,
            until=datetime_pl(invitation.expires_at),
            link=invitation_link(raw),
        ),
    )
