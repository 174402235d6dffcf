"""E-mail verification (issue 10): an account acts for an organisation only once its owner has followed
the link mailed to its address.

Registration (page and API) mails a signed link (grants.auth.signed_links, valid 3 days); following it
sets `users.email_verified_at`. Until then the person may sign in, sees what to do, and may ask for the
link again; the membership lookups refuse them (grants.auth.permissions.require_verified_email). Staff
accounts are verified when they are created: the officer, the admin or the shell vouches for them.
"""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth import signed_links, throttle
from grants.auth.models import User
from grants.clock import now_utc
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.mail import queue_mail

# The session key of where to go once the address is confirmed (an invitation that waited for it).
AFTER_VERIFY = "oko.after_verify"


def verification_link(user: User) -> str:
    token = signed_links.sign(signed_links.VERIFY_EMAIL, {"u": user.id, "e": user.email})
    return signed_links.external_url("account.verify_email", token=token)


def send_verification_mail(user: User, now: datetime | None = None) -> None:
    now = now or now_utc()
    until = now + signed_links.MAX_AGE[signed_links.VERIFY_EMAIL]
    queue_mail(
        user.email,
        _("Potwierdź adres e-mail w OKO"),
        _(
            "Dzień dobry,\n\nktoś (zapewne Ty) założył konto w systemie OKO (otwarte konkursy ofert) z tym "
            "adresem e-mail. Aby je potwierdzić, otwórz link (ważny do %(until)s):\n%(link)s\n\n"
            "Dopóki adres nie jest potwierdzony, konto nie może działać w imieniu żadnej organizacji.\n\n"
            "Jeśli to nie Ty zakładałeś(-aś) konto, zignoruj tę wiadomość.",
            until=datetime_pl(until),
            link=verification_link(user),
        ),
    )


def resend_verification_mail(user: User) -> None:
    """The link again, on the person's request (at most a few an hour to one address)."""
    if user.email_verified or not user.is_active:
        return
    if throttle.allow_mail("verify-email-mail", user.email):
        send_verification_mail(user)


def verify_email(raw_token, now: datetime | None = None) -> User:
    """Mark the address verified; the link stays harmless when followed again (the address is verified)."""
    payload = signed_links.load(signed_links.VERIFY_EMAIL, raw_token)
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if user is None or not user.is_active or user.email != payload.get("e"):
        raise signed_links.LinkRefused(_("Ten link jest nieprawidłowy."))
    if user.email_verified_at is None:
        user.email_verified_at = now or now_utc()
        record("user.email_verified", "user", user.id, actor=user, summary=user.email, after={"email": user.email})
    return user


def mark_verified(user: User, now: datetime | None = None) -> None:
    """For accounts someone vouches for (staff, the demo) and for a proven mailbox (a password reset)."""
    if user.email_verified_at is None:
        user.email_verified_at = now or now_utc()
