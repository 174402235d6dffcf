"""Password guessing, slowed down the same way on every way in (the login page and the API's token).

Two counters in the rate limiter's storage (Redis in production, so every app process shares them):

- per address: every sign-in attempt from one client address (`OKO_LOGIN_RATE`, default 10 a minute);
- per account: failed attempts against one e-mail address, from anywhere (`OKO_LOGIN_ACCOUNT_RATE`,
  default 5 a minute and 20 an hour) — an attacker spreading guesses over many addresses is slowed
  down too, while the account is never locked for good: the window passes and its owner gets in.

A refusal is a 429 with `Retry-After` (seconds until the window lets one more attempt through). The
client address comes from `request.remote_addr`, which ProxyFix corrects behind a reverse proxy
(`OKO_PROXY_HOPS`), so users behind one proxy are not counted as one address.
"""

import math
import time

from flask import current_app, request
from flask_babel import gettext as _
from limits import parse_many

from grants.errors import DomainError
from grants.extensions import limiter


class TooManyAttempts(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int):
        super().__init__(_("Za dużo prób logowania. Spróbuj ponownie za %(n)d s.", n=retry_after))
        self.retry_after = retry_after


def _enabled() -> bool:
    return limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True)


def _keys(email) -> list[tuple[str, str, str]]:
    keys = [("login-address", current_app.config["RATELIMIT_LOGIN"], request.remote_addr or "unknown")]
    if isinstance(email, str) and email.strip():
        keys.append(("login-account", current_app.config["RATELIMIT_LOGIN_ACCOUNT"], email.strip().lower()))
    return keys


def _retry_after(items, scope: str, key: str) -> int:
    strategy = limiter.limiter
    reset = max(strategy.get_window_stats(item, scope, key).reset_time for item in items)
    return max(1, math.ceil(reset - time.time()))


def before_attempt(email) -> None:
    """Counts this attempt against the address; refuses when the address or the account is over."""
    if not _enabled():
        return
    strategy = limiter.limiter
    for scope, rate, key in _keys(email):
        items = parse_many(rate)
        if scope == "login-address":
            allowed = all(strategy.hit(item, scope, key) for item in items)
        else:
            allowed = all(strategy.test(item, scope, key) for item in items)
        if not allowed:
            raise TooManyAttempts(_retry_after(items, scope, key))


def after_failure(email) -> None:
    """A wrong password counts against the account, whichever address it came from."""
    if not _enabled():
        return
    for scope, rate, key in _keys(email):
        if scope == "login-account":
            for item in parse_many(rate):
                limiter.limiter.hit(item, scope, key)


def allow_mail(scope: str, address: str) -> bool:
    """Whether one more account message of this kind (a verification link, a password reset) may go to
    this address: at most `RATELIMIT_ACCOUNT_MAIL` (default 3 an hour), so a form cannot flood a mailbox.
    Over the limit the message is quietly not sent: the page answers the same either way."""
    if not _enabled():
        return True
    rate = current_app.config.get("RATELIMIT_ACCOUNT_MAIL", "3 per hour")
    return all(limiter.limiter.hit(item, scope, address.strip().lower()) for item in parse_many(rate))
