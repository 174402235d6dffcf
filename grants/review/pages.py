"""The review pages' data for the templates: what each page shows besides its form (the lists, matrices,
options and statuses), built from the queries and `serialize`. Nothing here writes or decides a rule."""

from datetime import datetime, timedelta

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office
from grants.calls.labels import channel_label, criterion_tag
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict, NotFound
from grants.formatting import iso_warsaw, moment_pl, money_input, money_str
from grants.offers.labels import channel_label as confirmation_channel_label
from grants.offers.labels import field_label
from grants.offers.models import Offer
from grants.offers.schema import CORRECTABLE_FIELDS
from grants.offers.serialize import office_view
from grants.review import (
    awards,
    desk_list,
    desk_rows,
    operations,
    queries,
    ranking_list,
    ranking_rows,
    rules,
    schema,
    serialize,
)
from grants.review.models import FormalStatus
from grants.review.operations.settings import rules_frozen
from grants.review.ranking import call_ranking, selection_rules_of, sheets_progress, with_offers
from grants.urls import id_url


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
    # After the results: the award as it stands (resigned, moved money) and its update (aktualizacja).
    data["award"] = awards.update_view(offer, awards.award_record(offer), now) if publication else {"state": None}
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


def desk(call: Call, now: datetime, filters: desk_list.Filters) -> dict:
    """The review desk: where the checklist stands, a page of the offers with their formal outcome, the whole
    call's counts and the published list."""
    page, items = desk_list.desk_page(call, filters, now)
    figures, own_checklist, started, published = desk_list.desk_overview(call)
    return {
        "checklist_is_default": not own_checklist,
        "checklist_locked": started,
        "filters": filters,
        "page": page,
        "items": items,
        # each row's formal check goes back to this page of the desk
        "rows": desk_rows.rows(
            items, id_url("review_pages.formal", "offer_id", call_id=call.id, **filters.back_args())
        ),
        "figures": figures,
        "published": published,
        "can_publish_list": call.status in (CallStatus.under_review, CallStatus.resolved),
    }


def formal_facts(offer: Offer) -> dict[str, str]:
    """What OKO recorded about the items it can know, shown beside them on the formal check: when the version
    came in against the deadline, whether the signed confirmation did, and the arithmetic checked at
    submission (grants.offers refuses a cost estimate whose sums do not add up)."""
    version = offer.current_version
    deadline = offer.call.submission_deadline
    confirmation = version.confirmation
    return {
        "on_time": (
            _(
                "OKO: złożona %(when)s, przed upływem terminu (%(deadline)s).",
                when=moment_pl(version.submitted_at),
                deadline=moment_pl(deadline),
            )
            if version.submitted_at < deadline
            else _(
                "OKO: ta wersja złożona %(when)s, po terminie składania ofert (%(deadline)s) — sprawdź, czy to "
                "poprawka złożona na wezwanie.",
                when=moment_pl(version.submitted_at),
                deadline=moment_pl(deadline),
            )
        ),
        "confirmation_received": (
            _(
                "OKO: wpłynęło %(when)s (%(channel)s).",
                when=moment_pl(confirmation.received_at),
                channel=confirmation_channel_label(confirmation.channel.value),
            )
            if confirmation is not None
            else _("OKO: nie wpłynęło.")
        ),
        "arithmetic": _("OKO: sumy kalkulacji kosztów sprawdzone przy złożeniu oferty."),
    }


def formal(call: Call, offer: Offer, now: datetime) -> dict:
    """One offer's formal check: its outcome so far, the checklist with what OKO recorded, the fields a
    correction may open."""
    return {
        "facts": formal_facts(offer),
        "review": serialize.formal_review_to_api(offer, queries.formal_review_of(offer.id), now),
        "items": queries.checklist_for(call),
        "field_options": correctable_field_options(),
        "default_last_day": rules.correction_deadline(now, call.correction_days) - timedelta(seconds=1),
    }


def public_formal_list(publication) -> dict:
    """The published list of formal outcomes as the public page shows it: the rows as they were published
    (the publication keeps its own copy, not today's outcomes) and the counts."""
    rows = list(publication.items)
    counts = {"accepted": 0, "rejected": 0, "other": 0}
    for row in rows:
        counts[row["status"] if row["status"] in ("accepted", "rejected") else "other"] += 1
    return {"publication": publication, "rows": rows, "counts": counts}


def publish_confirmation(call: Call, rows: list[dict], now: datetime) -> dict:
    """The announcement's confirmation step (issue 11: an irreversible act says what will happen first): the
    latest decision as it will be published, the three publication moments as typed (checked as the operation
    will check them: 422 at the field), who will be mailed and until when the justification may be asked."""
    decision = queries.latest_decision(call)
    if decision is None:
        raise Conflict(_("Najpierw zapisz decyzję o wyborze ofert."), code="no_decision")
    channels = schema.parse_channels(rows, now)
    last = max(channels.values())
    return {
        "decision": decision,
        "funded": [a for a in decision.awards if a.funded],
        "not_funded": [a for a in decision.awards if not a.funded],
        "channels": [(channel_label(c.value), moment) for c, moment in channels.items()],
        "rows": rows,
        "offerors": len(queries.offers_in_competition(call)),
        "justification_last_day": rules.justification_deadline(last) - timedelta(seconds=1),
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
        # The selection rules belong to the announcement: frozen from the deadline (art. 13 ust. 2 pkt 6).
        "selection_rules": selection_rules_of(call),
        "rules_frozen": rules_frozen(call, now_utc()) or call.status in (CallStatus.resolved, CallStatus.cancelled),
    }


SHORT_NAME = 22  # characters of a criterion's name in the ranking matrix's header (the full name in <abbr>)


def short_name(name: str, limit: int = SHORT_NAME) -> str:
    """A criterion's name cut at a word to fit a matrix column: „Możliwość realizacji…"."""
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0] or name[:limit]
    return cut.rstrip(" ,;:(–—-") + "…"


def ranking_columns(call: Call) -> list[dict]:
    """The ranking matrix's criterion columns, in the announcement's order (art. 13 ust. 2 pkt 6 criteria)."""
    return [
        {
            "code": c.code,
            "name": c.name,
            # the officer's short label ("K1") is what a narrow column needs; a machine code is never shown
            "short": criterion_tag(c.code) or short_name(c.name),
            "max_points": c.max_points,
            "advisory": c.advisory,
        }
        for c in call.criteria
    ]


NAMED_SHEETS = 50  # the sheets not yet final named on the ranking page; the rest are counted


def ranking(call: Call, user, filters: ranking_list.Filters) -> dict:
    """The ranking as the API gives it to `user`, computed whole and shown a page of rows at a time (the
    figures, the counts and the diagnostics are the whole ranking's), with the latest decision (to the office)
    and the publication."""
    state = ranking_list.page_state(call, user)
    computed = call_ranking(call, reuse=True, stamp=state.stamp)
    items = computed.result.items
    page = ranking_list.ranking_page(call, items, filters)
    with_offers(computed, [item.offer_id for item in page.items])
    readable = queries.readable_offer_ids(user, state.member_id)
    # the figures and the diagnostics as the API gives them; the rows as the matrix prints them
    data = serialize.withhold_undeclared(serialize.ranking_to_api(computed, ()), readable)
    columns = ranking_columns(call)
    data["items"] = ranking_rows.page_rows(computed, page.items, readable, columns)
    closure = state.closure()
    passing = sum(1 for item in items if item.passes_threshold)
    return {
        "columns": columns,
        "closure": closure,
        "sheets": sheets_progress(call, NAMED_SHEETS, computed.stamp) if closure is None else None,
        "data": data,
        "filters": filters,
        "page": page,
        "counts": {"all": len(items), "yes": passing, "no": len(items) - passing},
        "decision": _decision_summary(state.decision(), call) if user.is_officer else None,
        "publication": state.publication(),
        "under_review": call.status == CallStatus.under_review,
        "can_cancel": call.can_move_to(CallStatus.cancelled),
    }


def _decision_summary(decision, call: Call) -> dict | None:
    """What the ranking page says of the latest decision, as the API words it (serialize.decision_to_api),
    without its lines: each would load its offer."""
    if decision is None:
        return None
    return {
        "version": decision.version,
        "created_at": iso_warsaw(decision.created_at),
        "total": money_str(decision.total),
        "remaining": money_str(call.budget_total - decision.total),
    }


def decision_rows(call: Call) -> list[dict]:
    """The decision form's rows: every offer of the ranking in its order (the decision covers them all: an
    offer left out is not funded), with what the office decides from."""
    computed = with_offers(call_ranking(call, reuse=True))
    rows = []
    for item in computed.result.items:
        offer = computed.offers[item.offer_id]
        rows.append(
            {
                "offer_id": item.offer_id,
                "title": offer.title,
                "organization": offer.organization,
                "rank": item.rank,
                "score": item.score,
                "passes_threshold": item.passes_threshold,
                "requested_grant": item.requested_grant,
                "proposed_amount": item.proposed_amount,
            }
        )
    return rows


def decision(call: Call, decision_) -> dict:
    """The decision page: every offer's row, the latest decision and the budget."""
    return {
        "rows": decision_rows(call),
        "decision": serialize.decision_to_api(decision_, call) if decision_ else None,
        "budget_total": call.budget_total,
        "under_review": call.status == CallStatus.under_review,
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
        # Resignations and moved money since the results, kept beside them (the results stay as issued).
        "changes": awards.changes_of_call(call.id),
    }


# ---------------------------------------------------------------- after the results: updates, resignations, moved money


def awards_office(call: Call, user, now: datetime) -> dict | None:
    """The office's part of the results page: each awarded offer's update state, the freed money and the
    next offer of the ranking that may take it. None for anyone but the call's office."""
    if not (getattr(user, "is_authenticated", False) and user.is_officer and in_own_office(user, call.office_id)):
        return None
    free = awards.freed_money(call.id)
    candidates = operations.next_offers(call) if free > 0 else []
    next_offer = queries.offers_by_id(candidates[:1])[0] if candidates else None
    requested = awards.baseline_version(next_offer).requested_grant if next_offer else None
    return {
        "rows": awards.overview(call.id, now),
        "free": free,
        "next_offer": next_offer,
        "next_amount_input": money_input(min(free, requested)) if next_offer else "",
    }


def _rows_diff(before: list[dict], after: list[dict], fields) -> list[dict]:
    rows = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        pick = lambda row: [(row or {}).get(f) for f in fields]  # noqa: E731
        rows.append(
            {"n": index + 1, "before": old and pick(old), "after": new and pick(new), "changed": pick(old) != pick(new)}
        )
    return rows


def update_diff(offer) -> dict:
    """The update against the version the award was given on: actions, results, cost lines and sums."""
    baseline, update = awards.baseline_version(offer), awards.update_version(offer)
    if baseline is None or update is None:
        raise NotFound(_("Ta oferta nie ma aktualizacji."))
    old, new = baseline.document["content"], update.document["content"]
    cost_fields = ("action", "name", "unit", "quantity", "unit_cost", "grant_part")
    return {
        "baseline": baseline,
        "update": update,
        "note": update.document["update"].get("results_note", ""),
        "award": update.document["update"].get("award"),
        "actions": _rows_diff(old.get("actions", []), new.get("actions", []), ("name", "description", "period")),
        "results": _rows_diff(old.get("results", []), new.get("results", []), ("name", "target_value", "monitoring")),
        "costs": _rows_diff(old.get("cost_items", []), new.get("cost_items", []), cost_fields),
        "sums": [
            (_("Suma wszystkich kosztów"), baseline.total_cost, update.total_cost),
            (_("Wnioskowana dotacja"), baseline.requested_grant, update.requested_grant),
        ],
        "shares": (
            baseline.document["computed"].get("grant_percent"),
            update.document["computed"].get("grant_percent"),
        ),
    }
