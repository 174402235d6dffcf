"""The call's rules of choosing offers beside its criteria: half points, the tie-break ladder and the budget mode.

They belong to the announced procedure (art. 13 ust. 2 pkt 6 of the Act: "tryb i kryteria stosowane przy wyborze
ofert"): a draft changes them freely; a published call only by an amendment with a reason, shown to the public
like every other amendment, and only before the submission deadline — from its second on the rules the offers
were written against are frozen. What may still be written later is the result of a draw the rules announced
(the ladder's "losowanie"): a draw is held when the scores leave a tie, so after the deadline by nature.
"""

from datetime import datetime
from types import SimpleNamespace

from flask_babel import force_locale
from flask_babel import gettext as _

from grants.audit.log import diff, record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallAmendment, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.review import labels, schema, serialize
from grants.review.operations.common import require_open_for_setup
from grants.review.ranking import tie_break_of


def _shape(ladder: list[list]) -> list[list]:
    """The ladder without the draw's result: what the announcement states."""
    return [["draw"] if step[0] == "draw" else list(step) for step in ladder]


def announced_rules(call) -> dict:
    """The rules as the announcement prints them, in Polish (an amendment is a public legal text)."""
    with force_locale("pl"):
        return {
            "allow_half_points": bool(call.allow_half_points),
            "partial_last": bool(call.partial_last),
            "tie_break": labels.tie_break_text(tie_break_of(call), {c.code: c.name for c in call.criteria}),
        }


def rules_frozen(call: Call, now: datetime) -> bool:
    """From the submission deadline of a published call on, its selection rules no longer change."""
    return call.status != CallStatus.draft and call.deadline_passed(now)


def frozen_conflict(call: Call) -> Conflict:
    return Conflict(
        _(
            "Termin składania ofert minął %(deadline)s: zasady wyboru ofert ogłoszone w konkursie (art. 13 ust. 2 "
            "pkt 6 ustawy) nie mogą się już zmienić. Można tylko zapisać wynik losowania, jeśli zasady je przewidują.",
            deadline=datetime_pl(call.submission_deadline),
        ),
        code="deadline_passed",
    )


def update_review_settings(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Call:
    """Half points, the tie-break ladder (with a draw's result) and the budget mode of the call."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    require_open_for_setup(call)
    # After publication every change is recorded with its reason: an amendment, or the notes of a draw held.
    data, reason = schema.parse_settings(
        raw, codes={c.code for c in call.criteria}, reason_required=call.status != CallStatus.draft
    )
    # The call as it would be, judged before anything is written.
    proposed = SimpleNamespace(
        criteria=call.criteria,
        tie_break=data.get("tie_break", call.tie_break),
        allow_half_points=data.get("allow_half_points", call.allow_half_points),
        partial_last=data.get("partial_last", call.partial_last),
    )
    before_rules = announced_rules(call)
    rules_changed = (announced_rules(proposed), _shape(tie_break_of(proposed))) != (
        before_rules,
        _shape(tie_break_of(call)),
    )
    if rules_changed and rules_frozen(call, now):
        raise frozen_conflict(call)
    amendment = rules_changed and call.status != CallStatus.draft
    before_api = serialize.settings_to_api(call)
    for name, value in data.items():
        setattr(call, name, value)
    db.session.flush()
    after_api = serialize.settings_to_api(call)
    if after_api == before_api:
        return call
    if amendment:
        old, new = diff(before_rules, announced_rules(call))
        db.session.add(
            CallAmendment(call_id=call.id, actor_id=actor.id, reason=reason, before=old, after=new, created_at=now)
        )
    record(
        "call.review_settings",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=reason or call.title,
        before=before_api,
        after=after_api,
    )
    return call
