"""The call's rules of the review: half points, the tie-break ladder and the budget mode."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.review import queries, schema, serialize
from grants.review.operations.common import require_open_for_setup


def update_review_settings(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Call:
    """Half points, the tie-break ladder and the budget mode. They belong to the announced selection rules
    (art. 13 ust. 2 pkt 6), so after publication a change needs a reason, and none once a score is final."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    require_open_for_setup(call)
    if queries.has_final_sheets(call):
        raise Conflict(
            _("Członkowie komisji zatwierdzili już oceny; zasad oceny nie można zmienić."), code="scoring_started"
        )
    data, reason = schema.parse_settings(
        raw, codes={c.code for c in call.criteria}, reason_required=call.status != CallStatus.draft
    )
    before = serialize.settings_to_api(call)
    for name, value in data.items():
        setattr(call, name, value)
    db.session.flush()
    after = serialize.settings_to_api(call)
    if after != before:
        record(
            "call.review_settings",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=reason or call.title,
            before=before,
            after=after,
        )
    return call
