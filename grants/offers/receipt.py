"""The receipt time of a request: the server's clock read once, when the request arrives.

Submission is judged against the deadline at this instant (to the second, server clock only), not at
whatever later moment the database write happens — a request that arrived at 15:59:59.9 is on time
even if its transaction commits after 16:00.
"""

from datetime import datetime

from flask import Flask, has_request_context, request

from grants.clock import now_utc

RECEIPT_KEY = "oko.receipt_time"


def stamp_receipt() -> None:
    # On the WSGI environ, not on `g`: an app context (and its `g`) may outlive one request in tests.
    request.environ[RECEIPT_KEY] = now_utc()


def receipt_time() -> datetime:
    """This request's receipt time; outside a request (shell, jobs) simply now."""
    if has_request_context():
        stamped = request.environ.get(RECEIPT_KEY)
        if stamped is not None:
            return stamped
    return now_utc()


def install_receipt_clock(app: Flask) -> None:
    """Runs before every other before_request hook (rate limiter, login), so the stamp is the arrival."""
    app.before_request_funcs.setdefault(None, []).insert(0, stamp_receipt)
