"""Two-factor sign-in with TOTP codes (RFC 6238, pyotp): available to staff, required of admins.

- Setting up: the account page shows a fresh secret as text and as a QR code; the secret is stored only
  when a code from the authenticator app confirms it (`enable`). Turning it off takes a code too, and an
  admin cannot (`disable`).
- Signing in: after the password, the page asks for the code (`check_sign_in_code`); the session is not
  signed in before it passes. The API's `POST /auth/token` takes it as `otp` (`check_api_sign_in`).
- A code is accepted for the current 30-second step and one step either side (clock drift), and only
  for a step later than the last one used (`users.totp_last_step`), so an overheard code is not
  replayed.
- An admin without a second factor may sign in to the pages but reach only the setup page (and
  logout); the API refuses them with 403 `two_factor_required`.
"""

import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.models import User
from grants.auth.session import load_user
from grants.clock import now_utc
from grants.errors import Forbidden, Unauthorized, ValidationFailed
from grants.extensions import db

ISSUER = "OKO"
STEP_SECONDS = 30
DRIFT_STEPS = 1
# The session key of a sign-in waiting for its code: the account, its session token, where to go next.
PENDING = "oko.two_factor_pending"
PENDING_SECONDS = 300


def may_use(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_staff


def must_set_up(user) -> bool:
    """An admin signed in without a second factor: only the setup page and logout until it is done."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_admin and not user.has_two_factor


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI (the CSP allows `img-src data:`), drawn on the server."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def spaced(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean_code(code) -> str | None:
    if not isinstance(code, str | int) or isinstance(code, bool):
        return None
    text = "".join(str(code).split())
    return text if len(text) == 6 and text.isascii() and text.isdigit() else None


def _matching_step(secret: str, code, last_step: int | None, now: datetime) -> int | None:
    cleaned = _clean_code(code)
    if cleaned is None:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue  # used already: a code signs in once
        if hmac.compare_digest(totp.generate_otp(step), cleaned):
            return step
    return None


def _wrong_code() -> ValidationFailed:
    return ValidationFailed.one(
        "code", _("Nieprawidłowy lub już użyty kod. Wpisz kod, który aplikacja pokazuje teraz.")
    )


# ---------------------------------------------------------------- the account page


def enable(*, actor: User, secret, code, now: datetime | None = None) -> None:
    """Turn the second factor on with the secret shown on the setup page, once a code confirms it."""
    if not may_use(actor):
        raise Forbidden(_("Logowanie dwuetapowe jest dostępne dla kont pracowników urzędu i członków komisji."))
    if actor.has_two_factor:
        raise ValidationFailed.one("code", _("Logowanie dwuetapowe jest już włączone."))
    if not isinstance(secret, str) or len(secret) < 16:
        raise ValidationFailed.one("code", _("Strona wygasła. Otwórz ją ponownie i zeskanuj nowy kod QR."))
    step = _matching_step(secret, code, None, now or now_utc())
    if step is None:
        raise _wrong_code()
    actor.totp_secret = secret
    actor.totp_last_step = step
    record("auth.two_factor_enabled", "user", actor.id, actor=actor, office_id=actor.office_id)


def disable(*, actor: User, code, now: datetime | None = None) -> None:
    if actor.is_admin:
        raise Forbidden(_("Administrator musi logować się dwuetapowo: tego nie można wyłączyć."))
    if not actor.has_two_factor:
        return
    step = _matching_step(actor.totp_secret, code, actor.totp_last_step, now or now_utc())
    if step is None:
        raise _wrong_code()
    actor.totp_secret = None
    actor.totp_last_step = None
    record("auth.two_factor_disabled", "user", actor.id, actor=actor, office_id=actor.office_id)


def reset_from_console(user: User) -> None:
    """Someone at the server's console (`flask users reset-two-factor`) clears a lost authenticator:
    the only way back for an admin, who cannot turn it off. The next sign-in asks to set it up again,
    and every session of the account ends."""
    user.totp_secret = None
    user.totp_last_step = None
    user.session_token = secrets.token_hex(16)
    record("auth.two_factor_reset", "user", user.id, actor=None, office_id=user.office_id, summary="console")


# ---------------------------------------------------------------- signing in


def pending_sign_in(user: User, next_url: str | None, now: datetime | None = None) -> dict:
    """What the session keeps between the password and the code (not a signed-in session)."""
    return {"user": user.get_id(), "next": next_url, "at": int((now or now_utc()).timestamp())}


def pending_user(pending, now: datetime | None = None) -> User | None:
    """The account waiting for its code, while the wait is young and the account unchanged."""
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if int((now or now_utc()).timestamp()) - pending["at"] > PENDING_SECONDS:
        return None
    return load_user(pending.get("user"))


def check_sign_in_code(user: User, code, now: datetime | None = None) -> None:
    """The second step: 401 `otp_required` without a code, `invalid_otp` for a wrong or used one (audited,
    and kept although the request is refused)."""
    if code is None or (isinstance(code, str) and not code.strip()):
        raise Unauthorized(_("Podaj kod z aplikacji uwierzytelniającej."), code="otp_required")
    step = _matching_step(user.totp_secret, code, user.totp_last_step, now or now_utc())
    if step is None:
        record(
            "auth.login_failed",
            "user",
            user.id,
            actor=None,
            summary=user.email,
            after={"email": user.email, "reason": "invalid_otp"},
        )
        db.session.info["commit_on_error"] = True
        raise Unauthorized(
            _("Nieprawidłowy lub już użyty kod. Wpisz kod, który aplikacja pokazuje teraz."), code="invalid_otp"
        )
    user.totp_last_step = step
    record("auth.login", "user", user.id, actor=user)


def check_api_sign_in(user: User, code, now: datetime | None = None) -> None:
    """After the password on `POST /auth/token`: an admin needs a second factor; with one, the code."""
    if must_set_up(user):
        raise Forbidden(
            _("Administrator musi najpierw włączyć logowanie dwuetapowe (strona „Moje konto”)."),
            code="two_factor_required",
        )
    if user.has_two_factor:
        check_sign_in_code(user, code, now)
