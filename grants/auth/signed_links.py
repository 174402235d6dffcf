"""Links mailed to a person that prove they read the mailbox: e-mail verification and password reset.

Signed with the app's SECRET_KEY by itsdangerous (as Flask ships it), with a salt per purpose so that a
link of one kind is never accepted as another, and an age limit per purpose. The payload is readable by
whoever holds the link (signed, not encrypted): it carries ids and fingerprints, never secrets.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from grants.errors import DomainError

VERIFY_EMAIL = "oko.verify-email"
PASSWORD_RESET = "oko.password-reset"

MAX_AGE = {
    VERIFY_EMAIL: timedelta(days=3),
    PASSWORD_RESET: timedelta(hours=1),
}


class LinkRefused(DomainError):
    """A mailed link that cannot be used: `link_invalid` (forged, damaged, already used) or `link_expired`."""

    status = 400
    code = "link_invalid"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def sign(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def load(purpose: str, token) -> dict:
    """The payload of a link that is genuine and young enough; LinkRefused otherwise."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        raise LinkRefused(_("Ten link jest nieprawidłowy."))
    try:
        payload = _serializer(purpose).loads(token, max_age=int(MAX_AGE[purpose].total_seconds()))
    except SignatureExpired:
        raise LinkRefused(_("Ten link wygasł. Poproś o nowy."), code="link_expired") from None
    except BadSignature:
        raise LinkRefused(_("Ten link jest nieprawidłowy.")) from None
    if not isinstance(payload, dict):
        raise LinkRefused(_("Ten link jest nieprawidłowy."))
    return payload


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, built without a request (a mail may come from the shell or a job)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + path
