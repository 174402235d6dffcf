"""Calls and programmes as plain dicts: the API's JSON and the templates' data."""

from grants.calls.models import Call, Programme
from grants.calls.queries import same_type_tasks
from grants.clock import now_utc, warsaw_date
from grants.formatting import iso_date, iso_warsaw, money_str, points_out


def percent_out(value):
    return money_str(value)


def programme_to_api(programme: Programme) -> dict:
    return {
        "id": programme.id,
        "office_id": programme.office_id,
        "year": programme.year,
        "title": programme.title,
        "budget_total": money_str(programme.budget_total),
        "priorities": [
            {"id": p.id, "code": p.code, "name": p.name, "budget": money_str(p.budget)} for p in programme.priorities
        ],
    }


def call_to_api(call: Call, now=None, *, include_audit_fields: bool = False, same_type: list | None = None) -> dict:
    """`same_type`: the call's tasks of art. 13 ust. 2 pkt 7 when a list has read them for its whole page."""
    now = now or now_utc()
    data = {
        "id": call.id,
        "office_id": call.office_id,
        "office": call.office.name if call.office else None,
        "status": call.phase(now),
        "is_open": call.is_open(now),
        "title": call.title,
        "task_type": call.task_type,
        "programme_priority": call.programme_priority_id,
        "programme_priority_code": call.priority.code if call.priority else None,
        "programme_priority_name": call.priority.name if call.priority else None,
        "form": call.form.value,
        "description": call.description,
        "budget_total": money_str(call.budget_total),
        "grant_min": money_str(call.grant_min),
        "grant_max": money_str(call.grant_max),
        "own_contribution_min_percent": percent_out(call.own_contribution_min_percent),
        "admin_costs_max_percent": percent_out(call.admin_costs_max_percent),
        "task_start": iso_date(call.task_start),
        "task_end": iso_date(call.task_end),
        "task_conditions": call.task_conditions,
        "award_rules": call.award_rules,
        "submission_deadline": iso_warsaw(call.submission_deadline),
        "selection_deadline": iso_date(call.selection_deadline),
        "selection_procedure": call.selection_procedure,
        "same_type_tasks": call.same_type_tasks,
        "same_type_tasks_computed": _same_type_to_api(call, now, same_type),
        "correction_days": call.correction_days,
        "update_days": call.update_days,
        "cost_shift_tolerance_percent": percent_out(call.cost_shift_tolerance_percent),
        "results_table_required": call.results_table_required is not False,
        "contact_name": call.contact_name or None,
        "contact_email": call.contact_email,
        "contact_phone": call.contact_phone,
        "confirmation_days": call.confirmation_days,
        "criteria": _criteria_to_api(call),
        "max_total_points": points_out(call.max_total_points),
        "min_total_points": points_out(call.min_total_points),
        "aggregation": call.aggregation.value,
        "evaluators_per_offer": call.evaluators_per_offer,
        "publications": _publications_to_api(call),
        "published_at": iso_warsaw(call.published_at),
        "amendments": _amendments_to_api(call),
        "cancelled_at": iso_warsaw(call.cancelled_at),
        "cancel_reason": call.cancel_reason,
        # "cancellation" (art. 18a ust. 1, with its ground) or "withdrawal" (odwołanie); null before either.
        "cancel_kind": call.cancel_kind.value if call.cancel_kind else None,
        "cancel_ground": call.cancel_ground.value if call.cancel_ground else None,
        "cancel_publications": [
            {"channel": channel, "published_at": moment} for channel, moment in (call.cancel_publications or {}).items()
        ],
        "organ": (call.office.organ_name or None) if call.office else None,
        "announcement_act_number": call.announcement_act_number,
        "announcement_act_date": iso_date(call.announcement_act_date),
        "created_at": iso_warsaw(call.created_at),
    }
    return data


def announcement_year(call: Call, now=None) -> int:
    return warsaw_date(call.published_at or now or now_utc()).year


def _same_type_to_api(call: Call, now, rows: list | None = None) -> list[dict]:
    rows = same_type_tasks(call, announcement_year(call, now)) if rows is None else rows
    return [{**row, "amount": money_str(row["amount"])} for row in rows]


def _criteria_to_api(call: Call) -> list[dict]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "max_points": points_out(c.max_points),
            "min_points": points_out(c.min_points),
            "advisory": c.advisory,
        }
        for c in call.criteria
    ]


def _publications_to_api(call: Call) -> list[dict]:
    return [{"channel": p.channel.value, "published_at": iso_warsaw(p.published_at)} for p in call.publications]


def _amendments_to_api(call: Call) -> list[dict]:
    return [
        {
            "id": a.id,
            "created_at": iso_warsaw(a.created_at),
            "reason": a.reason,
            "before": a.before,
            "after": a.after,
        }
        for a in call.amendments
    ]
