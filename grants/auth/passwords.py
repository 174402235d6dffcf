"""Password hashing with argon2id (ASVS 6.2: length limits, no composition rules)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8       # ASVS 6.2.1
MAX_LENGTH = 256     # long passphrases allowed (ASVS 6.2.9), bounded against hashing DoS

_hasher = PasswordHasher()
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("oko-dummy-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password) -> str | None:
    from flask_babel import gettext as _

    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return _("Hasło musi mieć co najmniej %(n)d znaków.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Hasło może mieć najwyżej %(n)d znaków.", n=MAX_LENGTH)
    return None
