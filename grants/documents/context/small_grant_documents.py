"""The simplified report of a small grant (art. 19a; Annex 2 of Dz.U. 2018 poz. 2055, "uproszczone sprawozdanie
z realizacji zadania publicznego"): I. what was done and the results achieved, II. the statement of expenses per
cost line (the actual total, of which the grant, of which other sources — planned beside actual), III. other
information, the statements. The structure follows shared/docs/forms-2018.md §5, marked [M, L] there: to be
checked against the published annex before an office relies on its wording."""

from grants.documents.context.parts import ZERO, base, clean, day, decimal, moment, money, or_na, organization


def _expenses(r: dict) -> tuple[list[dict], dict]:
    keys = ("planned_total", "planned_grant", "planned_other", "actual_total", "actual_grant", "actual_other")
    sums = dict.fromkeys(keys, ZERO)
    lines = []
    for n, e in enumerate(r.get("expenses") or [], 1):
        line = {"lp": clean(e.get("lp")) or str(n), "name": clean(e.get("name"))}
        for key in keys:
            amount = decimal(e.get(key)) or ZERO
            sums[key] += amount
            line[key] = money(amount, currency=False)
        lines.append(line)
    return lines, {key: money(value, currency=False) for key, value in sums.items()}


def _version(raw) -> dict | None:
    if not raw:
        return None
    return {
        "number": raw.get("number"),
        "control_sum": clean(raw.get("control_sum")),
        "control_code": clean(raw.get("control_code")),
    }


def simplified_report(src: dict) -> dict:
    r = src.get("report") or {}
    c = src.get("contract") or {}
    final = r.get("kind") == "final"
    lines, sums = _expenses(r)
    version = _version(src.get("version"))
    return base(
        "Uproszczone sprawozdanie z realizacji zadania publicznego",
        clean(c.get("task_title")),
        src.get("header"),
        description=f"Uproszczone sprawozdanie {'końcowe' if final else 'częściowe'} z realizacji zadania "
        f"publicznego (umowa nr {clean(c.get('number'))})",
        simplified=True,
        final=final,
        kind_word="końcowe" if final else "częściowe",
        period_start=day(r.get("period_start") or c.get("task_start")),
        period_end=day(r.get("period_end") or c.get("task_end")),
        organization=organization(src.get("organization")),
        task_title=clean(c.get("task_title")),
        contract_number=clean(c.get("number")),
        contract_signed_on=day(c.get("signed_on")),
        results_description=or_na(r.get("results_description")),
        # Not a part of the simplified form; printed when the organisation wrote it (the API accepts it).
        actions_description=clean(r.get("actions_description")) or None,
        results=[
            {
                "name": clean(x.get("name")),
                "planned": clean(x.get("planned")) or "—",
                "achieved": clean(x.get("achieved")) or "—",
            }
            for x in r.get("results") or []
        ],
        expenses=lines,
        sums=sums,
        additional_info=or_na(r.get("additional_info")),
        attachments=[
            {"name": clean(a.get("name")), "description": clean(a.get("description"))}
            for a in r.get("attachments") or []
        ],
        submitted_at=moment(r.get("submitted_at")) if r.get("submitted_at") else None,
        version=version,
        footer=f"Uproszczone sprawozdanie {'końcowe' if final else 'częściowe'} — umowa nr {clean(c.get('number'))}"
        + (f" · kod kontrolny {version['control_code']}" if version else ""),
    )
