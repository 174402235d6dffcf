"""Who evaluates which offer: the office's split of the accepted offers among the committee, and the top-up of
one offer when it is accepted, loses a member or a member declares a conflict (`grants.review.balance`
decides; this module loads and writes)."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.review import balance, queries, schema
from grants.review.models import Assignment, AssignmentStatus, CommitteeMember, DeclarationStatus
from grants.review.operations.common import inputs_changed, start_review


def end_assignment(assignment: Assignment, reason: str, now: datetime) -> None:
    if assignment.can_move_to(AssignmentStatus.ended) and assignment.status == AssignmentStatus.active:
        assignment.status, assignment.ended_at, assignment.end_reason = AssignmentStatus.ended, now, reason


def _activate(existing: dict, member_id: int, offer_id: int, call: Call, actor, now: datetime) -> Assignment:
    assignment = existing.get((member_id, offer_id))
    if assignment is None:
        assignment = Assignment(
            call_id=call.id,
            offer_id=offer_id,
            member_id=member_id,
            created_at=now,
            created_by_id=getattr(actor, "id", None),
            status=AssignmentStatus.active,
        )
        db.session.add(assignment)
        existing[(member_id, offer_id)] = assignment
    elif assignment.status == AssignmentStatus.ended:
        assignment.status, assignment.ended_at, assignment.end_reason = AssignmentStatus.active, None, None
        assignment.created_at, assignment.created_by_id = now, getattr(actor, "id", None)
    return assignment


def _pairs(call: Call, status: DeclarationStatus) -> set[tuple[int, int]]:
    """(member id, offer id) of the call's declarations of `status`."""
    return {(d.member_id, d.offer_id) for d in queries.declarations_of_call(call) if d.status == status}


def _standing(call: Call) -> dict[tuple[int, int], Assignment]:
    return {(a.member_id, a.offer_id): a for a in queries.assignments_of_call(call, active_only=False)}


def fill_offer(call: Call, offer_id: int, actor, now: datetime) -> list[CommitteeMember]:
    """Give one offer its share of the committee under the call's assignment mode: every expert and (all
    mode) every voting member, or (balanced) the least-loaded voting members up to `per_offer`; never a
    member who declared a conflict for it. Returns the members added."""
    members = queries.committee_of(call)
    existing = _standing(call)
    active = {pair for pair, a in existing.items() if a.status == AssignmentStatus.active}
    per_offer = None if call.assignment_mode == "all" else (call.assignment_per_offer or 0)
    chosen = balance.top_up(
        offer_id,
        [m.id for m in members if m.voting],
        [m.id for m in members if not m.voting],
        per_offer=per_offer,
        active=active,
        conflicts=_pairs(call, DeclarationStatus.conflict),
    )
    by_id = {m.id: m for m in members}
    added = [by_id[member_id] for member_id in chosen]
    for member in added:
        _activate(existing, member.id, offer_id, call, actor, now)
    db.session.flush()
    if added:
        inputs_changed(call.id)
        record(
            "committee.assign_offer",
            "offer",
            offer_id,
            actor=actor,
            office_id=call.office_id,
            summary=", ".join(m.user.full_name for m in added),
            after={"mode": call.assignment_mode, "members": [m.user_id for m in added]},
        )
    return added


def _refuse_nominees(call: Call) -> None:
    nominees = queries.nominee_conflicts(call)
    if nominees:
        raise Conflict(
            _(
                "W komisji zasiada osoba wskazana przez organizację, która złożyła ofertę w tym naborze "
                "(art. 15 ust. 2d ustawy): %(names)s. Zmień skład komisji.",
                names=", ".join(m.user.full_name for m in nominees),
            ),
            code="nominee_conflict",
        )


def _plan(call: Call, offers: list[int], mode: str, per_offer, cap, members: list, existing: dict):
    """The pairs the committee should have: experts with every offer, and the voting members' share."""
    conflicts = _pairs(call, DeclarationStatus.conflict)
    voting = [m.id for m in members if m.voting]
    desired = balance.every_pair((m.id for m in members if not m.voting), offers, conflicts)
    if mode == "all":
        return balance.BalancedPlan(desired | balance.every_pair(voting, offers, conflicts), cap)
    plan = balance.balanced(
        offers,
        set(voting),
        per_offer,
        cap=cap,
        conflicts=conflicts,
        current={pair for pair, a in existing.items() if a.status == AssignmentStatus.active},
        with_sheets=queries.sheet_pairs(call),
        declared=_pairs(call, DeclarationStatus.impartial),
    )
    user_ids = {m.id: m.user_id for m in members}
    for warning in plan.warnings:
        if "member_id" in warning:
            warning["member_id"] = user_ids[warning["member_id"]]
    return balance.BalancedPlan(desired | plan.pairs, plan.cap, plan.warnings)


def assign_offers(*, actor, call: Call, raw: dict, now: datetime | None = None) -> dict:
    """Split the formally accepted offers among the committee.

    `all`: every member evaluates every offer. `balanced`: each offer gets `per_offer` voting members
    (default: the call's `evaluators_per_offer`), the least loaded first, at most `max_per_member` each
    (default: the fair share, rounded up) unless conflicts leave no one else; experts (advisory vote) get
    every offer. A member who declared a conflict for an offer never gets it. Running it again keeps the
    assignments that still fit (those with score sheets always) and fills the gaps.
    """
    now = now or now_utc()
    require_officer(actor, call.office_id)
    start_review(call, actor, now)
    members = queries.committee_of(call)
    voting = sum(1 for m in members if m.voting)
    mode, per_offer, cap = schema.parse_assignment(raw, default_per_offer=call.evaluators_per_offer, voting=voting)
    if not voting:
        raise Conflict(_("Najpierw powołaj komisję konkursową."), code="no_committee")
    _refuse_nominees(call)
    offers = queries.accepted_offer_ids(call)
    existing = _standing(call)
    plan = _plan(call, offers, mode, per_offer, cap, members, existing)
    for pair, assignment in existing.items():
        if assignment.status == AssignmentStatus.active and pair not in plan.pairs:
            end_assignment(assignment, "reassigned", now)
    for member_id, offer_id in sorted(plan.pairs):
        _activate(existing, member_id, offer_id, call, actor, now)
    call.assignment_mode = mode
    call.assignment_per_offer = per_offer
    db.session.flush()
    inputs_changed(call.id)
    active = queries.assignments_of_call(call)
    record(
        "committee.assign",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Przydział ofert komisji — liczba przydziałów: %(n)d.", n=len(active)),
        after={
            "mode": mode,
            "per_offer": per_offer,
            "max_per_member": plan.cap,
            "offers": len(offers),
            "assignments": len(active),
            "warnings": plan.warnings,
        },
    )
    return {
        "mode": mode,
        "per_offer": per_offer,
        "max_per_member": plan.cap,
        "assignments": active,
        "warnings": plan.warnings,
    }
