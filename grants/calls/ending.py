"""The end of a call before its course: a draft deleted (never announced, so nothing to announce), a
published call cancelled — the unieważnienie of art. 18a ust. 1 on one of its two grounds — or withdrawn (the
odwołanie of a call stopped for another reason). Operations like `calls.operations`: they take the actor and
`now`, change rows, write the audit entry and never commit."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import (
    Call,
    CallAmendment,
    CallCriterion,
    CallPublication,
    CallStatus,
    CancelGround,
    CancelKind,
)
from grants.calls.operations import act_publications, call_snapshot
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.extensions import db
from grants.formatting import iso_warsaw


def require_cancellable(actor, call: Call) -> None:
    """An officer of the call's office, and a call announced and not yet ended."""
    require_officer(actor, call.office_id)
    if call.status == CallStatus.draft:
        raise Conflict(
            _("Projekt ogłoszenia nie był opublikowany: usuń go zamiast unieważniać."), code="not_cancellable"
        )
    if not call.can_move_to(CallStatus.cancelled):
        raise Conflict(_("Tego naboru nie można już unieważnić ani odwołać."), code="not_cancellable")


def check_act(*, reason, kind: CancelKind, publications_raw, now: datetime) -> dict:
    """The act's reason (published with it) and its three publications ({Channel: moment}), or a 422."""
    errors = FieldErrors()
    if not isinstance(reason, str) or not reason.strip():
        if kind == CancelKind.cancellation:
            errors.add("reason", _("Podaj powód unieważnienia (art. 18a ustawy)."))
        else:
            errors.add("reason", _("Podaj powód odwołania konkursu."))
    publications = act_publications(publications_raw, now, errors)
    errors.raise_if_any()
    return publications


def cancel_call(
    *,
    actor,
    call: Call,
    reason,
    kind: CancelKind = CancelKind.withdrawal,
    ground: CancelGround | None = None,
    publications_raw=None,
    now: datetime | None = None,
) -> None:
    """The one writer that ends a published call early: the unieważnienie of art. 18a ust. 1 on one of its
    grounds, or the odwołanie of a call stopped for another reason — each with its reason and, as art. 18a
    ust. 2 (with art. 13 ust. 3) asks, its publication in BIP, on the noticeboard and the website (default:
    all three now). Whether the facts bear the ground out is judged by the caller that knows the offers
    (`review.operations.cancellation`); a draft is deleted instead (`delete_draft`)."""
    require_cancellable(actor, call)
    now = now or now_utc()
    if (kind == CancelKind.cancellation) != (ground is not None):
        raise ValueError("an art. 18a cancellation has a ground; an odwołanie has none")
    publications = check_act(reason=reason, kind=kind, publications_raw=publications_raw, now=now)
    before = call.status.value
    call.status = CallStatus.cancelled
    call.cancelled_at = now
    call.cancel_reason = reason.strip()
    call.cancel_kind = kind
    call.cancel_ground = ground
    call.cancel_publications = {channel.value: iso_warsaw(moment) for channel, moment in publications.items()}
    db.session.flush()
    record(
        "call.cancel",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.cancel_reason,
        before={"status": before},
        after={
            "status": "cancelled",
            "reason": call.cancel_reason,
            "kind": kind.value,
            "ground": ground.value if ground else None,
            "publications": call.cancel_publications,
        },
    )


def _remove_dependents(call_id: int) -> None:
    """What other features set up on a draft before its publication (its committee, its record, the formal
    checklist) goes with it. Read from the schema rather than listed, so a table added later that points at
    calls is not forgotten; the call's own rows (criteria, publications, amendments) go by the ORM's cascade.
    Offers, reviews and contracts need a published call, so none point at a draft."""
    calls = Call.__table__
    own = {CallCriterion.__table__, CallPublication.__table__, CallAmendment.__table__}
    for table in reversed(db.metadata.sorted_tables):
        if table is calls or table in own:
            continue
        for key in table.foreign_keys:
            if key.column.table is calls:
                db.session.execute(sa.delete(table).where(key.parent == call_id))


def delete_draft(*, actor, call: Call) -> None:
    """A draft never published is deleted, not cancelled: nobody outside the office has seen it, so there is
    nothing to announce. The audit entry keeps what it held (`before`), the only trace it leaves."""
    require_officer(actor, call.office_id)
    if call.status != CallStatus.draft or call.published_at is not None:
        raise Conflict(
            _(
                "Usunąć można tylko projekt, którego nie opublikowano; opublikowany konkurs można odwołać "
                "albo unieważnić."
            ),
            code="not_draft",
        )
    snapshot = call_snapshot(call)
    call_id, office_id, title = call.id, call.office_id, call.title
    _remove_dependents(call_id)
    db.session.delete(call)
    db.session.flush()
    record(
        "call.delete",
        "call",
        call_id,
        actor=actor,
        office_id=office_id,
        summary=title,
        before={"status": "draft", **snapshot},
        after={"status": "deleted"},
    )
