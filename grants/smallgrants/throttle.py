"""The flood guard of the comments on small grants (art. 19a ust. 4: anyone may comment, without an account):
one counter per client address shared by the API and the public page's form, and nothing else counted with it.
`request.remote_addr` is the client as ProxyFix sees it (`OKO_PROXY_HOPS`), as for sign-in (grants.auth.throttle)."""

from flask import current_app

from grants.extensions import limiter


def comment_limit() -> str:
    """How many comments one client address may send (flask-limiter's syntax), default 5 per 10 minutes."""
    return current_app.config.get("RATELIMIT_SMALL_GRANT_COMMENT", "5 per 10 minutes")


# The scope names the one counter both ways in share; the limiter's key is the client's address.
comment_rate = limiter.shared_limit(comment_limit, scope="small-grant-comment")
