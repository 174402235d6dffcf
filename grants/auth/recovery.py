"""Passwords: reset by e-mail for a forgotten one, change for a signed-in person (issue 10).

- "Forgot password" answers the same whether or not the address has an account; for an active account
  it mails a signed link (grants.auth.signed_links, valid one hour) bound to the current password hash,
  so it works once: the new password changes the hash and every older link with it.
- A reset ends every session of the account (the rotated `users.session_token` is part of the session
  cookie, see `User.get_id`) and revokes its API tokens; a change does the same for the other sessions
  while the page keeps the person signed in (the view signs the session in again with the new token).
- The new password follows the rules of grants.auth.passwords. Each change of state is audited.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth import signed_links, throttle, verification
from grants.auth.models import ApiToken, User
from grants.auth.passwords import hash_password, password_problem, verify_password
from grants.clock import now_utc
from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.mail import queue_mail
from grants.parsing import normalise_email


def _fingerprint(password_hash: str) -> str:
    """Binds a link to the password it may replace, without putting the hash into the (readable) link."""
    return hashlib.sha256(("oko-reset:" + password_hash).encode()).hexdigest()[:32]


def reset_link(user: User) -> str:
    token = signed_links.sign(signed_links.PASSWORD_RESET, {"u": user.id, "p": _fingerprint(user.password_hash)})
    return signed_links.external_url("account.reset_password", token=token)


def request_password_reset(email, now: datetime | None = None) -> None:
    """Mail a reset link when the address belongs to an active account; nothing tells the two apart."""
    normalised = normalise_email(email)
    user = db.session.scalar(db.select(User).where(User.email == normalised)) if normalised else None
    if user is None or not user.is_active or not throttle.allow_mail("password-reset-mail", user.email):
        return
    now = now or now_utc()
    until = now + signed_links.MAX_AGE[signed_links.PASSWORD_RESET]
    queue_mail(
        user.email,
        _("Ustaw nowe hasło w OKO"),
        _(
            "Dzień dobry,\n\nktoś (zapewne Ty) poprosił o nowe hasło do konta %(email)s w systemie OKO. "
            "Aby je ustawić, otwórz link (działa jeden raz, do %(until)s):\n%(link)s\n\n"
            "Nowe hasło zakończy wszystkie sesje tego konta.\n\n"
            "Jeśli to nie Ty, zignoruj tę wiadomość: Twoje hasło się nie zmieni.",
            email=user.email,
            until=datetime_pl(until),
            link=reset_link(user),
        ),
    )
    record("auth.password_reset_requested", "user", user.id, actor=None, summary=user.email)


def user_for_reset(raw_token) -> User:
    """The account a reset link was made for, while the link is young and its password unchanged."""
    payload = signed_links.load(signed_links.PASSWORD_RESET, raw_token)
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if (
        user is None
        or not user.is_active
        or not isinstance(payload.get("p"), str)
        or not hmac.compare_digest(payload["p"], _fingerprint(user.password_hash))
    ):
        raise signed_links.LinkRefused(
            _("Ten link został już użyty albo jest nieprawidłowy. Poproś o nowy na stronie „Nie pamiętasz hasła?”.")
        )
    return user


def _check_new_password(errors: FieldErrors, password, confirm) -> None:
    problem = password_problem(password)
    if problem:
        errors.add("password", problem)
    elif password != confirm:
        errors.add("password_confirm", _("Hasła się różnią. Wpisz to samo hasło dwa razy."))


def _end_sessions_and_tokens(user: User, now: datetime) -> None:
    user.session_token = secrets.token_hex(16)
    db.session.execute(
        db.update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )


def reset_password(raw_token, *, password, confirm, now: datetime | None = None) -> User:
    user = user_for_reset(raw_token)
    errors = FieldErrors()
    _check_new_password(errors, password, confirm)
    errors.raise_if_any()
    now = now or now_utc()
    user.password_hash = hash_password(password)
    _end_sessions_and_tokens(user, now)
    verification.mark_verified(user, now)  # the link came to this mailbox: the address is proven too
    record("auth.password_reset", "user", user.id, actor=user, office_id=user.office_id, summary=user.email)
    return user


def change_password(*, actor: User, current, password, confirm, now: datetime | None = None) -> None:
    """The signed-in person's new password; the current one first (guesses count like sign-in attempts)."""
    errors = FieldErrors()
    throttle.before_attempt(actor.email)
    if not verify_password(actor.password_hash, current if isinstance(current, str) else ""):
        throttle.after_failure(actor.email)
        errors.add("current_password", _("To nie jest Twoje obecne hasło."))
    _check_new_password(errors, password, confirm)
    errors.raise_if_any()
    now = now or now_utc()
    actor.password_hash = hash_password(password)
    _end_sessions_and_tokens(actor, now)
    record("auth.password_change", "user", actor.id, actor=actor, office_id=actor.office_id, summary=actor.email)
