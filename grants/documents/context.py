"""Template contexts: plain source data in (API-shaped dicts — money as "12345.67", ISO dates), plain
display data out (Polish formats already applied: `12 345,67 zł`, `22 marca 2027 r.`).

Pure functions: no Flask, no database, no ORM objects. The output is JSON (it is stored on the
Document row and hashed into the object's version), and a template only places it on the page,
so every figure and date a PDF prints is decided — and unit-tested — here.

Form wording follows the 2018 forms (docs/architecture.md, "Documents"); items marked [M] are
reconstructed from memory of the published forms and must be checked against Dz.U. 2018 poz. 2057 (ISAP) before the
office relies on them. The wording lives in the templates under templates/pdf/, one file per form.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from grants.formatting import as_decimal, date_pl, datetime_pl, money_pl, percent_pl, points_pl
from scoring.decimals import round_half_up

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
NOT_APPLICABLE = "nie dotyczy"
ADMIN = "admin"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

LEGAL_FORMS = {
    "stowarzyszenie": "stowarzyszenie",
    "stowarzyszenie_zwykle": "stowarzyszenie zwykłe",
    "fundacja": "fundacja",
    "koscielna_osoba_prawna": "kościelna osoba prawna lub jednostka organizacyjna",
    "stowarzyszenie_jst": "stowarzyszenie jednostek samorządu terytorialnego",
    "spoldzielnia_socjalna": "spółdzielnia socjalna",
    "spolka_non_profit": "spółka niedziałająca w celu osiągnięcia zysku",
    "kolo_gospodyn_wiejskich": "koło gospodyń wiejskich",
    "inna": "inna osoba prawna lub jednostka organizacyjna",
}
FORMS = {
    "wspieranie": "wspieranie realizacji zadania publicznego (współfinansowanie)",
    "powierzanie": "powierzenie realizacji zadania publicznego (finansowanie)",
}
FORMS_SHORT = {"wspieranie": "wsparcia", "powierzanie": "powierzenia"}
AGGREGATION = {"mean": "średnia arytmetyczna ocen członków komisji", "median": "mediana ocen członków komisji"}
CHANNELS = {
    "bip": "Biuletyn Informacji Publicznej",
    "noticeboard": "tablica ogłoszeń urzędu",
    "website": "strona internetowa urzędu",
}
COMMITTEE_ROLES = {"chair": "przewodniczący(-a) komisji", "member": "członek komisji", "expert": "ekspert"}
FORMAL_OUTCOMES = {
    "accepted": "spełnia wymogi formalne",
    "rejected": "odrzucona z przyczyn formalnych",
    "correction_requested": "wezwano do usunięcia braków",
}


# ---------------------------------------------------------------- formats


decimal = as_decimal
money = money_pl
percent = percent_pl
points = points_pl


def q(value) -> Decimal:
    return round_half_up(Decimal(value))


def day(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return date_pl(value)


def moment(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return datetime_pl(value)


def paragraphs(text, *, empty: str | None = None) -> list[str]:
    """Text as paragraphs (blank lines separate them; single line breaks stay, CSS pre-line)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    found = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return found or ([empty] if empty else [])


def or_na(text) -> list[str]:
    return paragraphs(text, empty=NOT_APPLICABLE)


def amount_in_words(value) -> str:
    """Contract style amounts in words: `sto dwadzieścia tysięcy złotych, zero groszy`."""
    from num2words import num2words

    amount = decimal(value)
    if amount is None:
        return "—"
    return num2words(q(amount), lang="pl", to="currency", currency="PLN")


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------- shared parts


def header(raw: dict) -> dict:
    """The office's letterhead: name, parent body, address lines, optional logo under static/."""
    raw = raw or {}
    address = _clean(raw.get("address"))
    return {
        "name": _clean(raw.get("name")),
        "parent_body": _clean(raw.get("parent_body")),
        "address_lines": [line.strip() for line in re.split(r"\n|;", address) if line.strip()],
        "logo": raw.get("logo") or None,
        "logo_alt": _clean(raw.get("logo_alt")) or _clean(raw.get("name")),
    }


def organization(raw: dict) -> dict:
    """An organisation's block as Annex 1 II.1 asks for it."""
    raw = raw or {}
    address = raw.get("address") or {}
    if isinstance(address, dict):
        street, postal, city = address.get("street"), address.get("postal_code"), address.get("city")
    else:
        street, postal, city = address, None, None
    street = _clean(street or raw.get("street"))
    postal = _clean(postal or raw.get("postal_code"))
    city = _clean(city or raw.get("city"))
    if raw.get("krs"):
        registry = f"Krajowy Rejestr Sądowy, nr KRS {raw['krs']}"
    elif raw.get("registry_name") or raw.get("registry_number"):
        registry = f"{_clean(raw.get('registry_name'))} {_clean(raw.get('registry_number'))}".strip()
    else:
        registry = NOT_APPLICABLE
    legal_form = raw.get("legal_form")
    return {
        "name": _clean(raw.get("name")),
        "legal_form": LEGAL_FORMS.get(legal_form, _clean(legal_form)),
        "registry": registry,
        "nip": _clean(raw.get("nip")) or None,
        "regon": _clean(raw.get("regon")) or None,
        "address": ", ".join(part for part in (street, f"{postal} {city}".strip()) if part),
        "website": _clean(raw.get("website")) or None,
        "email": _clean(raw.get("email")) or None,
        "phone": _clean(raw.get("phone")) or None,
        "bank_account": format_account(raw.get("bank_account")),
        "representatives": [
            {"full_name": _clean(r.get("full_name")), "function": _clean(r.get("function"))}
            for r in raw.get("representatives") or []
            if _clean(r.get("full_name"))
        ],
        "representation_rule": _clean(raw.get("representation_rule")) or None,
    }


def format_account(number) -> str | None:
    """NRB as printed on paper: `12 3456 7890 1234 5678 9012 3456`."""
    digits = re.sub(r"\D", "", _clean(number))
    if len(digits) != 26:
        return _clean(number) or None
    return " ".join([digits[:2]] + [digits[i : i + 4] for i in range(2, 26, 4)])


def base(kind_title: str, subject: str, raw_header: dict, **extra) -> dict:
    data = {
        "title": f"{kind_title} — {subject}" if subject else kind_title,
        "kind_title": kind_title,
        "header": header(raw_header),
    }
    data.update(extra)
    return data


# ---------------------------------------------------------------- call announcement (art. 13 ust. 2)


def call_announcement(src: dict) -> dict:
    call = src["call"]
    priority = None
    if call.get("programme_priority_code"):
        priority = f"{call['programme_priority_code']} — {_clean(call.get('programme_priority_name'))}"
    cancelled = bool(call.get("cancelled_at"))
    return base(
        "Ogłoszenie otwartego konkursu ofert",
        _clean(call.get("title")),
        src.get("header"),
        description=f"Ogłoszenie otwartego konkursu ofert nr {call.get('id')}: {_clean(call.get('title'))}",
        draft=bool(src.get("draft")),
        call_number=str(call.get("id")),
        call_title=_clean(call.get("title")),
        office=_clean(call.get("office")),
        form=FORMS.get(call.get("form"), _clean(call.get("form"))),
        priority=priority,
        task_type=_clean(call.get("task_type")),
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
        criteria=[
            {
                "name": _clean(c.get("name")),
                "max_points": points(c.get("max_points")),
                "min_points": points(c.get("min_points")) if c.get("min_points") is not None else "—",
                "advisory": bool(c.get("advisory")),
            }
            for c in call.get("criteria") or []
        ],
        max_total_points=points(call.get("max_total_points")),
        min_total_points=points(call.get("min_total_points")) if call.get("min_total_points") is not None else "—",
        aggregation=AGGREGATION.get(call.get("aggregation"), _clean(call.get("aggregation"))),
        evaluators_per_offer=call.get("evaluators_per_offer"),
        correction_days=call.get("correction_days"),
        selection_deadline=day(call.get("selection_deadline")),
        same_type_tasks=paragraphs(call.get("same_type_tasks"), empty="—"),
        publications=[
            {
                "channel": CHANNELS.get(p.get("channel"), _clean(p.get("channel"))),
                "published_at": moment(p.get("published_at")),
            }
            for p in call.get("publications") or []
        ],
        amendments=[
            {"created_at": moment(a.get("created_at")), "reason": paragraphs(a.get("reason"))}
            for a in call.get("amendments") or []
        ],
        cancelled=cancelled,
        cancelled_at=moment(call.get("cancelled_at")) if cancelled else None,
        cancel_reason=paragraphs(call.get("cancel_reason")) if cancelled else [],
        footer=f"Ogłoszenie otwartego konkursu ofert nr {call.get('id')}",
    )


# ---------------------------------------------------------------- offer (Annex 1)


def _line_value(item: dict) -> Decimal:
    quantity, unit_cost = decimal(item.get("quantity")), decimal(item.get("unit_cost"))
    if quantity is None or unit_cost is None:
        return ZERO
    return q(quantity * unit_cost)


def _task_years(items: list[dict]) -> list[int]:
    years = sorted({int(y) for item in items for y in (item.get("year_values") or {})})
    return years if len(years) > 1 else []


def _cost_line(lp: str, item: dict, value: Decimal, years: list[int]) -> dict:
    year_values = item.get("year_values") or {}
    return {
        "lp": lp,
        "name": _clean(item.get("name")),
        "unit": _clean(item.get("unit")),
        "unit_cost": money(item.get("unit_cost"), currency=False),
        "quantity": points(item.get("quantity")),
        "value": money(value, currency=False),
        "years": [money(year_values.get(str(y), year_values.get(y)), currency=False) for y in years],
    }


def cost_estimate(content: dict, figures: dict | None = None) -> dict:
    """Section V.A grouped as the form numbers it (I.1, I.1.1 … II.1), with V.B's sources.

    `figures` are the frozen version's computed sums when the offer has them; otherwise the sums are
    added up here the same way (line value = quantity × unit cost, half-up to grosze)."""
    figures = figures or {}
    actions = content.get("actions") or []
    items = content.get("cost_items") or []
    years = _task_years(items)
    values = [_line_value(item) for item in items]
    groups = []
    for index, action in enumerate(actions):
        lines = [(item, value) for item, value in zip(items, values, strict=False) if item.get("action") == index]
        lp = f"I.{index + 1}"
        groups.append(
            {
                "lp": lp,
                "name": f"Działanie {index + 1}: {_clean(action.get('name'))}",
                "lines": [_cost_line(f"{lp}.{n}", item, value, years) for n, (item, value) in enumerate(lines, 1)],
                "total": money(sum((v for _, v in lines), start=ZERO), currency=False),
            }
        )
    known = set(range(len(actions))) | {ADMIN}
    # A line pointing nowhere is still a cost of the task: shown, so the sums on paper add up.
    orphans = [(item, value) for item, value in zip(items, values, strict=False) if item.get("action") not in known]
    if orphans:
        lp = f"I.{len(actions) + 1}"
        groups.append(
            {
                "lp": lp,
                "name": "Koszty nieprzypisane do działania",
                "lines": [_cost_line(f"{lp}.{n}", i, v, years) for n, (i, v) in enumerate(orphans, 1)],
                "total": money(sum((v for _, v in orphans), start=ZERO), currency=False),
            }
        )
    admin = [(item, value) for item, value in zip(items, values, strict=False) if item.get("action") == ADMIN]
    actions_total = sum((v for item, v in zip(items, values, strict=False) if item.get("action") != ADMIN), start=ZERO)
    admin_total = sum((v for _, v in admin), start=ZERO)
    total = decimal(figures.get("total_cost")) or (actions_total + admin_total)
    grant = decimal(figures.get("requested_grant"))
    if grant is None:
        grant = sum((q(decimal(i.get("grant_part")) or ZERO) for i in items), start=ZERO)
    financial = q(decimal(content.get("own_financial")) or ZERO)
    personal = q(decimal(content.get("own_non_financial_personal")) or ZERO)
    in_kind = q(decimal(content.get("own_non_financial_in_kind")) or ZERO)
    own = financial + personal + in_kind

    def share(part: Decimal) -> str:
        return percent(q(part * 100 / total)) if total else percent(ZERO)

    sources = [
        {
            "lp": "1",
            "name": "Suma wszystkich kosztów realizacji zadania",
            "value": money(total, currency=False),
            "share": percent(100),
        },
        {
            "lp": "2",
            "name": "Planowana dotacja w ramach niniejszej oferty",
            "value": money(grant, currency=False),
            "share": share(grant),
        },
        {"lp": "3", "name": "Wkład własny", "value": money(own, currency=False), "share": share(own)},
        {"lp": "3.1", "name": "Wkład finansowy", "value": money(financial, currency=False), "share": share(financial)},
        {
            "lp": "3.2",
            "name": "Wkład niefinansowy",
            "value": money(personal + in_kind, currency=False),
            "share": share(personal + in_kind),
        },
    ]
    return {
        "years": years,
        "groups": groups,
        "actions_total": money(actions_total, currency=False),
        "admin_lines": [_cost_line(f"II.{n}", item, value, years) for n, (item, value) in enumerate(admin, 1)],
        "admin_total": money(admin_total, currency=False),
        "total": money(total, currency=False),
        "sources": sources,
        "requested_grant": money(grant),
        "total_cost": money(total),
        "own_contribution": money(own),
        "non_financial_split": {"personal": money(personal), "in_kind": money(in_kind)},
        "beneficiary_fees": money(content.get("beneficiary_fees")) if content.get("beneficiary_fees") else None,
    }


def _choice(value, yes: str, no: str) -> str:
    """A statement with a choice (Annex 1 VII 3-5): the chosen words, or the form's both-with-asterisks."""
    if value is True:
        return yes
    if value is False:
        return no
    return f"{no}* / {yes}*"


def offer_statements(statements: dict | None, joint: bool) -> list[str]:
    s = statements or {}
    who = "oferenci składający niniejszą ofertę" if joint else "oferent składający niniejszą ofertę"
    tax = _choice(s.get("tax_arrears"), "zalega(-ją)", "nie zalega(-ją)")
    zus = _choice(s.get("social_insurance_arrears"), "zalega(-ją)", "nie zalega(-ją)")
    register = {"krs": "z Krajowym Rejestrem Sądowym", "other": "z inną właściwą ewidencją"}.get(
        s.get("register"), "z Krajowym Rejestrem Sądowym* / inną właściwą ewidencją*"
    )
    return [
        "proponowane zadanie publiczne będzie realizowane wyłącznie w zakresie działalności pożytku publicznego "
        "oferenta(-tów);",
        "pobieranie świadczeń pieniężnych będzie się odbywać wyłącznie w ramach prowadzonej odpłatnej "
        "działalności pożytku publicznego;",
        f"{who} {tax} z opłacaniem należności z tytułu zobowiązań podatkowych;",
        f"{who} {zus} z opłacaniem należności z tytułu składek na ubezpieczenia społeczne;",
        f"dane zawarte w części II niniejszej oferty są zgodne {register};",
        "wszystkie informacje podane w ofercie oraz załącznikach są zgodne z aktualnym stanem prawnym i faktycznym;",
        "w zakresie związanym z otwartym konkursem ofert, w tym z gromadzeniem, przetwarzaniem i przekazywaniem "
        "danych osobowych, a także wprowadzaniem ich do systemów informatycznych, osoby, których dotyczą te "
        "dane, złożyły stosowne oświadczenia zgodnie z przepisami o ochronie danych osobowych.",
    ]


def _version(src: dict) -> dict:
    version = src.get("version") or {}
    return {
        "offer_number": str(src.get("offer_id") or version.get("offer_id") or ""),
        "number": version.get("number"),
        "control_sum": _clean(version.get("control_sum")),
        "control_code": _clean(version.get("control_code")),
        "submitted_at": moment(version.get("submitted_at")) if version.get("submitted_at") else None,
        "withdrawn_at": moment(version.get("withdrawn_at")) if version.get("withdrawn_at") else None,
    }


def offer(src: dict) -> dict:
    """Annex 1: the offer as submitted (a frozen version), in the form's sections I–VII."""
    content = src["content"]
    call = src.get("call") or {}
    lead = organization(src.get("organization"))
    partners = [organization(p) for p in src.get("partners") or []]
    joint = bool(partners)
    version = _version(src)
    contact = content.get("contact") or {}
    paid = content.get("paid_activity")
    subject = _clean(content.get("title"))
    footer = f"Oferta nr {version['offer_number']}"
    if version["number"]:
        footer += f", wersja {version['number']}"
    if version["control_sum"]:
        footer += f" · suma kontrolna: {version['control_sum']}"
    return base(
        "Oferta realizacji zadania publicznego",
        subject,
        src.get("header"),
        description=f"Oferta {'wspólna ' if joint else ''}realizacji zadania publicznego: {subject}",
        joint=joint,
        version=version,
        footer=footer,
        authority=_clean(call.get("office")) or header(src.get("header"))["name"],
        task_type=_clean(call.get("task_type")),
        call_title=_clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        offerors=[lead] + partners,
        contact={
            "name": _clean(contact.get("name")) or NOT_APPLICABLE,
            "phone": _clean(contact.get("phone")),
            "email": _clean(contact.get("email")),
        },
        task_title=subject,
        task_start=day(content.get("task_start")),
        task_end=day(content.get("task_end")),
        place=or_na(content.get("place")),
        target_group=or_na(content.get("target_group")),
        summary=or_na(content.get("summary")),
        actions=[
            {
                "lp": str(n),
                "name": _clean(a.get("name")),
                "description": paragraphs(a.get("description")),
                "target_group": _clean(a.get("target_group")),
                "period": _clean(a.get("period")),
                "subcontractor": _clean(a.get("subcontractor")) or None,
            }
            for n, a in enumerate(content.get("actions") or [], 1)
        ],
        results=[
            {
                "name": _clean(r.get("name")),
                "target_value": _clean(r.get("target_value")),
                "monitoring": _clean(r.get("monitoring")),
            }
            for r in content.get("results") or []
        ],
        expected_effects=or_na(content.get("expected_effects")),
        experience=or_na(content.get("experience")),
        resources=or_na(content.get("resources")),
        costs=cost_estimate(content, src.get("figures")),
        cost_split=[{"name": row.get("name"), "value": money(row.get("amount"))} for row in src.get("cost_split") or []]
        if joint
        else [],
        paid_activity=("odpłatne" if paid else "nieodpłatne") if paid is not None else "odpłatne* / nieodpłatne*",
        partners_actions=or_na(content.get("partners_actions")),
        other_information=or_na(content.get("other_information")),
        statements=offer_statements(content.get("statements"), joint),
        attachments=[
            {
                "name": _clean(a.get("filename") or a.get("original_filename") or a.get("name")),
                "kind": _clean(a.get("kind")),
                "sha256": _clean(a.get("sha256")),
            }
            for a in src.get("attachments") or []
        ],
        representatives=[r for org in [lead] + partners for r in org["representatives"]],
    )


def offer_confirmation(src: dict) -> dict:
    """One page the NGO signs: which version (control sum, code) it confirms, by whom."""
    content = src.get("content") or {}
    call = src.get("call") or {}
    lead = organization(src.get("organization"))
    partners = [organization(p) for p in src.get("partners") or []]
    version = _version(src)
    costs = cost_estimate(content, src.get("figures")) if content else {}
    subject = _clean(content.get("title") or src.get("title"))
    return base(
        "Potwierdzenie złożenia oferty",
        subject,
        src.get("header"),
        description=f"Potwierdzenie złożenia oferty nr {version['offer_number']} "
        f"(wersja {version['number']}), kod {version['control_code']}",
        version=version,
        task_title=subject,
        call_title=_clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        authority=_clean(call.get("office")),
        organization=lead,
        partners=partners,
        requested_grant=costs.get("requested_grant", "—"),
        total_cost=costs.get("total_cost", "—"),
        representatives=[r for org in [lead] + partners for r in org["representatives"]]
        or [{"full_name": "", "function": ""}],
        footer=f"Potwierdzenie złożenia oferty nr {version['offer_number']}, wersja {version['number']}",
    )


# ---------------------------------------------------------------- review documents


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
                "name": _clean(c.get("name")),
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
        _clean(off.get("title")),
        src.get("header"),
        description=f"Karta oceny oferty nr {off.get('number') or off.get('id')} — {_clean(member.get('full_name'))}",
        call_title=_clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        offer={
            "number": str(off.get("number") or off.get("id") or ""),
            "title": _clean(off.get("title")),
            "organization": _clean(off.get("organization")),
            "version": off.get("version"),
            "control_code": _clean(off.get("control_code")),
        },
        member={
            "full_name": _clean(member.get("full_name")),
            "role": COMMITTEE_ROLES.get(member.get("role"), _clean(member.get("role"))),
        },
        criteria=criteria,
        total=points(src.get("total") if src.get("total") is not None else total),
        max_total=points(src.get("max_total") if src.get("max_total") is not None else max_total),
        impartial=declaration.get("impartial", True),
        declared_at=moment(declaration.get("declared_at")) if declaration.get("declared_at") else None,
        final=bool(src.get("final")),
        scored_at=moment(src.get("scored_at")) if src.get("scored_at") else None,
        footer=f"Karta oceny oferty nr {off.get('number') or off.get('id')} · {_clean(member.get('full_name'))}",
    )


def committee_protocol(src: dict) -> dict:
    call, meeting = src.get("call") or {}, src.get("meeting") or {}
    offers = [
        {
            "lp": str(n),
            "number": str(o.get("number") or o.get("id") or ""),
            "organization": _clean(o.get("organization")),
            "title": _clean(o.get("title")),
            "formal": FORMAL_OUTCOMES.get(o.get("formal"), _clean(o.get("formal")) or "—"),
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
        _clean(call.get("title")),
        src.get("header"),
        description=f"Protokół komisji konkursowej — konkurs nr {call.get('id')}",
        call_title=_clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        meeting_date=day(meeting.get("date")),
        meeting_place=_clean(meeting.get("place")) or None,
        members=[
            {"full_name": _clean(m.get("full_name")), "role": COMMITTEE_ROLES.get(m.get("role"), _clean(m.get("role")))}
            for m in src.get("members") or []
        ],
        exclusions=[
            {
                "member": _clean(d.get("member")),
                "offer": _clean(d.get("offer")),
                "reason": _clean(d.get("reason")) or "—",
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
            "organization": _clean(i.get("organization")),
            "task_title": _clean(i.get("task_title")),
            "score": points(i.get("score")),
            "amount": money(i.get("amount")),
        }
        for n, i in enumerate(src.get("items") or [], 1)
    ]
    other = [
        {
            "lp": str(n),
            "organization": _clean(i.get("organization")),
            "task_title": _clean(i.get("task_title")),
            "score": points(i.get("score")),
            "reason": _clean(i.get("reason")) or "—",
        }
        for n, i in enumerate(src.get("not_awarded") or [], 1)
    ]
    allocated = decimal(src.get("allocated"))
    if allocated is None:
        allocated = sum((decimal(i.get("amount")) or ZERO for i in src.get("items") or []), start=ZERO)
    return base(
        "Wyniki otwartego konkursu ofert",
        _clean(call.get("title")),
        src.get("header"),
        description=f"Wyniki otwartego konkursu ofert nr {call.get('id')}",
        call_title=_clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        task_type=_clean(call.get("task_type")),
        decided_on=day(src.get("decided_on")) if src.get("decided_on") else None,
        published_at=moment(src.get("published_at")) if src.get("published_at") else None,
        awarded=awarded,
        not_awarded=other,
        budget_total=money(call.get("budget_total") or src.get("budget_total")),
        allocated=money(allocated),
        footer=f"Wyniki otwartego konkursu ofert nr {call.get('id')}",
    )


# ---------------------------------------------------------------- after the award


def contract(src: dict) -> dict:
    """Annex 3: the framework contract with the figures of this award (amounts also in words)."""
    c = src.get("contract") or {}
    office = src.get("office") or {}
    org = organization(src.get("organization"))
    partners = [organization(p) for p in src.get("partners") or []]
    grant = decimal(c.get("grant_amount"))
    tranches = [
        {
            "lp": str(n),
            "amount": money(t.get("amount")),
            "words": amount_in_words(t.get("amount")),
            "due_date": day(t.get("due_date")),
        }
        for n, t in enumerate(c.get("tranches") or [], 1)
    ]
    form = c.get("form") or "wspieranie"
    return base(
        "Umowa o realizację zadania publicznego",
        _clean(c.get("task_title")),
        src.get("header"),
        description=f"Umowa nr {_clean(c.get('number'))} o realizację zadania publicznego",
        number=_clean(c.get("number")),
        signed_on=day(c.get("signed_on")) if c.get("signed_on") else "……………",
        place=_clean(c.get("place")) or "……………",
        form=form,
        form_word=FORMS_SHORT.get(form, form),
        joint=bool(partners),
        task_title=_clean(c.get("task_title")),
        task_start=day(c.get("task_start")),
        task_end=day(c.get("task_end")),
        expenses_start=day(c.get("expenses_start") or c.get("task_start")),
        expenses_end=day(c.get("expenses_end") or c.get("task_end")),
        grant=money(grant),
        grant_words=amount_in_words(grant),
        one_off=len(tranches) <= 1,
        tranches=tranches,
        own_financial=money(c.get("own_financial")),
        own_financial_words=amount_in_words(c.get("own_financial")),
        own_non_financial=money(c.get("own_non_financial")),
        bank_account=format_account(c.get("bank_account")) or org["bank_account"] or "……………",
        tolerance_percent=percent(c.get("cost_shift_tolerance_percent")) or "……",
        return_account=format_account(office.get("bank_account")) or "……………",
        offer={
            "number": _clean((src.get("offer") or {}).get("number")),
            "submitted_at": moment((src.get("offer") or {}).get("submitted_at"))
            if (src.get("offer") or {}).get("submitted_at")
            else "……………",
            "control_sum": _clean((src.get("offer") or {}).get("control_sum")),
        },
        office={
            "name": _clean(office.get("name")) or header(src.get("header"))["name"],
            "representatives": [
                {"full_name": _clean(r.get("full_name")), "function": _clean(r.get("function"))}
                for r in office.get("representatives") or []
            ],
        },
        organization=org,
        partners=partners,
        footer=f"Umowa nr {_clean(c.get('number'))}",
    )


def report(src: dict) -> dict:
    """Annex 5: the partial or final report, planned against actual per cost line and source."""
    r = src.get("report") or {}
    c = src.get("contract") or {}
    org = organization(src.get("organization"))
    lines = []
    sums = {"planned_total": ZERO, "actual_total": ZERO}
    for n, e in enumerate(r.get("expenses") or [], 1):
        planned, actual = decimal(e.get("planned_total")) or ZERO, decimal(e.get("actual_total")) or ZERO
        sums["planned_total"] += planned
        sums["actual_total"] += actual
        lines.append(
            {
                "lp": _clean(e.get("lp")) or str(n),
                "name": _clean(e.get("name")),
                "planned_total": money(planned, currency=False),
                "actual_total": money(actual, currency=False),
                "planned_grant": money(e.get("planned_grant"), currency=False),
                "actual_grant": money(e.get("actual_grant"), currency=False),
            }
        )
    sources = []
    planned_total, actual_total = sums["planned_total"], sums["actual_total"]
    for lp, name, key in (
        ("2", "Kwota dotacji", "grant"),
        ("3", "Wkład własny", "own"),
        ("3.1", "Wkład finansowy", "own_financial"),
        ("3.2", "Wkład niefinansowy", "own_non_financial"),
    ):
        planned = decimal((r.get("sources_planned") or {}).get(key)) or ZERO
        actual = decimal((r.get("sources_actual") or {}).get(key)) or ZERO
        sources.append(
            {
                "lp": lp,
                "name": name,
                "planned": money(planned, currency=False),
                "planned_share": percent(q(planned * 100 / planned_total)) if planned_total else "—",
                "actual": money(actual, currency=False),
                "actual_share": percent(q(actual * 100 / actual_total)) if actual_total else "—",
            }
        )
    final = r.get("kind") == "final"
    return base(
        "Sprawozdanie z wykonania zadania publicznego",
        _clean(c.get("task_title")),
        src.get("header"),
        description=f"Sprawozdanie {'końcowe' if final else 'częściowe'} z wykonania zadania publicznego "
        f"(umowa nr {_clean(c.get('number'))})",
        final=final,
        kind_word="końcowe" if final else "częściowe",
        period_start=day(r.get("period_start") or c.get("task_start")),
        period_end=day(r.get("period_end") or c.get("task_end")),
        organization=org,
        task_title=_clean(c.get("task_title")),
        contract_number=_clean(c.get("number")),
        contract_signed_on=day(c.get("signed_on")),
        results_description=or_na(r.get("results_description")),
        actions_description=or_na(r.get("actions_description")),
        expenses=lines,
        planned_total=money(planned_total, currency=False),
        actual_total=money(actual_total, currency=False),
        sources=sources,
        other_income=or_na(r.get("other_income")),
        beneficiary_fees=or_na(r.get("beneficiary_fees_info")),
        additional_info=or_na(r.get("additional_info")),
        submitted_at=moment(r.get("submitted_at")) if r.get("submitted_at") else None,
        footer=f"Sprawozdanie {'końcowe' if final else 'częściowe'} — umowa nr {_clean(c.get('number'))}",
    )


BUILDERS: dict[str, Callable[[dict], dict]] = {
    "call_announcement": call_announcement,
    "offer": offer,
    "offer_confirmation": offer_confirmation,
    "evaluation_card": evaluation_card,
    "committee_protocol": committee_protocol,
    "results": results,
    "contract": contract,
    "report": report,
}
