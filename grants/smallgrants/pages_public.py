"""What the public small-grant pages show (art. 19a ust. 3–4): the published offers, those still open for
comments first with the days left, and one offer as published — its sections of Dz.U. 2018 poz. 2055, the three
publication dates, the comments with the office's answers and, while the 7 days last, the comment form."""

import math
from datetime import datetime

from flask_babel import gettext as _

from grants.calls.models import Channel
from grants.smallgrants import office_queries
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

# The public form's honeypot: a field people never see (hidden by CSS, skipped by screen readers) that spam
# bots fill in. A comment that comes with it is dropped while the page answers as if it were taken.
HONEYPOT = "website"


def days_left(small_grant: SmallGrant, now: datetime) -> int:
    """Whole or begun days until the comments close (1 on the last day)."""
    return max(0, math.ceil((small_grant.comments_until - now).total_seconds() / 86400))


def _closed_states() -> dict:
    """The words of a published offer no longer open for comments, each translated once per page."""
    closed = _("zbieranie uwag zakończone")
    return {
        SmallGrantStatus.accepted: _("przyjęta — urząd zawrze umowę"),
        SmallGrantStatus.refused: _("nieprzyjęta"),
        SmallGrantStatus.withdrawn: _("wycofana przez organizację"),
        SmallGrantStatus.published: closed,
    }


def listing(now: datetime, page: int = 0) -> dict:
    """Those open for comments first (on the first page), the soonest to close on top, with the days left; then a
    page of the earlier ones, newest first."""
    opened = office_queries.public_open_small_grants(now) if page == 0 else []
    earlier, more = office_queries.public_earlier_small_grants(now, page)
    states = _closed_states()
    return {
        "open_rows": [{"small_grant": s, "open": True, "days_left": days_left(s, now)} for s in opened],
        "other_rows": [{"small_grant": s, "open": False, "state": states.get(s.status, "")} for s in earlier],
        "page": page,
        "next_page": page + 1 if more else None,
        "previous_page": page - 1 if page > 0 else None,
    }


def publications(small_grant: SmallGrant) -> list[dict]:
    stored = small_grant.publications or {}
    return [
        {"channel": channel.value, "published_at": datetime.fromisoformat(stored[channel.value])}
        for channel in Channel
        if stored.get(channel.value)
    ]


def small_grant_page(
    small_grant: SmallGrant, now: datetime, *, document: dict | None = None, values=None, errors=None, message=None
) -> dict:
    if document is None:
        document = office_queries.frozen_document(small_grant)
    comments = office_queries.comments_of(small_grant)
    comments_open = small_grant.comments_open(now)
    return {
        "small_grant": small_grant,
        "content": document.get("content") or {},
        "figures": document.get("figures") or {},
        "organization": document.get("organization") or {"name": small_grant.organization.name},
        "publications": publications(small_grant),
        "comments": comments,
        "comments_open": comments_open,
        "days_left": days_left(small_grant, now) if comments_open else 0,
        "decided": small_grant.status in (SmallGrantStatus.accepted, SmallGrantStatus.refused),
        "values": values or {"author": "", "text": ""},
        "errors": errors or {},
        "message": message,
        "honeypot": HONEYPOT,
    }
