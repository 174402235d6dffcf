"""The review pages' data for the templates: what each page shows besides its form (the lists, matrices,
options and statuses), built from the queries and `serialize`. Nothing here writes or decides a rule."""

from datetime import datetime, timedelta

from flask_babel import gettext as _

from grants.calls.labels import channel_label
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.offers.labels import field_label
from grants.offers.models import Offer
from grants.offers.schema import CORRECTABLE_FIELDS
from grants.offers.serialize import office_view
from grants.review import queries, rules, serialize
from grants.review.models import FormalStatus
from grants.review.ranking import call_ranking


def correctable_field_options() -> list[dict]:
    return [{"value": name, "label": field_label(name)} for name in sorted(CORRECTABLE_FIELDS)]


def organization_options() -> list[dict]:
    return [{"value": str(o.id), "label": o.name} for o in queries.all_organizations()]


def accepted_offers(call: Call) -> list[Offer]:
    return queries.offers_by_id(queries.accepted_offer_ids(call))


def declaration_matrix(call: Call) -> dict:
    return {(d.member_id, d.offer_id): d.status.value for d in queries.declarations_of_call(call)}


def assignment_matrix(call: Call) -> set:
    return {(a.member_id, a.offer_id) for a in queries.assignments_of_call(call)}


def assignment_warning(warning: dict) -> str:
    found = queries.offers_by_id([warning["offer_id"]]) if warning.get("offer_id") else []
    offer = found[0] if found else None
    title = offer.title if offer else str(warning.get("offer_id"))
    if warning.get("code") == "understaffed":
        return _(
            "Oferta „%(title)s” ma mniej oceniających, niż trzeba — brakuje członków komisji bez wyłączenia.",
            title=title,
        )
    return _("Przy ofercie „%(title)s” przekroczono limit ofert na jednego członka komisji.", title=title)


def publication_channels(publication) -> list[tuple[str, datetime]]:
    return [
        (channel_label(channel), datetime.fromisoformat(moment))
        for channel, moment in (publication.channels or {}).items()
    ]


def my_calls(user) -> list[dict]:
    rows = []
    for call, member in queries.calls_of_member(user):
        items = serialize.my_assignments_to_api(call, member)
        rows.append(
            {
                "call": call,
                "role": member.role.value,
                "assigned": len(items),
                "to_declare": sum(1 for i in items if i["declaration"] is None),
                "final": sum(1 for i in items if i["sheet"] == "final"),
                "is_chair": queries.is_chair(user, call),
            }
        )
    return rows


def ngo_review_status(offer) -> dict | None:
    """The template global of templates/review/_ngo_outcome.html."""
    return ngo_status(offer, now_utc())


def ngo_status(offer, now) -> dict | None:
    """The formal outcome (with the correction request) and the published result of an NGO's offer."""
    if offer is None or getattr(offer, "id", None) is None:
        return None
    review = queries.formal_review_of(offer.id)
    publication = queries.results_publication(offer.call_id)
    result = None
    if publication is not None:
        result = next((item for item in publication.items if item.get("offer_id") == offer.id), None)
    if review is None and result is None:
        return None
    data = {"review": None, "result": result, "published_at": publication.published_at if publication else None}
    if review is not None:
        data["review"] = {
            "status": review.status.value,
            "state": review.state(now),
            "defects": list(review.defects or []),
            "fields": [field_label(f) for f in review.fields or []],
            "reason": review.reason if review.status == FormalStatus.rejected else None,
            "correction_deadline": review.correction_deadline,
            "correction_open": review.correction_open(now),
            "decided_at": review.decided_at,
        }
    return data


# ---------------------------------------------------------------- each page's data besides its form


def desk(call: Call, now: datetime) -> dict:
    """The review desk: where the checklist stands, every offer's formal outcome and the published list."""
    return {
        "checklist_is_default": not queries.has_own_checklist(call),
        "checklist_locked": queries.formal_review_started(call),
        "items": serialize.formal_list_items(call, now),
        "published": queries.latest_formal_list(call.id),
        "can_publish_list": call.status in (CallStatus.under_review, CallStatus.resolved),
    }


def formal(call: Call, offer: Offer, now: datetime) -> dict:
    """One offer's formal check: its outcome so far, the checklist, the fields a correction may open."""
    return {
        "review": serialize.formal_review_to_api(offer, queries.formal_review_of(offer.id), now),
        "items": queries.checklist_for(call),
        "field_options": correctable_field_options(),
        "default_last_day": rules.correction_deadline(now, call.correction_days) - timedelta(seconds=1),
    }


def committee(call: Call) -> dict:
    """The committee page: the members, who declared what and who evaluates which offer."""
    return {
        "organizations": organization_options(),
        "committee": queries.committee_of(call),
        "offers": accepted_offers(call),
        "declarations": declaration_matrix(call),
        "assignments": assignment_matrix(call),
        "criteria": call.criteria,
        "nominee_conflicts": queries.nominee_conflicts(call),
    }


def ranking(call: Call, decision, user) -> dict:
    """The ranking as the API gives it to `user`, with the latest `decision` (the office's) and the publication."""
    data = serialize.ranking_to_api(call_ranking(call))
    return {
        "data": serialize.withhold_undeclared(data, queries.impartial_offer_ids(user, call)),
        "decision": serialize.decision_to_api(decision, call) if decision else None,
        "publication": queries.results_publication(call.id),
        "under_review": call.status == CallStatus.under_review,
        "can_cancel": call.can_move_to(CallStatus.cancelled),
    }


def sheets(call: Call, offer: Offer, user) -> dict:
    """Every member's sheet of one offer, for the office and the chair."""
    return {
        "sheets": [serialize.sheet_to_api(s, call) for s in queries.sheets_of_offer(offer)],
        "criteria": call.criteria,
        "is_chair": queries.is_chair(user, call),
        "under_review": call.status == CallStatus.under_review,
    }


def justifications(call: Call) -> dict:
    return {
        "requests": [serialize.justification_to_api(r) for r in queries.justification_requests_of(call)],
        "publication": queries.results_publication(call.id),
    }


def my_call(call: Call, member, user) -> dict:
    """A member's work list in one call."""
    return {"items": serialize.my_assignments_to_api(call, member), "is_chair": queries.is_chair(user, call)}


def score(call: Call, offer: Offer, member, user) -> dict:
    """The offer as the office sees it, beside the member's own sheet."""
    sheet = queries.sheet_for(member.id, offer.id)
    return {
        "sheet": serialize.sheet_to_api(sheet, call, offer_id=offer.id, member_id=user.id),
        "criteria": call.criteria,
        "data": office_view(offer),
        "under_review": call.status == CallStatus.under_review,
    }


def results(call: Call, publication, now: datetime) -> dict:
    """The published results, and until when anyone may ask for the justification (art. 15 ust. 2i)."""
    return {
        "data": serialize.results_to_api(publication, call),
        "publication": publication,
        "justification_open": publication.justification_open(now),
        "justification_last_day": rules.justification_deadline(publication.published_at) - timedelta(seconds=1),
        "channels": publication_channels(publication),
    }
