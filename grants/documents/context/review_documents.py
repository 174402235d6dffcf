"""The review's documents: a committee member's evaluation card, the committee's protocol and the
published results of the call (art. 15 ust. 2a–2j of the Act)."""

from grants.documents.context.announcement import AGGREGATION, CHANNELS
from grants.documents.context.parts import ZERO, base, clean, day, decimal, moment, money, paragraphs, points

COMMITTEE_ROLES = {"chair": "przewodniczący(-a) komisji", "member": "członek komisji", "expert": "ekspert"}
FORMAL_OUTCOMES = {
    "accepted": "spełnia wymogi formalne",
    "rejected": "odrzucona z przyczyn formalnych",
    "correction_requested": "wezwano do usunięcia braków",
    "pending": "ocena formalna nie została zakończona",
}
# What the protocol leaves to be filled in by hand when the office has not recorded it.
BLANK = "……………………"


def affiliation(member: dict) -> str:
    """Whom a member represents (art. 15 ust. 2a, 2d): the organ, an organisation that nominated them, or
    — for an expert — specialist knowledge with an advisory vote (art. 15 ust. 2e)."""
    nominated_by = clean(member.get("nominated_by"))
    if member.get("role") == "expert":
        text = "ekspert z głosem doradczym (art. 15 ust. 2e ustawy)"
        return f"{text}, wskazany(-a) przez: {nominated_by}" if nominated_by else text
    if nominated_by:
        return f"osoba wskazana przez organizację: {nominated_by} (art. 15 ust. 2d ustawy)"
    return "przedstawiciel(ka) organu administracji publicznej (urzędu)"


def _member(member: dict) -> dict:
    return {
        "full_name": clean(member.get("full_name")),
        "role": COMMITTEE_ROLES.get(member.get("role"), clean(member.get("role"))),
        "affiliation": affiliation(member),
        "advisory_vote": member.get("role") == "expert",
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
    declaration = src.get("declaration")
    organization = clean(off.get("organization"))
    partners = [clean(p) for p in off.get("partners") or [] if clean(p)]
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
            "organization": f"{organization} (oferta wspólna z: {', '.join(partners)})" if partners else organization,
            "version": off.get("version"),
            "control_code": clean(off.get("control_code")),
        },
        member=_member(member),
        criteria=criteria,
        total=points(src.get("total") if src.get("total") is not None else total),
        max_total=points(src.get("max_total") if src.get("max_total") is not None else max_total),
        # None: no declaration on record (the card says so rather than print a statement nobody made)
        impartial=None if declaration is None else declaration.get("impartial", True),
        declared_at=moment(declaration.get("declared_at")) if declaration and declaration.get("declared_at") else None,
        final=bool(src.get("final")),
        scored_at=moment(src.get("scored_at")) if src.get("scored_at") else None,
        footer=f"Karta oceny oferty nr {off.get('number') or off.get('id')} · {clean(member.get('full_name'))}",
    )


def _meeting(meeting: dict) -> str | None:
    start, end = meeting.get("date"), meeting.get("end_date")
    if not start:
        return None
    if end and end != start:
        return f"od {day(start)} do {day(end)}"
    return day(start)


def _formal_row(n: int, o: dict) -> dict:
    status = o.get("formal") or "pending"
    reasons = paragraphs(o.get("formal_reason"))
    if status == "correction_requested" and not reasons:
        reasons = [clean(d) for d in o.get("defects") or [] if clean(d)]
    return {
        "lp": str(n),
        "number": str(o.get("number") or o.get("id") or ""),
        "organization": clean(o.get("organization")),
        "title": clean(o.get("title")),
        "outcome": FORMAL_OUTCOMES.get(status, clean(status)),
        "accepted": status == "accepted",
        "reasons": reasons,
    }


def _ranking_row(o: dict) -> dict:
    funded = o.get("decision_funded")
    return {
        "rank": str(o["rank"]) if o.get("rank") is not None else "—",
        "number": str(o.get("number") or o.get("id") or ""),
        "organization": clean(o.get("organization")),
        "title": clean(o.get("title")),
        "requested_grant": money(o.get("requested_grant")),
        "score": points(o.get("score")),
        "n_scores": o.get("n_scores"),
        "passes": o.get("passes_threshold"),
        "expert_score": points(o.get("expert_score")) if o.get("expert_score") is not None else None,
        "proposed_amount": money(o.get("proposed_amount")) if decimal(o.get("proposed_amount")) else "—",
        "decision_amount": (money(o.get("decision_amount")) if funded else "bez dotacji")
        if funded is not None
        else None,
        "decision_reason": clean(o.get("decision_reason")) or None,
    }


def _summary(src: dict, ranking: list[dict]) -> list[str]:
    """The committee's recommendation: the office's own words when it gave them, else the ranking's proposal."""
    if src.get("summary"):
        return paragraphs(src.get("summary"))
    proposed = [r for r in ranking if r["proposed_amount"] != "—"]
    if not proposed:
        return ["Komisja nie proponuje przyznania dotacji żadnej z ocenionych ofert."]
    listed = "; ".join(f"oferta nr {r['number']} ({r['organization']}) — {r['proposed_amount']}" for r in proposed)
    return [f"Komisja proponuje przyznanie dotacji, w kolejności rankingu: {listed}."]


def committee_protocol(src: dict) -> dict:
    """The protocol: the appointing act, the members with whom they represent, the declarations (KPA art. 24),
    the formal results with reasons, the ranking with points, the proposed amounts and the decision, the
    minute-taker."""
    call, meeting = src.get("call") or {}, src.get("meeting") or {}
    appointment = src.get("appointment") or {}
    formal = [_formal_row(n, o) for n, o in enumerate(src.get("offers") or [], 1)]
    ranking = [_ranking_row(o) for o in src.get("ranking") or []]
    declarations = [
        {
            "member": clean(d.get("member")),
            "offer": clean(d.get("offer")),
            "impartial": d.get("impartial") is not False,
            "declared_at": moment(d.get("declared_at")) if d.get("declared_at") else "—",
            "reason": clean(d.get("reason")) or "—",
        }
        for d in src.get("declarations") or []
    ]
    decision = src.get("decision")
    minute_taker = clean(src.get("minute_taker"))
    return base(
        "Protokół z prac komisji konkursowej",
        clean(call.get("title")),
        src.get("header"),
        description=f"Protokół komisji konkursowej — konkurs nr {call.get('id')}",
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        act_number=clean(appointment.get("act_number")) or BLANK,
        act_date=day(appointment.get("act_date")) if appointment.get("act_date") else BLANK,
        meeting_date=_meeting(meeting) or BLANK,
        meeting_place=clean(meeting.get("place")) or BLANK,
        minute_taker=minute_taker or BLANK,
        minute_taker_named=bool(minute_taker),
        members=[_member(m) for m in src.get("members") or []],
        declarations=declarations,
        exclusions=[d for d in declarations if not d["impartial"]],
        formal=formal,
        ranking=ranking,
        ranking_has_experts=any(r["expert_score"] is not None for r in ranking),
        aggregation=AGGREGATION.get(call.get("aggregation"), clean(call.get("aggregation"))) or None,
        max_total_points=points(call.get("max_total_points")) if call.get("max_total_points") is not None else None,
        budget_total=money(src.get("budget_total") or call.get("budget_total")),
        allocated=money(src.get("allocated")),
        decision={
            "version": decision.get("version"),
            "created_at": moment(decision.get("created_at")),
            "total": money(decision.get("total")),
        }
        if decision
        else None,
        min_total_points=points(call.get("min_total_points")) if call.get("min_total_points") is not None else None,
        summary=_summary(src, ranking),
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
    channels = src.get("channels") or {}
    return base(
        "Wyniki otwartego konkursu ofert",
        clean(call.get("title")),
        src.get("header"),
        description=f"Wyniki otwartego konkursu ofert nr {call.get('id')}",
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        task_type=clean(call.get("task_type")),
        decided_on=day(src.get("decided_on")) if src.get("decided_on") else None,
        decision_version=src.get("decision_version"),
        published_at=moment(src.get("published_at")) if src.get("published_at") else None,
        channels=[
            {"name": CHANNELS.get(name, clean(name)), "at": moment(channels[name])}
            for name in ("bip", "noticeboard", "website")
            if channels.get(name)
        ],
        awarded=awarded,
        not_awarded=other,
        budget_total=money(call.get("budget_total") or src.get("budget_total")),
        allocated=money(allocated),
        # Before publication: the office's working copy of the latest decision, marked as such on every page.
        draft=bool(src.get("draft")),
        footer=f"Wyniki otwartego konkursu ofert nr {call.get('id')}" + (" — PROJEKT" if src.get("draft") else ""),
    )
