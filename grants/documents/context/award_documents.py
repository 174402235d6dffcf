"""The documents after the award: the contract (Annex 3) and the report on the task (Annex 5)."""

from grants.documents.context.parts import (
    ZERO,
    amount_in_words,
    base,
    clean,
    day,
    decimal,
    format_account,
    header,
    moment,
    money,
    or_na,
    organization,
    percent,
    q,
)
from grants.documents.context.small_grant_documents import simplified_report

# Annex 3 § 1 ust. 2: "umową o wsparcie / powierzenie realizacji zadania publicznego" (art. 16 ust. 1).
FORMS_SHORT = {"wspieranie": "wsparcie", "powierzanie": "powierzenie"}


def _tranches(c: dict) -> list[dict]:
    return [
        {
            "lp": str(n),
            "amount": money(t.get("amount")),
            "words": amount_in_words(t.get("amount")),
            "due_date": day(t.get("due_date")),
        }
        for n, t in enumerate(c.get("tranches") or [], 1)
    ]


def _contract_offer(src: dict) -> dict:
    """The offer the contract is made on: its number, when it was submitted, its control sum."""
    offer = src.get("offer") or {}
    return {
        "number": clean(offer.get("number")),
        "submitted_at": moment(offer.get("submitted_at")) if offer.get("submitted_at") else "……………",
        "control_sum": clean(offer.get("control_sum")),
    }


def _contract_office(src: dict) -> dict:
    office = src.get("office") or {}
    return {
        "name": clean(office.get("name")) or header(src.get("header"))["name"],
        "representatives": [
            {"full_name": clean(r.get("full_name")), "function": clean(r.get("function"))}
            for r in office.get("representatives") or []
        ],
    }


REPORT_KINDS = {"final": "sprawozdanie końcowe", "partial": "sprawozdanie częściowe"}
STATUS_NOTES = {
    "draft": "PROJEKT UMOWY — do podpisu",
    "cancelled": "PROJEKT ANULOWANY — umowa nie została zawarta",
    "terminated": "UMOWA ROZWIĄZANA",
}


def _reporting(c: dict) -> list[dict]:
    """The reports the contract names (art. 18 ust. 1: the final one 30 days after the task, moved by KC art.
    115; partial ones agreed in it), as dates in words."""
    return [
        {"kind": REPORT_KINDS.get(r.get("kind"), clean(r.get("kind"))), "due_date": day(r.get("due_date"))}
        for r in c.get("reporting_dates") or []
        if r.get("due_date")
    ]


def contract(src: dict) -> dict:
    """Annex 3: the framework contract with the figures of this award (amounts also in words)."""
    c = src.get("contract") or {}
    office = src.get("office") or {}
    org = organization(src.get("organization"))
    partners = [organization(p) for p in src.get("partners") or []]
    grant = decimal(c.get("grant_amount"))
    tranches = _tranches(c)
    form = c.get("form") or "wspieranie"
    return base(
        "Umowa o realizację zadania publicznego",
        clean(c.get("task_title")),
        src.get("header"),
        description=f"Umowa nr {clean(c.get('number'))} o realizację zadania publicznego",
        number=clean(c.get("number")),
        signed_on=day(c.get("signed_on")) if c.get("signed_on") else "……………",
        place=clean(c.get("place")) or "……………",
        form=form,
        form_word=FORMS_SHORT.get(form, form),
        joint=bool(partners),
        task_title=clean(c.get("task_title")),
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
        treasurer=clean(c.get("treasurer")) or None,
        reporting=_reporting(c),
        annexes=[
            {"number": a.get("number"), "signed_on": day(a.get("signed_on")), "reason": clean(a.get("reason"))}
            for a in c.get("annexes") or []
        ],
        status_note=STATUS_NOTES.get(c.get("status")),
        small_grant=bool(c.get("small_grant")),
        offer=_contract_offer(src),
        office=_contract_office(src),
        organization=org,
        partners=partners,
        footer=f"Umowa nr {clean(c.get('number'))}",
    )


def _expenses(r: dict) -> tuple[list[dict], dict]:
    """The report's cost lines, planned against actual, and their totals."""
    lines = []
    sums = {"planned_total": ZERO, "actual_total": ZERO}
    for n, e in enumerate(r.get("expenses") or [], 1):
        planned, actual = decimal(e.get("planned_total")) or ZERO, decimal(e.get("actual_total")) or ZERO
        sums["planned_total"] += planned
        sums["actual_total"] += actual
        lines.append(
            {
                "lp": clean(e.get("lp")) or str(n),
                "name": clean(e.get("name")),
                "planned_total": money(planned, currency=False),
                "actual_total": money(actual, currency=False),
                "planned_grant": money(e.get("planned_grant"), currency=False),
                "actual_grant": money(e.get("actual_grant"), currency=False),
            }
        )
    return lines, sums


def _report_sources(r: dict, planned_total, actual_total) -> list[dict]:
    sources = []
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
    return sources


def report(src: dict) -> dict:
    """Annex 5: the partial or final report, planned against actual per cost line and source (a small
    grant's: the simplified report of poz. 2055, `small_grant_documents.simplified_report`)."""
    r = src.get("report") or {}
    if r.get("simplified"):
        return simplified_report(src)
    c = src.get("contract") or {}
    lines, sums = _expenses(r)
    planned_total, actual_total = sums["planned_total"], sums["actual_total"]
    final = r.get("kind") == "final"
    return base(
        "Sprawozdanie z wykonania zadania publicznego",
        clean(c.get("task_title")),
        src.get("header"),
        description=f"Sprawozdanie {'końcowe' if final else 'częściowe'} z wykonania zadania publicznego "
        f"(umowa nr {clean(c.get('number'))})",
        final=final,
        kind_word="końcowe" if final else "częściowe",
        period_start=day(r.get("period_start") or c.get("task_start")),
        period_end=day(r.get("period_end") or c.get("task_end")),
        organization=organization(src.get("organization")),
        task_title=clean(c.get("task_title")),
        contract_number=clean(c.get("number")),
        contract_signed_on=day(c.get("signed_on")),
        results_description=or_na(r.get("results_description")),
        actions_description=or_na(r.get("actions_description")),
        expenses=lines,
        planned_total=money(planned_total, currency=False),
        actual_total=money(actual_total, currency=False),
        sources=_report_sources(r, planned_total, actual_total),
        other_income=or_na(r.get("other_income")),
        beneficiary_fees=or_na(r.get("beneficiary_fees_info")),
        additional_info=or_na(r.get("additional_info")),
        submitted_at=moment(r.get("submitted_at")) if r.get("submitted_at") else None,
        # Beside the form's fields: the offer's III.6 results against what was achieved, the personal and
        # in-kind contribution apart (art. 18 ust. 4 pkt 3), the attachments, the version's control sum.
        results=[
            {
                "name": clean(x.get("name")),
                "planned": clean(x.get("planned")) or "—",
                "achieved": clean(x.get("achieved")) or "—",
            }
            for x in r.get("results") or []
        ],
        contributions=_contributions(r.get("contributions")),
        attachments=[
            {"name": clean(a.get("name")), "description": clean(a.get("description"))}
            for a in r.get("attachments") or []
        ],
        version=_version(src.get("version")),
        footer=f"Sprawozdanie {'końcowe' if final else 'częściowe'} — umowa nr {clean(c.get('number'))}"
        + (f" · kod kontrolny {clean((src.get('version') or {}).get('control_code'))}" if src.get("version") else ""),
    )


def _contributions(raw) -> list[dict] | None:
    if not raw:
        return None
    return [
        {"name": name, "amount": money(raw.get(key), currency=False)}
        for name, key in (
            ("Inne środki publiczne (w wkładzie finansowym)", "other_public"),
            ("Wkład osobowy", "personal"),
            ("Wkład rzeczowy", "in_kind"),
        )
    ]


def _version(raw) -> dict | None:
    if not raw:
        return None
    return {
        "number": raw.get("number"),
        "control_sum": clean(raw.get("control_sum")),
        "control_code": clean(raw.get("control_code")),
        "submitted_at": moment(raw.get("submitted_at")) if raw.get("submitted_at") else None,
    }
