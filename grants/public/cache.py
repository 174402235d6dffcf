"""A short-lived cache of public pages rendered for anonymous readers, per worker process.

A cached page is served again only while nothing it could show has changed:
- the audit log's last id is the same (every change of state writes an audit entry, so this one
  number moves whenever a call is published, amended, cancelled or resolved), and
- no published call has crossed its deadline since the page was rendered (open/closed is derived
  from the clock to the second, so a page never outlives the next deadline), and
- at most MAX_AGE has passed, and
- the Warsaw day has not changed (a call's page counts the days left: "zostało 12 dni").
Logged-in people, sessions carrying more than a language choice, and non-GET requests bypass it.
"""

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from grants.calls.queries import public_revision
from grants.clock import now_utc, warsaw_date, warsaw_midnight

MAX_AGE = timedelta(seconds=60)
MAX_ENTRIES = 512


class PageCache:
    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, revision, now: datetime):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_revision, rendered_at, valid_until, body, mimetype = entry
            # A clock that went back (NTP, tests) may not reuse a page rendered "in the future".
            if stored_revision != revision or not rendered_at <= now < valid_until:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return body, mimetype

    def put(self, key, revision, rendered_at: datetime, valid_until: datetime, body: bytes, mimetype: str) -> None:
        with self._lock:
            self._entries[key] = (revision, rendered_at, valid_until, body, mimetype)
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)


def _cacheable() -> bool:
    return (
        request.method == "GET"
        and current_app.config.get("PUBLIC_PAGE_CACHE", True)
        and not getattr(current_user, "is_authenticated", False)
        and set(session.keys()) <= {"lang"}
    )


def cached_public_page(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        now = now_utc()
        revision, next_deadline = public_revision(now)
        cache: PageCache = current_app.extensions.setdefault("oko_page_cache", PageCache())
        # The path, not only the endpoint: /calls/1 and /calls/2 are one endpoint and two pages.
        key = (request.path, request.query_string, str(get_locale()))
        hit = cache.get(key, revision, now)
        if hit is not None:
            body, mimetype = hit
            response = Response(body, mimetype=mimetype)
            response.headers["X-OKO-Cache"] = "hit"
            return response
        response = current_app.make_response(view(*args, **kwargs))
        # A page that put something of this visitor's in the session while rendering (a form's CSRF token, a
        # flashed message) belongs to them alone: it is answered, never kept for the next visitor.
        personal = not set(session.keys()) <= {"lang"}
        if response.status_code == 200 and not response.direct_passthrough and not personal:
            valid_until = min(now + MAX_AGE, warsaw_midnight(warsaw_date(now) + timedelta(days=1)))
            if next_deadline is not None:
                valid_until = min(valid_until, next_deadline)
            cache.put(key, revision, now, valid_until, response.get_data(), response.mimetype)
        response.headers["X-OKO-Cache"] = "miss"
        return response

    return wrapper
