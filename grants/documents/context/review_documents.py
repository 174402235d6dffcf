"""The review's documents: a committee member's evaluation card, the committee's protocol and the
published results of the call (art. 15 ust. 2a–2j of the Act)."""

from grants.documents.context.parts import ZERO, base, clean, day, decimal, moment, money, paragraphs, points

COMMITTEE_ROLES = {"chair": "przewodniczący(-a) komisji", "member": "członek komisji", "expert": "ekspert"}
FORMAL_OUTCOMES = {
    "accepted": "spełnia wymogi formalne",
    "rejected": "odrzucona z przyczyn formalnych",
    "correction_requested": "wezwano do usunięcia braków",
}


def evaluation_card(src: dict) -> dict:
    """One committee member's card for one offer: points and justification per criterion."""
    call, off, member = src.get("call") or {}, src.get("offer") or {}, src.get("member") or {}
    criteria = []
    total = ZERO
    for c in src.get("criteria") or []:
        value = decimal(c.get("points"))
        if value is not None and not c.get("advisory"):
            total += value
        criteria.append(
            {
                "name": clean(c.get("name")),
                "max_points": points(c.get("max_points")),
                "points": points(c.get("points")),
                "justification": paragraphs(c.get("justification")),
                "advisory": bool(c.get("advisory")),
            }
        )
    max_total = sum(
        (decimal(c.get("max_points")) or ZERO for c in src.get("criteria") or [] if not c.get("advisory")), start=ZERO
    )
    declaration = src.get("declaration") or {}
    return base(
        "Karta oceny oferty",
        clean(off.get("title")),
        src.get("header"),
        description=f"Karta oceny oferty nr {off.get('number') or off.get('id')} — {clean(member.get('full_name'))}",
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        offer={
            "number": str(off.get("number") or off.get("id") or ""),
            "title": clean(off.get("title")),
            "organization": clean(off.get("organization")),
            "version": off.get("version"),
            "control_code": clean(off.get("control_code")),
        },
        member={
            "full_name": clean(member.get("full_name")),
            "role": COMMITTEE_ROLES.get(member.get("role"), clean(member.get("role"))),
        },
        criteria=criteria,
        total=points(src.get("total") if src.get("total") is not None else total),
        max_total=points(src.get("max_total") if src.get("max_total") is not None else max_total),
        impartial=declaration.get("impartial", True),
        declared_at=moment(declaration.get("declared_at")) if declaration.get("declared_at") else None,
        final=bool(src.get("final")),
        scored_at=moment(src.get("scored_at")) if src.get("scored_at") else None,
        footer=f"Karta oceny oferty nr {off.get('number') or off.get('id')} · {clean(member.get('full_name'))}",
    )


def committee_protocol(src: dict) -> dict:
    call, meeting = src.get("call") or {}, src.get("meeting") or {}
    offers = [
        {
            "lp": str(n),
            "number": str(o.get("number") or o.get("id") or ""),
            "organization": clean(o.get("organization")),
            "title": clean(o.get("title")),
            "formal": FORMAL_OUTCOMES.get(o.get("formal"), clean(o.get("formal")) or "—"),
            "requested_grant": money(o.get("requested_grant")),
            "score": points(o.get("score")),
            "passes": o.get("passes_threshold"),
            "rank": o.get("rank"),
            "proposed_amount": money(o.get("proposed_amount")) if o.get("proposed_amount") else "—",
        }
        for n, o in enumerate(src.get("offers") or [], 1)
    ]
    return base(
        "Protokół z prac komisji konkursowej",
        clean(call.get("title")),
        src.get("header"),
        description=f"Protokół komisji konkursowej — konkurs nr {call.get('id')}",
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        meeting_date=day(meeting.get("date")),
        meeting_place=clean(meeting.get("place")) or None,
        members=[
            {"full_name": clean(m.get("full_name")), "role": COMMITTEE_ROLES.get(m.get("role"), clean(m.get("role")))}
            for m in src.get("members") or []
        ],
        exclusions=[
            {
                "member": clean(d.get("member")),
                "offer": clean(d.get("offer")),
                "reason": clean(d.get("reason")) or "—",
            }
            for d in src.get("declarations") or []
            if d.get("impartial") is False
        ],
        offers=offers,
        budget_total=money(src.get("budget_total")),
        allocated=money(src.get("allocated")),
        min_total_points=points(call.get("min_total_points")) if call.get("min_total_points") is not None else None,
        summary=paragraphs(src.get("summary")),
        footer=f"Protokół komisji konkursowej — konkurs nr {call.get('id')}",
    )


def results(src: dict) -> dict:
    """Art. 15 ust. 2h-2j: who gets how much (and who does not), published without delay."""
    call = src.get("call") or {}
    awarded = [
        {
            "lp": str(n),
            "organization": clean(i.get("organization")),
            "task_title": clean(i.get("task_title")),
            "score": points(i.get("score")),
            "amount": money(i.get("amount")),
        }
        for n, i in enumerate(src.get("items") or [], 1)
    ]
    other = [
        {
            "lp": str(n),
            "organization": clean(i.get("organization")),
            "task_title": clean(i.get("task_title")),
            "score": points(i.get("score")),
            "reason": clean(i.get("reason")) or "—",
        }
        for n, i in enumerate(src.get("not_awarded") or [], 1)
    ]
    allocated = decimal(src.get("allocated"))
    if allocated is None:
        allocated = sum((decimal(i.get("amount")) or ZERO for i in src.get("items") or []), start=ZERO)
    return base(
        "Wyniki otwartego konkursu ofert",
        clean(call.get("title")),
        src.get("header"),
        description=f"Wyniki otwartego konkursu ofert nr {call.get('id')}",
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        task_type=clean(call.get("task_type")),
        decided_on=day(src.get("decided_on")) if src.get("decided_on") else None,
        published_at=moment(src.get("published_at")) if src.get("published_at") else None,
        awarded=awarded,
        not_awarded=other,
        budget_total=money(call.get("budget_total") or src.get("budget_total")),
        allocated=money(allocated),
        footer=f"Wyniki otwartego konkursu ofert nr {call.get('id')}",
    )
