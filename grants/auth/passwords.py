"""Password hashing with argon2id (ASVS 6.2: length limits, no composition rules)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from flask_babel import gettext as _

MIN_LENGTH = 8  # ASVS 6.2.1
MAX_LENGTH = 256  # long passphrases allowed (ASVS 6.2.9), bounded against hashing DoS

_hashers: dict = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """argon2id with the library's defaults; tests may ask for cheaper parameters (ARGON2_PARAMS)."""
    params = tuple(sorted((current_app.config.get("ARGON2_PARAMS") or {}).items())) if has_app_context() else ()
    if params not in _hashers:
        hasher = PasswordHasher(**dict(params))
        # Verifying against this keeps the time of "no such user" equal to "wrong password".
        _hashers[params] = (hasher, hasher.hash("oko-dummy-password-for-timing"))
    return _hashers[params]


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password) -> str | None:
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return _("Hasło musi mieć co najmniej %(n)d znaków.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Hasło może mieć najwyżej %(n)d znaków.", n=MAX_LENGTH)
    return None
