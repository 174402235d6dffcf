"""The review as plain data: the API's JSON, the templates' data, the audit snapshots and the frozen rows of
the published results (their files: `grants.review.exports`). Money is a string with two decimals; points
are numbers (`grants.formatting.points_out`)."""

from decimal import Decimal

from grants.calls.models import Call
from grants.formatting import iso_date, iso_warsaw, money_str, points_out
from grants.review import queries
from grants.review.models import (
    Assignment,
    CommitteeMember,
    CommitteeRecord,
    Decision,
    Declaration,
    DeclarationStatus,
    FormalReview,
    FormalStatus,
    JustificationRequest,
    ResultsPublication,
    ScoreSheet,
    SheetStatus,
)
from grants.review.ranking import Ranking, member_names, tie_break_of

# ---------------------------------------------------------------- settings


def settings_to_api(call: Call) -> dict:
    return {
        "allow_half_points": call.allow_half_points,
        "partial_last": call.partial_last,
        "tie_break": tie_break_of(call),
        "tie_break_is_default": call.tie_break is None,
        "aggregation": call.aggregation.value,
        "min_total_points": points_out(call.min_total_points),
        "correction_days": call.correction_days,
        "evaluators_per_offer": call.evaluators_per_offer,
        "assignment_mode": call.assignment_mode,
        "assignment_per_offer": call.assignment_per_offer,
    }


def checklist_to_api(items) -> list[dict]:
    return [{"code": item.code, "label": str(item.label), "correctable": bool(item.correctable)} for item in items]


# ---------------------------------------------------------------- formal check


def formal_review_snapshot(review: FormalReview) -> dict:
    return {
        "status": review.status.value if review.status else "pending",
        "round": review.round or 0,
        "reviewed_version_id": review.reviewed_version_id,
        "checklist": dict(review.checklist or {}),
        "defects": list(review.defects or []),
        "fields": list(review.fields or []),
        "reason": review.reason,
        "correction_deadline": iso_warsaw(review.correction_deadline),
    }


def suggested_checklist(offer, codes) -> dict:
    """What OKO itself knows, for the officer to confirm: the receipt time, the signed confirmation and the
    arithmetic (a submission with inconsistent figures is refused)."""
    version = offer.current_version
    known = {
        "on_time": version.submitted_at < offer.call.submission_deadline or None,
        "confirmation_received": version.confirmation is not None,
        "arithmetic": True,
    }
    return {code: known.get(code) for code in codes}


def formal_review_to_api(offer, review: FormalReview | None, now) -> dict:
    version = offer.current_version
    codes = [item.code for item in queries.checklist_for(offer.call)]
    data = {
        "offer_id": offer.id,
        "call_id": offer.call_id,
        "organization": offer.organization.name,
        "title": offer.title,
        "offer_status": offer.status.value,
        "version": version.number if version else None,
        "control_code": version.control_code if version else None,
        "submitted_at": iso_warsaw(version.submitted_at) if version else None,
        "status": "pending",
        "state": "pending",
        "round": 0,
        "checklist": {},
        "defects": [],
        "fields": [],
        "reason": None,
        "correction_deadline": None,
        "correction_requested_at": None,
        "decided_at": None,
        "reviewed_version": None,
        "suggested_checklist": suggested_checklist(offer, codes) if version else {},
    }
    if review is not None:
        data.update(
            {
                "status": review.status.value,
                "state": review.state(now),
                "round": review.round,
                "checklist": review.checklist,
                "defects": review.defects,
                "fields": review.fields,
                "reason": review.reason,
                "correction_deadline": iso_warsaw(review.correction_deadline),
                "correction_requested_at": iso_warsaw(review.correction_requested_at),
                "decided_at": iso_warsaw(review.decided_at),
                "reviewed_version": review.reviewed_version.number if review.reviewed_version else None,
            }
        )
    return data


def formal_list_items(call: Call, now, *, public: bool = False) -> list[dict]:
    """One row per offer in the competition: the list of formal outcomes of the whole call."""
    reviews = queries.formal_reviews_of_call(call)
    items = []
    for offer in queries.offers_in_competition(call):
        review = reviews.get(offer.id)
        row = {
            "offer_id": offer.id,
            "organization": offer.organization.name,
            "title": offer.title,
            "status": review.status.value if review else FormalStatus.pending.value,
            "state": review.state(now) if review else "pending",
            "defects": list(review.defects or []) if review else [],
            "reason": review.reason if review and review.status == FormalStatus.rejected else None,
            "correction_deadline": iso_warsaw(review.correction_deadline) if review else None,
        }
        if not public:
            row["control_code"] = offer.current_version.control_code
        items.append(row)
    return items


def formal_list_publication_to_api(publication) -> dict:
    return {
        "call_id": publication.call_id,
        "version": publication.version,
        "published_at": iso_warsaw(publication.published_at),
        "items": publication.items,
    }


# ---------------------------------------------------------------- committee


def member_snapshot(member: CommitteeMember) -> dict:
    return {
        "user_id": member.user_id,
        "name": member.user.full_name,
        "role": member.role.value,
        "nominated_by_organization_id": member.nominated_by_organization_id,
    }


def member_to_api(member: CommitteeMember) -> dict:
    return {
        "id": member.id,
        "user_id": member.user_id,
        "full_name": member.user.full_name,
        "email": member.user.email,
        "role": member.role.value,
        "voting": member.voting,
        "status": member.status.value,
        "nominated_by_organization_id": member.nominated_by_organization_id,
        "nominated_by": member.nominated_by.name if member.nominated_by else None,
        "appointed_at": iso_warsaw(member.appointed_at),
        "removed_at": iso_warsaw(member.removed_at),
    }


def committee_record_to_api(call: Call, record: CommitteeRecord | None) -> dict:
    """The protocol's data of the committee: the appointing act, the sitting, the minute-taker."""
    return {
        "call_id": call.id,
        "act_number": record.act_number if record else None,
        "act_date": iso_date(record.act_date) if record else None,
        "meeting_date": iso_date(record.meeting_date) if record else None,
        "meeting_end_date": iso_date(record.meeting_end_date) if record else None,
        "meeting_place": record.meeting_place if record else None,
        "minute_taker": record.minute_taker if record else None,
        "updated_at": iso_warsaw(record.updated_at) if record else None,
    }


def declaration_to_api(declaration: Declaration) -> dict:
    return {
        "id": declaration.id,
        "call_id": declaration.call_id,
        "offer_id": declaration.offer_id,
        "member_id": declaration.member.user_id,
        "full_name": declaration.member.user.full_name,
        "impartial": declaration.status == DeclarationStatus.impartial,
        "status": declaration.status.value,
        "reason": declaration.reason,
        "declared_at": iso_warsaw(declaration.declared_at),
        "changed_at": iso_warsaw(declaration.changed_at),
    }


def assignment_to_api(assignment: Assignment) -> dict:
    return {
        "offer_id": assignment.offer_id,
        "member_id": assignment.member.user_id,
        "full_name": assignment.member.user.full_name,
        "role": assignment.member.role.value,
        "status": assignment.status.value,
        "created_at": iso_warsaw(assignment.created_at),
        "ended_at": iso_warsaw(assignment.ended_at),
        "end_reason": assignment.end_reason,
    }


def my_assignments_to_api(call: Call, member: CommitteeMember) -> list[dict]:
    """A member's work list: who submitted each offer (needed to judge impartiality, KPA art. 24), the
    title, and where the declaration and the sheet stand — no content before the declaration."""
    declarations = {d.offer_id: d for d in queries.declarations_of_call(call, member)}
    assignments = queries.assignments_of_call(call, member)
    offers = {offer.id: offer for offer in queries.offers_by_id(a.offer_id for a in assignments)}
    sheets = queries.sheet_statuses_of_member(member.id, offers)
    items = []
    for assignment in assignments:
        offer = offers[assignment.offer_id]
        declaration = declarations.get(offer.id)
        sheet = sheets.get(offer.id)
        items.append(
            {
                "offer_id": offer.id,
                "organization": offer.organization.name,
                "partners": [p.organization.name for p in offer.partners],
                "title": offer.title,
                "declaration": declaration.status.value if declaration else None,
                "sheet": sheet.value if sheet else None,
            }
        )
    return items


# ---------------------------------------------------------------- scores


def sheet_to_api(
    sheet: ScoreSheet | None, call: Call, *, offer_id: int | None = None, member_id: int | None = None
) -> dict:
    counting = {c.code for c in call.criteria if not c.advisory}
    if sheet is None:
        return {
            "id": None,
            "offer_id": offer_id,
            "member_id": member_id,
            "status": None,
            "final": False,
            "scores": {},
            "justifications": {},
            "total": None,
            "lock_version": None,
            "updated_at": None,
            "finalized_at": None,
            "reopened_at": None,
            "reopen_reason": None,
        }
    scores = {e.criterion_code: points_out(e.points) for e in sheet.entries if e.points is not None}
    total = sum((e.points for e in sheet.entries if e.points is not None and e.criterion_code in counting), Decimal(0))
    return {
        "id": sheet.id,  # the evaluation card's object_id (POST /documents, kind evaluation_card)
        "offer_id": sheet.offer_id,
        "member_id": sheet.member.user_id,
        "full_name": sheet.member.user.full_name,
        "role": sheet.member.role.value,
        "status": sheet.status.value,
        "final": sheet.status == SheetStatus.final,
        "scores": scores,
        "justifications": {e.criterion_code: e.justification for e in sheet.entries if e.justification},
        "total": points_out(total) if scores else None,
        "lock_version": sheet.lock_version,
        "updated_at": iso_warsaw(sheet.updated_at),
        "finalized_at": iso_warsaw(sheet.finalized_at),
        "reopened_at": iso_warsaw(sheet.reopened_at),
        "reopen_reason": sheet.reopen_reason,
    }


# ---------------------------------------------------------------- ranking


def _ranking_item(item, ranking: Ranking, names: dict) -> dict:
    row = ranking.offers[item.offer_id]
    expert = ranking.experts.get(item.offer_id)
    return {
        "offer_id": item.offer_id,
        "organization_id": row.organization_id,
        "organization": row.organization,
        "title": row.title,
        "requested_grant": money_str(item.requested_grant),
        "score": points_out(item.score),
        "per_criterion": [
            {
                "code": c.code,
                "name": names.get(c.code),
                "points": points_out(c.points),
                "n_scores": c.n_scores,
                "advisory": c.advisory,
                "meets_minimum": c.meets_minimum,
            }
            for c in item.per_criterion
        ],
        "n_scores": item.n_scores,
        "assigned": ranking.assigned.get(item.offer_id, 0),
        "spread": points_out(item.spread),
        "passes_threshold": item.passes_threshold,
        "rank": item.rank,
        "proposed_amount": money_str(item.proposed_amount),
        "disagreement": item.disagreement,
        "tied_with": list(item.tied_with),
        # art. 15 ust. 2e: experts' opinion, shown and never counted
        "expert_score": points_out(expert.score) if expert else None,
        "expert_n_scores": expert.n_scores if expert else 0,
    }


def _diagnostics_to_api(diagnostics, ranking: Ranking, members: dict) -> dict:
    """The diagnostics of the whole ranking (whatever rows a page shows)."""
    items = ranking.result.items
    assigned = ranking.assigned
    return {
        "alpha": diagnostics.alpha,
        "strictness": [
            {
                "member_id": s.member_id,
                "full_name": members.get(s.member_id),
                "n_offers": s.n_offers,
                "mean_deviation": s.mean_deviation,
                "z_score": s.z_score,
            }
            for s in diagnostics.strictness
        ],
        "disagreements": list(diagnostics.disagreements),
        "incomplete_sheets": [{"member_id": m, "offer_id": o} for m, o in diagnostics.incomplete_sheets],
        "ties": sorted({tuple(sorted((i.offer_id, *i.tied_with))) for i in items if i.tied_with}),
        "pending_scores": [
            {"offer_id": i.offer_id, "assigned": assigned.get(i.offer_id, 0), "final": i.n_scores}
            for i in items
            if i.n_scores < assigned.get(i.offer_id, 0)
        ],
        "counted": "final sheets of the chair and members with an impartial declaration; experts advisory",
    }


def ranking_to_api(ranking: Ranking, rows=None) -> dict:
    """The ranking with every item, or with `rows` only (scoring.RankedOffer of it: a page shows some); the
    figures and the diagnostics are always the whole ranking's."""
    result = ranking.result
    call = ranking.call
    names = {c.code: c.name for c in call.criteria}
    items = [_ranking_item(item, ranking, names) for item in (result.items if rows is None else rows)]
    diagnostics = None
    if result.diagnostics:
        members = member_names(call)
        diagnostics = _diagnostics_to_api(result.diagnostics, ranking, members)
    return {
        "call_id": call.id,
        "budget_total": money_str(result.budget),
        "allocated": money_str(result.allocated),
        "remaining": money_str(result.remaining),
        "max_total": points_out(result.max_total),
        "min_total_points": points_out(call.min_total_points),
        "aggregation": call.aggregation.value,
        "allow_half_points": call.allow_half_points,
        "partial_last": call.partial_last,
        "tie_break": tie_break_of(call),
        "items": items,
        "diagnostics": diagnostics,
    }


def evaluation_to_api(closure) -> dict:
    """Whether the committee's evaluation is closed, when and by whom (the ranking and the close answer)."""
    if closure is None:
        return {"closed": False, "closed_at": None, "closed_by": None}
    who = closure.closed_by.full_name if closure.closed_by else None
    return {"closed": True, "closed_at": iso_warsaw(closure.closed_at), "closed_by": who}


def withhold_undeclared(data: dict, readable: set[int] | None) -> dict:
    """The ranking as a committee member may read it: for an offer they have not declared impartiality for,
    the breakdown built from the members' sheets (per-criterion points, the spread between members, the
    experts' score) is withheld and the item says so (`sheets_withheld`); rank, total and amounts stay, as
    the committee's result. `readable` None: everything (office staff)."""
    for item in data["items"]:
        withheld = readable is not None and item["offer_id"] not in readable
        item["sheets_withheld"] = withheld
        if withheld:
            for criterion in item["per_criterion"]:
                criterion["points"] = None
                criterion["meets_minimum"] = None
            item["spread"] = item["disagreement"] = item["expert_score"] = None
    if readable is not None and data.get("diagnostics"):
        data["diagnostics"]["disagreements"] = [o for o in data["diagnostics"]["disagreements"] if o in readable]
    return data


# ---------------------------------------------------------------- decision and results


def decision_to_api(decision: Decision | None, call: Call) -> dict | None:
    if decision is None:
        return None
    funded = [a for a in decision.awards if a.funded]
    return {
        "id": decision.id,
        "call_id": call.id,
        "version": decision.version,
        "created_at": iso_warsaw(decision.created_at),
        "created_by_id": decision.created_by_id,
        "total": money_str(decision.total),
        "budget_total": money_str(call.budget_total),
        "remaining": money_str(call.budget_total - decision.total),
        "awards": [
            {
                "offer_id": a.offer_id,
                "organization": a.offer.organization.name,
                "title": a.offer.title,
                "amount": money_str(a.amount),
                "requested_grant": money_str(a.requested),
                "score": points_out(a.score),
            }
            for a in funded
        ],
        "not_funded": [
            {
                "offer_id": a.offer_id,
                "organization": a.offer.organization.name,
                "title": a.offer.title,
                "requested_grant": money_str(a.requested),
                "score": points_out(a.score),
                "reason": a.reason,
            }
            for a in decision.awards
            if not a.funded
        ],
    }


def results_items(decision: Decision) -> list[dict]:
    """The frozen rows of the published results: every offer the decision covered, best score first."""
    rows = []
    for award in decision.awards:
        organization = award.offer.organization
        rows.append(
            {
                "offer_id": award.offer_id,
                "organization_id": organization.id,
                "organization": organization.name,
                "krs": organization.krs,
                "nip": organization.nip,
                "regon": organization.regon,
                "task_title": award.offer.title,
                "amount": money_str(award.amount),
                "requested_grant": money_str(award.requested),
                "score": None if award.score is None else str(award.score),
                "funded": award.funded,
            }
        )
    rows.sort(
        key=lambda r: (not r["funded"], -Decimal(r["score"]) if r["score"] is not None else Decimal(1), r["offer_id"])
    )
    return rows


def _score_number(value):
    return None if value is None else points_out(Decimal(value))


def results_to_api(publication: ResultsPublication, call: Call) -> dict:
    return {
        "call_id": call.id,
        "call_title": call.title,
        "office": call.office.name if call.office else None,
        "published_at": iso_warsaw(publication.published_at),
        "channels": publication.channels,
        "decision_version": publication.decision.version,
        "total": money_str(sum((Decimal(i["amount"]) for i in publication.items), Decimal("0.00"))),
        "items": [
            {
                "offer_id": i["offer_id"],
                "organization": i["organization"],
                "task_title": i["task_title"],
                "amount": i["amount"],
                "score": _score_number(i["score"]),
                "funded": i["funded"],
            }
            for i in publication.items
        ],
    }


def justification_to_api(request: JustificationRequest) -> dict:
    return {
        "id": request.id,
        "call_id": request.call_id,
        "offer_id": request.offer_id,
        "requester": request.requester,
        "email": request.email,
        "text": request.text,
        "received_at": iso_warsaw(request.received_at),
        "status": request.status.value,
        "answer": request.answer,
        "answered_at": iso_warsaw(request.answered_at),
    }
