"""The committee's record for its protocol (art. 15 ust. 2a): the act that appointed the committee, the
sitting and the minute-taker, kept by the office."""

from datetime import datetime

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc, warsaw_date
from grants.extensions import db
from grants.review import queries, schema, serialize
from grants.review.models import CommitteeRecord


def update_committee_record(*, actor, call: Call, raw: dict, now: datetime | None = None) -> CommitteeRecord | None:
    """PUT the protocol's data. Unlike the rules of the review it stays editable after the scores and the
    results: it describes what happened and the protocol is written last; each PDF keeps its own version."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    data = schema.parse_committee_record(raw, today=warsaw_date(now))
    row = queries.committee_record(call)
    before = serialize.committee_record_to_api(call, row)
    if row is None:
        if not any(value is not None for value in data.values()):
            return None  # nothing kept, nothing to keep
        row = CommitteeRecord(call_id=call.id)
        db.session.add(row)
    for name, value in data.items():
        setattr(row, name, value)
    after = serialize.committee_record_to_api(call, row)
    changed = {k: v for k, v in after.items() if k != "updated_at" and before[k] != v}
    if changed:
        row.updated_at, row.updated_by_id = now, actor.id
        db.session.flush()
        record(
            "committee.record",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=call.title,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return row
