"""Comments on a published small-grant offer (art. 19a ust. 4): anyone, without an account, within the 7 days;
the office answers (new rows, never edited) and may hide an abusive comment with a reason. Every step is
audited; the commenter's address is kept only as a keyed hash."""

import hashlib
import hmac
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.extensions import db
from grants.parsing import text
from grants.smallgrants.models import SmallGrant, SmallGrantComment, SmallGrantCommentAnswer

AUTHOR_MAX = 200
TEXT_MAX = 4000
ANSWER_MAX = 4000
REASON_MAX = 1000


def client_digest(address: str | None) -> str:
    """HMAC-SHA-256 of the client's address under the app's secret: the same address gives the same digest
    (a flood shows), and the address cannot be read back from it."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()


def parse_comment(raw: dict) -> dict:
    errors = FieldErrors()
    author = text(errors, "author", raw.get("author"), limit=AUTHOR_MAX, required=True)
    body = text(errors, "text", raw.get("text"), limit=TEXT_MAX, required=True)
    errors.raise_if_any()
    return {"author": author, "text": body}


def add_comment(*, small_grant: SmallGrant, raw: dict, client_address: str | None, now: datetime | None = None):
    """A comment from anyone while the comments are open: from the last publication to `comments_until`."""
    now = now or now_utc()
    opened = small_grant.published_at is not None and small_grant.published_at <= now
    if not (opened and small_grant.comments_open(now)):
        raise Conflict(
            _("Uwagi do tej oferty można zgłaszać tylko przez 7 dni od jej publikacji (art. 19a ust. 4 ustawy)."),
            code="comments_closed",
        )
    data = parse_comment(raw)
    digest = client_digest(client_address)
    comment = SmallGrantComment(
        small_grant_id=small_grant.id, author=data["author"], text=data["text"], created_at=now, client_digest=digest
    )
    db.session.add(comment)
    db.session.flush()
    record(
        "small_grant.comment",
        "small_grant",
        small_grant.id,
        office_id=small_grant.office_id,
        summary=data["author"],
        after={"comment_id": comment.id, "author": data["author"], "text": data["text"]},
        ip=digest,  # never the address itself
    )
    return comment


def answer_comment(*, actor, small_grant: SmallGrant, comment: SmallGrantComment, raw: dict, now=None):
    """The office's answer: a new row each time (an earlier answer stays as it was given)."""
    require_officer(actor, small_grant.office_id)
    errors = FieldErrors()
    answer_text = text(errors, "text", raw.get("text"), limit=ANSWER_MAX, required=True)
    errors.raise_if_any()
    answer = SmallGrantCommentAnswer(
        comment_id=comment.id, text=answer_text, created_at=now or now_utc(), created_by_id=actor.id
    )
    db.session.add(answer)
    db.session.flush()
    db.session.expire(comment, ["answers"])
    record(
        "small_grant.comment_answer",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=comment.author,
        after={"comment_id": comment.id, "answer_id": answer.id, "text": answer_text},
    )
    return answer


def hide_comment(*, actor, small_grant: SmallGrant, comment: SmallGrantComment, raw: dict, now=None):
    """Moderation: the comment stays stored as written; the public page shows that the office hid it and why."""
    require_officer(actor, small_grant.office_id)
    if comment.hidden_at is not None:
        raise Conflict(_("Ten komentarz jest już ukryty."), code="already_hidden")
    errors = FieldErrors()
    reason = text(errors, "reason", raw.get("reason"), limit=REASON_MAX, required=True)
    errors.raise_if_any()
    comment.hidden_at = now or now_utc()
    comment.hidden_by_id = actor.id
    comment.hidden_reason = reason
    db.session.flush()
    record(
        "small_grant.comment_hide",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=comment.author,
        before={"comment_id": comment.id, "hidden": False},
        after={"comment_id": comment.id, "hidden": True, "reason": reason},
    )
    return comment
