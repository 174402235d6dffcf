"""The committee (art. 15 ust. 2a–2f): the office appoints it, and each member declares impartiality or a
conflict for each offer (KPA art. 24)."""

from datetime import datetime
from functools import partial

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.offers.models import Offer
from grants.review import queries, schema, serialize
from grants.review.models import AssignmentStatus, CommitteeMember, Declaration, DeclarationStatus, MemberStatus
from grants.review.operations.assignments import end_assignment, fill_offer
from grants.review.operations.common import (
    inputs_changed,
    insert_ignoring_twin,
    require_member,
    require_open_for_setup,
    start_review,
)
from grants.review.operations.notices import tell_appointed


def appoint_committee(*, actor, call: Call, raw: dict, now: datetime | None = None) -> list[CommitteeMember]:
    """PUT the committee (art. 15 ust. 2a): evaluator accounts of the call's office, exactly one chair,
    experts with an advisory vote (ust. 2e); nobody nominated by an organisation that has an offer in the
    call (ust. 2d). Members with final scores can be neither removed nor given another role."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    require_open_for_setup(call)
    wanted = schema.parse_committee(
        raw,
        evaluators={user.id: user for user in queries.office_evaluators(call)},
        organization_exists=queries.organization_exists,
        takes_part=partial(queries.organization_takes_part, call),
    )
    existing = {m.user_id: m for m in queries.committee_of(call, include_removed=True)}
    sitting = {user_id for user_id, m in existing.items() if m.active}
    _refuse_unseating_scorers(call, existing, wanted)
    before = [serialize.member_snapshot(m) for m in existing.values() if m.active]
    removed = _seat(call, existing, wanted, actor, now)
    for member in removed:
        for assignment in queries.assignments_of_call(call, member):
            end_assignment(assignment, "removed", now)
    db.session.flush()
    if call.assignment_mode:
        # The offers the removed members leave get their share of the committee again.
        for offer_id in sorted(
            {
                a.offer_id
                for m in removed
                for a in queries.assignments_of_call(call, m, active_only=False)
                if a.end_reason == "removed"
            }
        ):
            fill_offer(call, offer_id, actor, now)
    start_review(call, actor, now, required=False)
    inputs_changed(call.id)
    committee = queries.committee_of(call)
    # Those who did not sit before are told of the appointment; a changed role is no new appointment.
    tell_appointed(call, [m for m in committee if m.user_id not in sitting])
    record(
        "committee.appoint",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Skład komisji konkursowej: %(n)d os.", n=len(committee)),
        before={"members": before},
        after={"members": [serialize.member_snapshot(m) for m in committee]},
    )
    return committee


def _refuse_unseating_scorers(call: Call, existing: dict, wanted: dict) -> None:
    """A member with final scores keeps the seat and the role: the scores were given in that capacity."""
    for member in existing.values():
        if not member.active:
            continue
        new = wanted.get(member.user_id)
        if (new is None or new["role"] != member.role) and queries.has_final_sheets(call, member):
            raise Conflict(
                _(
                    "%(name)s ma już zatwierdzone oceny; nie można jej (go) odwołać ani zmienić roli.",
                    name=member.user.full_name,
                ),
                code="member_has_scores",
            )


def _seat(call: Call, existing: dict, wanted: dict, actor, now: datetime) -> list[CommitteeMember]:
    """Remove those not wanted any more, seat (or seat again) the wanted ones; returns the removed."""
    removed: list[CommitteeMember] = []
    for member in existing.values():
        if member.active and member.user_id not in wanted and member.can_move_to(MemberStatus.removed):
            member.status, member.removed_at = MemberStatus.removed, now
            removed.append(member)
    for user_id, spec in wanted.items():
        member = existing.get(user_id)
        if member is None:
            member = CommitteeMember(call_id=call.id, user_id=user_id, appointed_by_id=actor.id, appointed_at=now)
            db.session.add(member)
        elif not member.active:
            member.status, member.removed_at = MemberStatus.active, None
            member.appointed_at, member.appointed_by_id = now, actor.id
        member.role = spec["role"]
        member.nominated_by_organization_id = spec["organization_id"]
    db.session.flush()
    return removed


def declare(*, actor, call: Call, raw: dict, now: datetime | None = None) -> tuple[Declaration, bool, dict]:
    """A member's declaration for one offer (KPA art. 24 via art. 15 ust. 2f): impartial, or a conflict
    that excludes the member from that offer (the assignment ends; in balanced mode another member takes
    it). Returns (declaration, created, effects)."""
    now = now or now_utc()
    member = require_member(actor, call)
    start_review(call, actor, now)
    offer, impartial, reason = schema.parse_declaration(
        raw, passed_to_committee=partial(queries.offer_passed_to_committee, call)
    )
    return declare_one(actor, call, member, offer, impartial=impartial, reason=reason, now=now)


def declare_one(
    actor, call: Call, member: CommitteeMember, offer: Offer, *, impartial: bool, reason: str | None, now: datetime
) -> tuple[Declaration, bool, dict]:
    """One offer's declaration row, its consequences and its audit entry — the same for a declaration made
    offer by offer and for the call-wide one (operations.declarations)."""
    status = DeclarationStatus.impartial if impartial else DeclarationStatus.conflict
    declaration = queries.declaration_for(member.id, offer.id)
    created = declaration is None
    if created:
        insert_ignoring_twin(
            Declaration,
            {
                "call_id": call.id,
                "offer_id": offer.id,
                "member_id": member.id,
                "status": status,
                "reason": reason,
                "declared_at": now,
            },
        )
        declaration = queries.declaration_for(member.id, offer.id)
    effects: dict = {"reassigned_to": None, "warnings": []}
    if declaration.status == status and not created:
        return declaration, False, effects
    if declaration.status != status:
        if not declaration.can_move_to(status):
            raise Conflict(
                _(
                    "Zgłoszonej okoliczności wyłączającej nie można cofnąć: "
                    "wyłączenie z oceny tej oferty jest ostateczne."
                ),
                code="conflict_declared",
            )
        declaration.status, declaration.reason, declaration.changed_at = status, reason, now
    db.session.flush()
    if status == DeclarationStatus.conflict:
        _step_aside(call, member, offer, actor, now, effects)
    inputs_changed(call.id)
    record(
        f"declaration.{status.value}",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=member.user.full_name,
        after={
            "member_id": actor.id,
            "role": member.role.value,
            "status": status.value,
            "reason": reason,
            "reassigned_to": effects["reassigned_to"],
        },
    )
    return declaration, created, effects


def _step_aside(call: Call, member: CommitteeMember, offer: Offer, actor, now: datetime, effects: dict) -> None:
    """A conflicted member leaves the offer; in balanced mode another voting member takes the place."""
    assignment = queries.assignment_for(member.id, offer.id)
    if assignment is None or assignment.status != AssignmentStatus.active:
        return
    end_assignment(assignment, "conflict", now)
    db.session.flush()
    if call.assignment_mode == "balanced" and member.voting:
        added = fill_offer(call, offer.id, actor, now)
        effects["reassigned_to"] = added[0].user_id if added else None
        if not added:
            effects["warnings"].append({"code": "understaffed", "offer_id": offer.id})
