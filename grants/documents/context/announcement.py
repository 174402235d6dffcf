"""The call's announcement (art. 13 ust. 2 of the Act)."""

from grants.documents.context.parts import base, clean, day, moment, money, paragraphs, percent, points

FORMS = {
    "wspieranie": "wspieranie realizacji zadania publicznego (współfinansowanie)",
    "powierzanie": "powierzenie realizacji zadania publicznego (finansowanie)",
}
AGGREGATION = {"mean": "średnia arytmetyczna ocen członków komisji", "median": "mediana ocen członków komisji"}
CHANNELS = {
    "bip": "Biuletyn Informacji Publicznej",
    "noticeboard": "tablica ogłoszeń urzędu",
    "website": "strona internetowa urzędu",
}


def _criteria(call: dict) -> dict:
    return {
        "criteria": [
            {
                "name": clean(c.get("name")),
                "max_points": points(c.get("max_points")),
                "min_points": points(c.get("min_points")) if c.get("min_points") is not None else "—",
                "advisory": bool(c.get("advisory")),
            }
            for c in call.get("criteria") or []
        ],
        "max_total_points": points(call.get("max_total_points")),
        "min_total_points": points(call.get("min_total_points")) if call.get("min_total_points") is not None else "—",
        "aggregation": AGGREGATION.get(call.get("aggregation"), clean(call.get("aggregation"))),
    }


def _history(call: dict) -> dict:
    """Where the announcement was published, its amendments and its cancellation."""
    cancelled = bool(call.get("cancelled_at"))
    return {
        "publications": [
            {
                "channel": CHANNELS.get(p.get("channel"), clean(p.get("channel"))),
                "published_at": moment(p.get("published_at")),
            }
            for p in call.get("publications") or []
        ],
        "amendments": [
            {"created_at": moment(a.get("created_at")), "reason": paragraphs(a.get("reason"))}
            for a in call.get("amendments") or []
        ],
        "cancelled": cancelled,
        # "withdrawal": an odwołanie (no art. 18a); "cancellation": art. 18a ust. 1 with its point; None: before
        # the two were told apart, the generic art. 18a wording.
        "cancel_kind": call.get("cancel_kind") if cancelled else None,
        "cancel_point": {"no_offers": 1, "no_valid_offers": 2}.get(call.get("cancel_ground")),
        "cancelled_at": moment(call.get("cancelled_at")) if cancelled else None,
        "cancel_reason": paragraphs(call.get("cancel_reason")) if cancelled else [],
    }


def call_announcement(src: dict) -> dict:
    call = src["call"]
    priority = None
    if call.get("programme_priority_code"):
        priority = f"{call['programme_priority_code']} — {clean(call.get('programme_priority_name'))}"
    return base(
        "Ogłoszenie otwartego konkursu ofert",
        clean(call.get("title")),
        src.get("header"),
        description=f"Ogłoszenie otwartego konkursu ofert nr {call.get('id')}: {clean(call.get('title'))}",
        draft=bool(src.get("draft")),
        call_number=str(call.get("id")),
        call_title=clean(call.get("title")),
        office=clean(call.get("office")),
        # The announcing body is the organ (art. 13 ust. 1), by the act named; the referat only runs the call.
        organ=clean(call.get("organ")) if call.get("organ") else None,
        act_number=clean(call.get("announcement_act_number")) if call.get("announcement_act_number") else None,
        act_date=day(call.get("announcement_act_date")) if call.get("announcement_act_date") else None,
        form=FORMS.get(call.get("form"), clean(call.get("form"))),
        priority=priority,
        task_type=clean(call.get("task_type")),
        description_paragraphs=paragraphs(call.get("description")),
        budget_total=money(call.get("budget_total")),
        grant_min=money(call.get("grant_min")) if call.get("grant_min") else None,
        grant_max=money(call.get("grant_max")) if call.get("grant_max") else None,
        award_rules=paragraphs(call.get("award_rules")),
        own_contribution_min_percent=percent(call.get("own_contribution_min_percent")),
        admin_costs_max_percent=percent(call.get("admin_costs_max_percent")),
        cost_shift_tolerance_percent=percent(call.get("cost_shift_tolerance_percent")),
        task_start=day(call.get("task_start")),
        task_end=day(call.get("task_end")),
        task_conditions=paragraphs(call.get("task_conditions")),
        submission_deadline=moment(call.get("submission_deadline")),
        selection_procedure=paragraphs(call.get("selection_procedure")),
        **_criteria(call),
        selection_rules=[clean(line) for line in src.get("selection_rules") or []],
        confirmation_rule=clean(src.get("confirmation_rule")),
        required_attachments=[
            {"name": clean(a.get("name")), "when": clean(a.get("when"))} for a in src.get("required_attachments") or []
        ],
        contact={key: clean(value) for key, value in (src.get("contact") or {}).items()},
        evaluators_per_offer=call.get("evaluators_per_offer"),
        correction_days=call.get("correction_days"),
        selection_deadline=day(call.get("selection_deadline")),
        same_type_tasks=paragraphs(call.get("same_type_tasks"), empty="—"),
        **_history(call),
        footer=f"Ogłoszenie otwartego konkursu ofert nr {call.get('id')}",
    )
