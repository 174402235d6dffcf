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


def listing(now: datetime) -> dict:
    rows = [
        {"small_grant": s, "open": s.comments_open(now), "days_left": days_left(s, now) if s.comments_open(now) else 0}
        for s in office_queries.public_small_grants()
    ]
    # Those open for comments first, the soonest to close on top; the rest as published, newest first.
    opened = sorted(
        (r for r in rows if r["open"]), key=lambda r: (r["small_grant"].comments_until, r["small_grant"].id)
    )
    states = _closed_states()
    others = [{**r, "state": states.get(r["small_grant"].status, "")} for r in rows if not r["open"]]
    return {"open_rows": opened, "other_rows": others}


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
