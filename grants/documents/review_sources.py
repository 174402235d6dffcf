"""The review's documents from OKO's own data: a committee member's evaluation card (one score sheet), the
committee's protocol and the results of a call (art. 15 ust. 2a–2j of the Act).

Each kind has an access rule (`*_access`: who may see the object now; cheap, asked again on every look at a
document already made) and a loader (the builder's plain source data). Whoever the rule does not let in is
told "not found", never "forbidden": another office's call, a sheet of another committee stay unknown.
"""

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office
from grants.calls.models import Call, CallStatus
from grants.clock import warsaw_date
from grants.documents.loading import Source, header_for
from grants.errors import Conflict, NotFound
from grants.formatting import iso_date, iso_warsaw, money_str, points_out
from grants.review import queries, serialize
from grants.review.models import DeclarationStatus, FormalStatus, ScoreSheet
from grants.review.ranking import call_ranking


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _office_staff(user, call: Call) -> bool:
    return _authenticated(user) and user.is_officer and in_own_office(user, call.office_id)


# ---------------------------------------------------------------- the evaluation card (one score sheet)


def evaluation_card_access(object_id: int, user) -> tuple[ScoreSheet, Call, object]:
    """Score sheet `object_id`: its own member, the call's office and the committee's chair — the last two
    under the rule of the sheets page (KPA art. 24 via art. 15 ust. 2f: a committee member, the chair
    included, reads nobody's sheet of an offer before declaring impartiality for it)."""
    missing = NotFound(_("Nie ma takiej karty oceny."))
    sheet = queries.score_sheet(object_id)
    if sheet is None or not _authenticated(user):
        raise missing
    call = queries.get_call(sheet.call_id)
    offer = queries.get_submitted_offer(sheet.offer_id, call=call)
    if sheet.member.user_id != user.id:
        if not (_office_staff(user, call) or queries.is_chair(user, call)):
            raise missing
        refusal = queries.sheets_read_refusal(user, offer)
        if refusal is not None:
            raise refusal
    return sheet, call, offer


def load_evaluation_card(object_id: int, user) -> Source:
    """A final sheet only: a draft changes until its member approves it, and the card is what they signed
    off (the chair's reopening makes it a draft again, and the next card a new version)."""
    sheet, call, offer = evaluation_card_access(object_id, user)
    if not sheet.is_final:
        raise Conflict(
            _("Karta oceny nie jest zatwierdzona. Dokument powstaje z zatwierdzonej karty oceny."),
            code="sheet_not_final",
        )
    member = sheet.member
    entries = {entry.criterion_code: entry for entry in sheet.entries}
    declaration = queries.declaration_for(member.id, offer.id)
    version = offer.current_version
    return Source(
        data={
            "header": header_for(call.office),
            "call": {"id": call.id, "title": call.title},
            "offer": {
                "number": offer.id,
                "title": offer.title,
                "organization": offer.organization.name,
                "partners": [partner.organization.name for partner in offer.partners],
                "version": version.number,
                "control_code": version.control_code,
            },
            "member": {
                "full_name": member.user.full_name,
                "role": member.role.value,
                "nominated_by": member.nominated_by.name if member.nominated_by else None,
            },
            "criteria": [
                {
                    "name": criterion.name,
                    "max_points": points_out(criterion.max_points),
                    "points": points_out(entries[criterion.code].points) if criterion.code in entries else None,
                    "justification": entries[criterion.code].justification if criterion.code in entries else "",
                    "advisory": criterion.advisory,
                }
                for criterion in call.criteria
            ],
            "declaration": {
                "impartial": declaration.status == DeclarationStatus.impartial,
                "declared_at": iso_warsaw(declaration.declared_at),
            }
            if declaration
            else None,
            "final": True,
            "scored_at": iso_warsaw(sheet.finalized_at),
        },
        office_id=call.office_id,
    )


# ---------------------------------------------------------------- the committee's protocol


def committee_protocol_access(object_id: int, user) -> Call:
    """Call `object_id`'s protocol: the office's staff and the committee's chair."""
    call = queries.get_call(object_id)
    if _office_staff(user, call) or queries.is_chair(user, call):
        return call
    raise NotFound(_("Nie ma takiego naboru."))


def _formal_rows(call: Call) -> list[dict]:
    reviews = queries.formal_reviews_of_call(call)
    rows = []
    for offer in queries.offers_in_competition(call):
        review = reviews.get(offer.id)
        rows.append(
            {
                "number": offer.id,
                "organization": offer.organization.name,
                "title": offer.title,
                "formal": review.status.value if review else FormalStatus.pending.value,
                "formal_reason": review.reason if review else None,
                "defects": list(review.defects or []) if review else [],
            }
        )
    return rows


def _ranking_rows(call: Call, decision) -> tuple[list[dict], str]:
    """The ranking as `grants.review.ranking` computes it (final sheets only, experts advisory), each offer
    with its amount in the office's latest decision."""
    ranking = serialize.ranking_to_api(call_ranking(call))
    awards = {award.offer_id: award for award in decision.awards} if decision else {}
    rows = []
    for item in ranking["items"]:
        award = awards.get(item["offer_id"])
        rows.append(
            {
                "number": item["offer_id"],
                "organization": item["organization"],
                "title": item["title"],
                "requested_grant": item["requested_grant"],
                "score": item["score"],
                "n_scores": item["n_scores"],
                "passes_threshold": item["passes_threshold"],
                "rank": item["rank"],
                "proposed_amount": item["proposed_amount"],
                "expert_score": item["expert_score"],
                "decision_funded": award.funded if award else None,
                "decision_amount": money_str(award.amount) if award else None,
                "decision_reason": award.reason if award else None,
            }
        )
    return rows, ranking["allocated"]


def load_committee_protocol(object_id: int, user) -> Source:
    call = committee_protocol_access(object_id, user)
    committee = queries.committee_of(call)
    if not committee:
        raise Conflict(_("Komisja konkursowa tego naboru nie została jeszcze powołana."), code="no_committee")
    record = queries.committee_record(call)
    decision = queries.latest_decision(call)
    ranking, allocated = _ranking_rows(call, decision)
    seats = {member.id: position for position, member in enumerate(committee)}  # the chair first
    titles = {offer.id: offer.title for offer in queries.offers_in_competition(call)}
    declarations = sorted(
        (d for d in queries.declarations_of_call(call) if d.member_id in seats),
        key=lambda d: (seats[d.member_id], d.offer_id),
    )
    return Source(
        data={
            "header": header_for(call.office),
            "call": {
                "id": call.id,
                "title": call.title,
                "min_total_points": points_out(call.min_total_points),
                "max_total_points": points_out(call.max_total_points),
                "aggregation": call.aggregation.value,
                "budget_total": money_str(call.budget_total),
            },
            "appointment": {
                "act_number": record.act_number if record else None,
                "act_date": iso_date(record.act_date) if record else None,
            },
            "meeting": {
                "date": iso_date(record.meeting_date) if record else None,
                "end_date": iso_date(record.meeting_end_date) if record else None,
                "place": record.meeting_place if record else None,
            },
            "minute_taker": record.minute_taker if record else None,
            "members": [
                {
                    "full_name": member.user.full_name,
                    "role": member.role.value,
                    "nominated_by": member.nominated_by.name if member.nominated_by else None,
                }
                for member in committee
            ],
            "declarations": [
                {
                    "member": declaration.member.user.full_name,
                    "offer": " — ".join(filter(None, (f"nr {declaration.offer_id}", titles.get(declaration.offer_id)))),
                    "impartial": declaration.status == DeclarationStatus.impartial,
                    "declared_at": iso_warsaw(declaration.changed_at or declaration.declared_at),
                    "reason": declaration.reason,
                }
                for declaration in declarations
            ],
            "offers": _formal_rows(call),
            "ranking": ranking,
            "allocated": allocated,
            "decision": {
                "version": decision.version,
                "created_at": iso_warsaw(decision.created_at),
                "total": money_str(decision.total),
            }
            if decision
            else None,
        },
        office_id=call.office_id,
    )


# ---------------------------------------------------------------- the results


def results_access(object_id: int, user) -> tuple[Call, object]:
    """Call `object_id`'s results: anyone's once published (art. 15 ust. 2h); before that only the office's,
    as a draft of its latest decision. (call, publication or None)"""
    call = queries.get_call(object_id)
    publication = queries.results_publication(call.id)
    if publication is not None and call.status == CallStatus.resolved:
        return call, publication
    if _office_staff(user, call):
        return call, None
    if not call.is_public:
        raise NotFound(_("Nie ma takiego naboru."))
    raise NotFound(_("Wyniki tego naboru nie zostały jeszcze ogłoszone."))


def load_results(object_id: int, user) -> Source:
    """The frozen publication's rows (what was announced, whatever changed since); before the publication,
    the office's draft from the latest decision, marked as a draft on every page."""
    call, publication = results_access(object_id, user)
    if publication is not None:
        decision, items = publication.decision, publication.items
    else:
        decision = queries.latest_decision(call)
        if decision is None:
            raise Conflict(_("Najpierw zapisz decyzję o wyborze ofert: wyniki powstają z decyzji."), code="no_decision")
        items = serialize.results_items(decision)
    reasons = {award.offer_id: award.reason for award in decision.awards}
    return Source(
        data={
            "header": header_for(call.office),
            "call": {
                "id": call.id,
                "title": call.title,
                "task_type": call.task_type,
                "budget_total": money_str(call.budget_total),
            },
            "decided_on": iso_date(warsaw_date(decision.created_at)),
            "decision_version": decision.version,
            "published_at": iso_warsaw(publication.published_at) if publication else None,
            "channels": dict(publication.channels) if publication else {},
            "items": [
                {
                    "organization": i["organization"],
                    "task_title": i["task_title"],
                    "score": i["score"],
                    "amount": i["amount"],
                }
                for i in items
                if i["funded"]
            ],
            "not_awarded": [
                {
                    "organization": i["organization"],
                    "task_title": i["task_title"],
                    "score": i["score"],
                    "reason": reasons.get(i["offer_id"]),
                }
                for i in items
                if not i["funded"]
            ],
            "draft": publication is None,
        },
        office_id=call.office_id,
    )
