"""Annexes to a signed contract (Annex 3 § 15: changes in writing, as an annex): task dates, the period of expenses, the
tranche schedule, the cost lines, the tolerance — never the grant; each a ContractAnnex that keeps what every
changed field was before and after."""

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.audit.log import jsonable
from grants.clock import now_utc
from grants.contracts.models import Contract, ContractAnnex, ContractCostItem, ContractStatus, Tranche
from grants.contracts.operations.contracts import (
    DatesAfter,
    audit,
    check_dates,
    not_in,
    reporting_schedule,
    today_of,
)
from grants.contracts.queries import require_contract_officer
from grants.contracts.terms import (
    MAX_COST_ITEMS,
    TrancheTerm,
    check_tranches_total,
    parse_reason,
    parse_required_date,
    parse_tolerance,
    parse_tranches,
)
from grants.errors import FieldErrors, ValidationFailed
from grants.extensions import db
from grants.offers import schema as offer_schema
from grants.parsing import is_blank, money, text

ANNEX_FIELDS = (
    "task_start",
    "task_end",
    "expenses_start",
    "expenses_end",
    "tranches",
    "cost_items",
    "cost_shift_tolerance_percent",
)


def _line_id(value) -> int | None:
    """A cost line's id as sent (a number, or its text from a form); blank is a new line, junk is 0."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return 0
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _parse_annex_cost_items(errors: FieldErrors, contract: Contract, value) -> list[dict] | None:
    """The whole estimate after the annex: every line of the contract (by its `id`, so reports keep
    referring to it) and any new ones (no `id`); a line is not removed — set its quantity or grant part to
    what remains instead. The grant parts add up to the grant, which an annex never changes."""
    if not isinstance(value, list) or not value or len(value) > MAX_COST_ITEMS:
        errors.add("cost_items", _("Podaj wszystkie pozycje kosztorysu (z ich id), także niezmienione."))
        return None
    known = {item.id: item for item in contract.cost_items}
    seen: set[int] = set()
    rows = []
    for index, item in enumerate(value):
        prefix = f"cost_items.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Pozycja kosztorysu ma nazwę, miarę, liczbę jednostek, koszt jednostkowy."))
            continue
        item_id = _line_id(item.get("id"))
        if item_id is not None:
            if item_id not in known or item_id in seen:
                errors.add(f"{prefix}.id", _("Umowa nie ma takiej pozycji kosztorysu."))
                continue
            seen.add(item_id)
        row = {"id": item_id}
        row["action"] = text(errors, f"{prefix}.action", item.get("action"), limit=300, blank="")
        row["name"] = text(errors, f"{prefix}.name", item.get("name"), limit=300, required=True)
        row["unit"] = text(errors, f"{prefix}.unit", item.get("unit"), limit=100, blank="")
        quantity = item.get("quantity")
        row["quantity"] = (
            offer_schema.parse_quantity(errors, f"{prefix}.quantity", quantity) if not is_blank(quantity) else None
        )
        if row["quantity"] is None and is_blank(quantity):
            errors.add(f"{prefix}.quantity", _("To pole jest wymagane."))
        for field in ("unit_cost", "grant_part"):
            value_ = item.get(field)
            if is_blank(value_):
                errors.add(f"{prefix}.{field}", _("To pole jest wymagane."))
                row[field] = None
            else:
                row[field] = money(errors, f"{prefix}.{field}", value_)
        if row["quantity"] is not None and row["unit_cost"] is not None and row["grant_part"] is not None:
            total = (row["quantity"] * row["unit_cost"]).quantize(Decimal("0.01"))
            if row["grant_part"] > total:
                errors.add(f"{prefix}.grant_part", _("Część z dotacji nie może przekraczać kosztu pozycji."))
        rows.append(row)
    missing = set(known) - seen
    if missing:
        errors.add(
            "cost_items",
            _("Pozycji kosztorysu nie usuwa się aneksem: podaj je wszystkie (brak id: %(ids)s).", ids=sorted(missing)),
        )
    if not errors:
        total = sum((row["grant_part"] for row in rows), Decimal("0.00"))
        if total != contract.grant_amount:
            errors.add(
                "cost_items",
                _(
                    "Części z dotacji sumują się do %(total)s zł; aneks nie zmienia dotacji (%(grant)s zł).",
                    total=f"{total:.2f}",
                    grant=f"{contract.grant_amount:.2f}",
                ),
            )
    return rows if not errors else None


def _cost_lines(contract: Contract) -> list[dict]:
    return [
        {
            "id": i.id,
            "action": i.action,
            "name": i.name,
            "unit": i.unit,
            "quantity": i.quantity,
            "unit_cost": i.unit_cost,
            "grant_part": i.grant_part,
        }
        for i in contract.cost_items
    ]


def _schedule(contract: Contract) -> list[dict]:
    return [{"n": t.number, "amount": t.amount, "due_date": t.due_date} for t in contract.tranches]


def add_annex(actor, contract: Contract, reason, signed_on, changes, now: datetime | None = None) -> ContractAnnex:
    """An annex to a signed contract (Annex 3 § 15: changes in writing, as an annex): task dates, the period of
    expenses, the tranche schedule (paid tranches stay as paid), the cost lines, the tolerance — never the
    grant. Each annex keeps what every changed field was before and after."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    if contract.status != ContractStatus.signed:
        raise not_in(contract, ContractStatus.signed)
    errors = FieldErrors()
    reason = parse_reason(errors, reason)
    day = parse_required_date(errors, "signed_on", signed_on)
    if day is not None and day > today_of(now):
        errors.add("signed_on", _("Data podpisania aneksu nie może być w przyszłości."))
    if day is not None and contract.signed_on is not None and day < contract.signed_on:
        errors.add("signed_on", _("Aneks podpisuje się po umowie (%(day)s).", day=contract.signed_on))
    if not isinstance(changes, dict):
        errors.add("changes", _("Podaj, co zmienia aneks."))
        changes = {}
    for field in changes:
        if field in ("grant", "grant_amount"):
            errors.add(f"changes.{field}", _("Aneks nie zmienia kwoty dotacji."))
        elif field not in ANNEX_FIELDS:
            errors.add(f"changes.{field}", _("Aneksem nie zmienia się tego pola."))
    parsed: dict = {}
    for field in ("task_start", "task_end", "expenses_start", "expenses_end"):
        if field in changes:
            parsed[field] = parse_required_date(errors, f"changes.{field}", changes[field])
    if "cost_shift_tolerance_percent" in changes:
        parsed["cost_shift_tolerance_percent"] = parse_tolerance(
            errors, changes["cost_shift_tolerance_percent"], "changes.cost_shift_tolerance_percent"
        )
        if parsed["cost_shift_tolerance_percent"] is None and not errors:
            errors.add("changes.cost_shift_tolerance_percent", _("To pole jest wymagane."))
    tranches = None
    if "tranches" in changes:
        tranches = parse_tranches(errors, changes["tranches"], "changes.tranches")
        check_tranches_total(errors, tranches, contract.grant_amount, "changes.tranches")
        if tranches is not None:
            for tranche in contract.tranches:
                if tranche.paid_on is None:
                    continue
                index = tranche.number - 1
                if index >= len(tranches) or tranches[index] != TrancheTerm(tranche.amount, tranche.due_date):
                    errors.add(
                        f"changes.tranches.{min(index, len(tranches) - 1)}",
                        _("Transza %(n)d jest już wypłacona: zostaje taka, jak była.", n=tranche.number),
                    )
    cost_rows = None
    if "cost_items" in changes:
        probe = FieldErrors()
        cost_rows = _parse_annex_cost_items(probe, contract, changes["cost_items"])
        for field, messages in probe.fields.items():
            for message in messages:
                errors.add(f"changes.{field}", message)
    probe = DatesAfter(contract, parsed)
    if not errors:
        check = FieldErrors()
        check_dates(check, probe, tranches)
        for field, messages in check.fields.items():
            for message in messages:
                errors.add(f"changes.{field}", message)
    errors.raise_if_any()

    diff: dict = {}

    def note(field, before, after):
        if before != after:
            diff[field] = {"before": before, "after": after}

    for field in ("task_start", "task_end", "expenses_start", "expenses_end", "cost_shift_tolerance_percent"):
        if field in parsed:
            note(field, getattr(contract, field), parsed[field])
    if tranches is not None:
        after = [{"n": n, "amount": t.amount, "due_date": t.due_date} for n, t in enumerate(tranches, 1)]
        note("tranches", _schedule(contract), after)
    if cost_rows is not None:
        before_lines = _cost_lines(contract)
        by_id = {line["id"]: line for line in before_lines}
        after_lines = [{**row, "id": row["id"]} for row in cost_rows]
        if [by_id.get(r["id"]) for r in after_lines if r["id"] is not None] != [
            {k: r[k] for k in ("id", "action", "name", "unit", "quantity", "unit_cost", "grant_part")}
            for r in after_lines
            if r["id"] is not None
        ] or any(r["id"] is None for r in after_lines):
            diff["cost_items"] = {"before": before_lines, "after": after_lines}
    if not diff:
        raise ValidationFailed.one("changes", _("Aneks niczego nie zmienia: podaj nowe wartości."))

    for field in ("task_start", "task_end", "expenses_start", "expenses_end", "cost_shift_tolerance_percent"):
        if field in diff:
            setattr(contract, field, parsed[field])
    if "task_end" in diff:
        contract.reporting_dates = reporting_schedule(contract)
    if "tranches" in diff:
        paid = {t.number: t for t in contract.tranches if t.paid_on is not None}
        for tranche in list(contract.tranches):
            if tranche.number not in paid:
                contract.tranches.remove(tranche)
        db.session.flush()
        for number, term in enumerate(tranches, 1):
            if number not in paid:
                contract.tranches.append(Tranche(number=number, amount=term.amount, due_date=term.due_date))
        contract.tranches.sort(key=lambda t: t.number)
    if "cost_items" in diff:
        known = {item.id: item for item in contract.cost_items}
        for position, row in enumerate(cost_rows):
            item = known.get(row["id"]) if row["id"] is not None else None
            if item is None:
                item = ContractCostItem(kind="")
                contract.cost_items.append(item)
            item.position = position
            for field in ("action", "name", "unit", "quantity", "unit_cost", "grant_part"):
                setattr(item, field, row[field])
        db.session.flush()
        diff["cost_items"]["after"] = _cost_lines(contract)
        contract.cost_items.sort(key=lambda i: i.position)
    number = max((a.number for a in contract.annexes), default=0) + 1
    annex = ContractAnnex(
        contract_id=contract.id,
        number=number,
        reason=reason,
        signed_on=day,
        changes=jsonable(diff),
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(annex)
    contract.annexes.append(annex)
    contract.lock_version += 1
    db.session.flush()
    audit(
        "contract.annex",
        contract,
        actor,
        before={"annex": number, **{field: change["before"] for field, change in diff.items()}},
        after={"annex": number, "reason": reason, **{field: change["after"] for field, change in diff.items()}},
    )
    return annex
