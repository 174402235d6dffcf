"""The contract pages' HTML forms ⇄ the raw dicts the API receives (grants.contracts.operations.contracts judges
them). Rows are named like the API's dotted paths (`tranches.0.amount`), so an error lands at its input;
people lists are typed one per line ("Imię Nazwisko, funkcja")."""

from datetime import date
from decimal import Decimal

from grants.contracts.models import Contract
from grants.formatting import money_input, quantity_input
from grants.parsing import form_text

BLANK_TRANCHE_ROWS = 2
BLANK_COST_ROWS = 1
COST_FIELDS = ("id", "action", "name", "unit", "quantity", "unit_cost", "grant_part")


def people_text(people: list[dict] | None) -> str:
    return "\n".join(
        f"{p.get('full_name', '')}, {p['function']}" if p.get("function") else p.get("full_name", "")
        for p in people or []
    )


def read_people(value: str) -> list[dict]:
    result = []
    for line in form_text(value).split("\n"):
        line = line.strip()
        if not line:
            continue
        name, _sep, function = line.partition(",")
        result.append({"full_name": name.strip(), "function": function.strip()})
    return result


def _rows(form, prefix: str, fields: tuple[str, ...], limit: int = 200) -> list[dict]:
    rows = []
    for index in range(limit):
        row = {field: form_text(form.get(f"{prefix}.{index}.{field}")) for field in fields}
        if not any(form.get(f"{prefix}.{index}.{field}") is not None for field in fields):
            break
        rows.append(row)
    return rows


def _filled(rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    return [row for row in rows if any(row.get(f, "").strip() for f in fields)]


def _dates(value: str) -> list[str]:
    return [part.strip() for part in form_text(value).replace(",", "\n").split("\n") if part.strip()]


# ---------------------------------------------------------------- the draft (drawing up, editing)


def draft_values(
    contract: Contract | None, *, tranches: list[dict] | None = None, defaults: dict | None = None
) -> dict:
    """The draft form's values: the contract's terms, or (drawing up) the defaults the operation would use."""
    if contract is None:
        values = {
            "tranches": tranches or [],
            "cost_shift_tolerance_percent": "",
            "place": "",
            "treasurer": "",
            "office_representatives": "",
            "organization_representatives": "",
            "expenses_start": "",
            "expenses_end": "",
            "reporting_dates": "",
            "signed_on": "",
            **(defaults or {}),
        }
    else:
        values = {
            "tranches": [
                {"amount": money_input(t.amount), "due_date": t.due_date.isoformat()} for t in contract.tranches
            ],
            "form": contract.form.value,
            "cost_shift_tolerance_percent": money_input(contract.cost_shift_tolerance_percent),
            "place": contract.place,
            "treasurer": contract.treasurer,
            "office_representatives": people_text(contract.office_representatives),
            "organization_representatives": people_text(contract.organization_representatives),
            "expenses_start": contract.expenses_start.isoformat(),
            "expenses_end": contract.expenses_end.isoformat(),
            "reporting_dates": "\n".join(
                e["due_date"] for e in contract.reporting_dates or [] if e.get("kind") == "partial"
            ),
            "signed_on": "",
        }
    return with_blank_tranches(values)


def with_blank_tranches(values: dict) -> dict:
    values = dict(values)
    values["tranches"] = list(values.get("tranches") or []) + [
        {"amount": "", "due_date": ""} for _ in range(BLANK_TRANCHE_ROWS)
    ]
    return values


def read_draft_form(form, *, drawing_up: bool) -> tuple[dict, dict]:
    """(values to show again, raw dict for draw_up / update_draft)."""
    tranches = _filled(_rows(form, "tranches", ("amount", "due_date")), ("amount", "due_date"))
    values = {
        "tranches": tranches,
        **{
            field: form_text(form.get(field))
            for field in (
                "cost_shift_tolerance_percent",
                "place",
                "treasurer",
                "office_representatives",
                "organization_representatives",
                "expenses_start",
                "expenses_end",
                "reporting_dates",
                "signed_on",
            )
        },
    }
    raw: dict = {
        "tranches": [{"amount": t["amount"], "due_date": t["due_date"]} for t in tranches],
        "cost_shift_tolerance_percent": values["cost_shift_tolerance_percent"],
        "place": values["place"],
        "treasurer": values["treasurer"],
        "office_representatives": read_people(values["office_representatives"]),
        "organization_representatives": read_people(values["organization_representatives"]),
        "expenses_start": values["expenses_start"],
        "expenses_end": values["expenses_end"],
        "reporting_dates": _dates(values["reporting_dates"]),
    }
    if drawing_up:
        raw["signed_on"] = values["signed_on"]
    if "form" in form:  # a small grant's form of art. 16 ust. 1 (a competition's is the call's)
        values["form"] = raw["form"] = form_text(form.get("form"))
    return with_blank_tranches(values), raw


# ---------------------------------------------------------------- the annex


def annex_values(contract: Contract, today: date) -> dict:
    values = {
        "reason": "",
        "signed_on": today.isoformat(),
        "task_start": contract.task_start.isoformat(),
        "task_end": contract.task_end.isoformat(),
        "expenses_start": contract.expenses_start.isoformat(),
        "expenses_end": contract.expenses_end.isoformat(),
        "cost_shift_tolerance_percent": money_input(contract.cost_shift_tolerance_percent),
        "tranches": [
            {"amount": money_input(t.amount), "due_date": t.due_date.isoformat(), "paid": t.paid_on is not None}
            for t in contract.tranches
        ],
        "cost_items": [
            {
                "id": str(i.id),
                "action": i.action,
                "name": i.name,
                "unit": i.unit,
                "quantity": quantity_input(i.quantity),
                "unit_cost": money_input(i.unit_cost),
                "grant_part": money_input(i.grant_part),
            }
            for i in contract.cost_items
        ],
    }
    return with_blank_annex_rows(values)


def with_blank_annex_rows(values: dict) -> dict:
    values = with_blank_tranches(values)
    values["cost_items"] = list(values.get("cost_items") or []) + [
        dict.fromkeys(COST_FIELDS, "") for _ in range(BLANK_COST_ROWS)
    ]
    return values


def read_annex_form(form) -> tuple[dict, dict]:
    """(values to show again, {reason, signed_on, changes}) — every term as the form shows it; the operation
    records only what differs from the contract."""
    tranches = _filled(_rows(form, "changes.tranches", ("amount", "due_date")), ("amount", "due_date"))
    lines = _filled(_rows(form, "changes.cost_items", COST_FIELDS), COST_FIELDS[1:])
    fields = ("task_start", "task_end", "expenses_start", "expenses_end", "cost_shift_tolerance_percent")
    values = {
        "reason": form_text(form.get("reason")),
        "signed_on": form_text(form.get("signed_on")),
        **{field: form_text(form.get(f"changes.{field}")) for field in fields},
        "tranches": tranches,
        "cost_items": lines,
    }
    changes = {field: values[field] for field in fields}
    changes["tranches"] = tranches
    changes["cost_items"] = lines
    return with_blank_annex_rows(values), {
        "reason": values["reason"],
        "signed_on": values["signed_on"],
        "changes": changes,
    }


def total(values: list[dict], field: str) -> Decimal:
    result = Decimal("0.00")
    for row in values:
        try:
            result += Decimal(str(row.get(field) or "0").replace(",", ".").replace(" ", ""))
        except ArithmeticError:
            continue
    return result
