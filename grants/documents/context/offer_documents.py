"""The offer's documents: the offer as submitted (Annex 1 of Dz.U. 2018 poz. 2057, a frozen version) and
the one-page confirmation of its submission that the NGO signs."""

from decimal import Decimal

from grants.documents.context import annex1_2057
from grants.documents.context.parts import (
    ADMIN,
    NOT_APPLICABLE,
    ZERO,
    base,
    clean,
    day,
    decimal,
    header,
    moment,
    money,
    or_na,
    organization,
    paragraphs,
    percent,
    points,
    q,
)


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
        "name": clean(item.get("name")),
        "unit": clean(item.get("unit")),
        "unit_cost": money(item.get("unit_cost"), currency=False),
        "quantity": points(item.get("quantity")),
        "value": money(value, currency=False),
        "years": [money(year_values.get(str(y), year_values.get(y)), currency=False) for y in years],
    }


def _cost_group(lp: str, name: str, lines: list[tuple[dict, Decimal]], years: list[int]) -> dict:
    return {
        "lp": lp,
        "name": name,
        "lines": [_cost_line(f"{lp}.{n}", item, value, years) for n, (item, value) in enumerate(lines, 1)],
        "total": money(sum((v for _, v in lines), start=ZERO), currency=False),
    }


def _cost_groups(actions: list[dict], priced: list[tuple[dict, Decimal]], years: list[int]) -> list[dict]:
    """V.A part I: each action's lines (I.1, I.1.1 …)."""
    groups = [
        _cost_group(
            f"I.{index + 1}",
            f"Działanie {index + 1}: {clean(action.get('name'))}",
            [(item, value) for item, value in priced if item.get("action") == index],
            years,
        )
        for index, action in enumerate(actions)
    ]
    known = set(range(len(actions))) | {ADMIN}
    # A line pointing nowhere is still a cost of the task: shown, so the sums on paper add up.
    orphans = [(item, value) for item, value in priced if item.get("action") not in known]
    if orphans:
        groups.append(_cost_group(f"I.{len(actions) + 1}", "Koszty nieprzypisane do działania", orphans, years))
    return groups


def _sources(total: Decimal, grant: Decimal, financial: Decimal, personal: Decimal, in_kind: Decimal) -> list[dict]:
    """V.B: the sources of the task's money and their shares of the total."""
    own = financial + personal + in_kind

    def share(part: Decimal) -> str:
        return percent(q(part * 100 / total)) if total else percent(ZERO)

    return [
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


def cost_estimate(content: dict, figures: dict | None = None) -> dict:
    """Section V.A grouped as the form numbers it (I.1, I.1.1 … II.1), with V.B's sources.

    `figures` are the frozen version's computed sums when the offer has them; otherwise the sums are
    added up here the same way (line value = quantity × unit cost, half-up to grosze)."""
    figures = figures or {}
    items = content.get("cost_items") or []
    years = _task_years(items)
    priced = [(item, _line_value(item)) for item in items]
    admin = [(item, value) for item, value in priced if item.get("action") == ADMIN]
    actions_total = sum((v for item, v in priced if item.get("action") != ADMIN), start=ZERO)
    admin_total = sum((v for _, v in admin), start=ZERO)
    total = decimal(figures.get("total_cost")) or (actions_total + admin_total)
    grant = decimal(figures.get("requested_grant"))
    if grant is None:
        grant = sum((q(decimal(i.get("grant_part")) or ZERO) for i in items), start=ZERO)
    financial = q(decimal(content.get("own_financial")) or ZERO)
    personal = q(decimal(content.get("own_non_financial_personal")) or ZERO)
    in_kind = q(decimal(content.get("own_non_financial_in_kind")) or ZERO)
    return {
        "years": years,
        "groups": _cost_groups(content.get("actions") or [], priced, years),
        "actions_total": money(actions_total, currency=False),
        "admin_lines": [_cost_line(f"II.{n}", item, value, years) for n, (item, value) in enumerate(admin, 1)],
        "admin_total": money(admin_total, currency=False),
        "total": money(total, currency=False),
        "sources": _sources(total, grant, financial, personal, in_kind),
        "requested_grant": money(grant),
        "total_cost": money(total),
        "own_contribution": money(financial + personal + in_kind),
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
        "control_sum": clean(version.get("control_sum")),
        "control_code": clean(version.get("control_code")),
        "submitted_at": moment(version.get("submitted_at")) if version.get("submitted_at") else None,
        "withdrawn_at": moment(version.get("withdrawn_at")) if version.get("withdrawn_at") else None,
    }


def _footer(version: dict) -> str:
    footer = f"Oferta nr {version['offer_number']}"
    if version["number"]:
        footer += f", wersja {version['number']}"
    if version["control_sum"]:
        footer += f" · suma kontrolna: {version['control_sum']}"
    return footer


def _task(content: dict) -> dict:
    """Section III: the task, its plan of actions and its results."""
    return {
        "task_title": clean(content.get("title")),
        "task_start": day(content.get("task_start")),
        "task_end": day(content.get("task_end")),
        "place": or_na(content.get("place")),
        "target_group": or_na(content.get("target_group")),
        "summary": or_na(content.get("summary")),
        "actions": [
            {
                "lp": str(n),
                "name": clean(a.get("name")),
                "description": paragraphs(a.get("description")),
                "target_group": clean(a.get("target_group")),
                "period": clean(a.get("period")),
                "subcontractor": clean(a.get("subcontractor")) or None,
            }
            for n, a in enumerate(content.get("actions") or [], 1)
        ],
        "results": [
            {
                "name": clean(r.get("name")),
                "target_value": clean(r.get("target_value")),
                "monitoring": clean(r.get("monitoring")),
            }
            for r in content.get("results") or []
        ],
        "expected_effects": or_na(content.get("expected_effects")),
    }


def _cost_split(src: dict, content: dict) -> dict:
    """V.C (joint offers): each offeror's part, Razem and — for a task over several years — Rok 1, Rok 2 …
    in the columns of V.A; the last row is the sum of all costs, as the form's table ends."""
    years = _task_years(content.get("cost_items") or [])
    rows = src.get("cost_split") or []

    def by_year(values: dict | None) -> list[str]:
        values = values or {}
        return [money(values.get(str(y)), currency=False) if values.get(str(y)) else "—" for y in years]

    totals = {
        str(y): sum((decimal((r.get("year_values") or {}).get(str(y))) or ZERO for r in rows), ZERO) for y in years
    }
    return {
        "cost_split": [
            {
                "name": row.get("name"),
                "value": money(row.get("amount"), currency=False),
                "years": by_year(row.get("year_values")),
            }
            for row in rows
        ],
        "cost_split_total": {
            "value": money(sum((decimal(r.get("amount")) or ZERO for r in rows), ZERO), currency=False),
            "years": [money(totals[str(y)], currency=False) for y in years],
        },
    }


def _attachments(src: dict) -> list[dict]:
    return [
        {
            "name": clean(a.get("filename") or a.get("original_filename") or a.get("name")),
            "kind": clean(a.get("kind")),
            "sha256": clean(a.get("sha256")),
        }
        for a in src.get("attachments") or []
    ]


def offer(src: dict) -> dict:
    """Annex 1: the offer as submitted (a frozen version), in the form's sections I–VII."""
    content = src["content"]
    call = src.get("call") or {}
    # II.1: the representing offeror's address for letters, when the offer names one other than the seat.
    lead = {
        **organization(src.get("organization")),
        "correspondence_address": clean(content.get("correspondence_address")),
    }
    partners = [organization(p) for p in src.get("partners") or []]
    joint = bool(partners)
    version = _version(src)
    contact = content.get("contact") or {}
    paid = content.get("paid_activity")
    subject = clean(content.get("title"))
    return base(
        "Oferta realizacji zadania publicznego",
        subject,
        src.get("header"),
        description=f"Oferta {'wspólna ' if joint else ''}realizacji zadania publicznego: {subject}",
        # The organisation writes its offer: it is the author, and the office's letterhead stays off it.
        author=lead["name"],
        letterhead=False,
        statutory_title=annex1_2057.title(joint),
        pouczenie={"heading": annex1_2057.POUCZENIE_HEADING, "paragraphs": list(annex1_2057.POUCZENIE)},
        joint=joint,
        version=version,
        footer=_footer(version),
        authority=clean(call.get("office")) or header(src.get("header"))["name"],
        task_type=clean(call.get("task_type")),
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        offerors=[lead] + partners,
        contact={
            "name": clean(contact.get("name")) or NOT_APPLICABLE,
            "phone": clean(contact.get("phone")),
            "email": clean(contact.get("email")),
        },
        **_task(content),
        experience=or_na(content.get("experience")),
        resources=or_na(content.get("resources")),
        costs=cost_estimate(content, src.get("figures")),
        **_cost_split(src, content) if joint else {"cost_split": [], "cost_split_total": None},
        paid_activity=("odpłatne" if paid else "nieodpłatne") if paid is not None else "odpłatne* / nieodpłatne*",
        partners_actions=or_na(content.get("partners_actions")),
        other_information=or_na(content.get("other_information")),
        statements=offer_statements(content.get("statements"), joint),
        attachments=_attachments(src),
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
    subject = clean(content.get("title") or src.get("title"))
    return base(
        "Potwierdzenie złożenia oferty",
        subject,
        src.get("header"),
        description=f"Potwierdzenie złożenia oferty nr {version['offer_number']} "
        f"(wersja {version['number']}), kod {version['control_code']}",
        version=version,
        task_title=subject,
        call_title=clean(call.get("title")),
        call_number=str(call.get("id") or ""),
        authority=clean(call.get("office")),
        organization=lead,
        partners=partners,
        requested_grant=costs.get("requested_grant", "—"),
        total_cost=costs.get("total_cost", "—"),
        representatives=[r for org in [lead] + partners for r in org["representatives"]]
        or [{"full_name": "", "function": ""}],
        confirmation_rule=clean(src.get("confirmation_rule")),
        footer=f"Potwierdzenie złożenia oferty nr {version['offer_number']}, wersja {version['number']}",
    )


def offer_draft(src: dict) -> dict:
    """Annex 1 from the draft as it is now: no version, control sum or code yet, and every page marked
    "projekt" — the organisation's working copy, never mistaken for the submitted offer."""
    doc = offer(src)
    number = doc["version"]["offer_number"]
    doc.update(
        title=f"Projekt oferty realizacji zadania publicznego — {doc['task_title']}"
        if doc["task_title"]
        else "Projekt oferty realizacji zadania publicznego",
        kind_title="Projekt oferty realizacji zadania publicznego",
        watermark="PROJEKT",
        draft_mark="PROJEKT — wersja robocza oferty, niezłożona: nie ma sumy kontrolnej ani kodu potwierdzenia",
        footer=f"Oferta nr {number} — projekt (wersja robocza, niezłożona)",
    )
    return doc
