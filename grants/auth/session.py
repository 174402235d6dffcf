"""How a request becomes a user: the session cookie for people, a bearer token for machines."""

from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, undefer

from grants.auth.models import ApiToken, User
from grants.extensions import db


def signed_in_options() -> tuple:
    """Who signs the request, in one statement: the user, its office, its roles (elsewhere a second statement,
    selectin) and whether it belongs to an organisation (every staff page's header asks). Built when asked:
    a loader option configures the mappers, which an import must not do before every model is defined."""
    return (joinedload(User.role_rows), undefer(User.in_organization))


@cache
def _signed_in() -> sa.Select:
    # Built once per process: every request of a signed-in person runs it, and building it (its options
    # above all) cost a third of running it.
    return sa.select(User).options(*signed_in_options()).where(User.id == sa.bindparam("user_id"))


def load_user(user_id: str):
    ident, _, token = (user_id or "").partition(":")
    if not ident.isdigit():
        return None
    user = db.session.execute(_signed_in(), {"user_id": int(ident)}).unique().scalar_one_or_none()
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user


@cache
def _token_holder() -> sa.Select:
    # The token's row is only a key here: what the request needs is its holder, read as the cookie's loader
    # reads it (one statement in every API request of the deadline rush, not a second one for the roles).
    return (
        sa.select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .options(*signed_in_options())
        .where(ApiToken.token_hash == sa.bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


def user_for_token(raw: str) -> User | None:
    user = db.session.execute(_token_holder(), {"token_hash": ApiToken.hash(raw)}).unique().scalar_one_or_none()
    if user is None or not user.is_active:
        return None
    return user


def bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return header[len("Bearer ") :].strip() or None


def login_rate() -> str:
    """How often one address may try to log in or register, on the pages and the API alike
    (OKO_LOGIN_RATE); read per request, so a test's app may set its own."""
    return current_app.config["RATELIMIT_LOGIN"]
