"""The contract's terms from raw input (the API's JSON, the pages' forms turned into the same dicts) into typed
values, with an error per field (dotted paths: `tranches.1.amount`).

What only the contract knows (the grant the tranches must add up to, the tranches already paid) is checked by
the operations (grants.contracts.operations.contracts); here each value is judged on its own.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.parsing import MAX_SIGNATORIES, is_blank, money, parse_date, percent, signatories, text

MAX_TRANCHES = 24
MAX_REPRESENTATIVES = MAX_SIGNATORIES
MAX_COST_ITEMS = 200
MAX_REASON = 5000


@dataclass(frozen=True)
class TrancheTerm:
    amount: Decimal
    due_date: date


def parse_tranches(errors: FieldErrors, value, field: str = "tranches") -> list[TrancheTerm] | None:
    """[{amount, due_date}] (Annex 3 § 3: the grant in tranches, each paid by a date), in date order."""
    if not isinstance(value, list) or not value:
        errors.add(field, _("Podaj co najmniej jedną transzę: kwotę i termin przekazania."))
        return None
    if len(value) > MAX_TRANCHES:
        errors.add(field, _("Najwyżej %(n)d transz.", n=MAX_TRANCHES))
        return None
    result: list[TrancheTerm] = []
    ok = True
    for index, item in enumerate(value):
        prefix = f"{field}.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Transza ma kwotę i termin przekazania."))
            ok = False
            continue
        amount = _required_money(errors, f"{prefix}.amount", item.get("amount"))
        due = parse_required_date(errors, f"{prefix}.due_date", item.get("due_date"))
        if amount is None or due is None:
            ok = False
            continue
        if result and due < result[-1].due_date:
            errors.add(f"{prefix}.due_date", _("Transze podaj w kolejności terminów przekazania."))
            ok = False
        result.append(TrancheTerm(amount, due))
    return result if ok else None


def _required_money(errors: FieldErrors, field: str, value) -> Decimal | None:
    if is_blank(value):
        errors.add(field, _("To pole jest wymagane."))
        return None
    return money(errors, field, value, positive=True)


def check_tranches_total(errors: FieldErrors, tranches: list[TrancheTerm] | None, grant: Decimal, field="tranches"):
    """The tranches add up exactly to the grant (Annex 3 § 3), to the grosz."""
    if tranches is None:
        return
    total = sum((t.amount for t in tranches), Decimal("0.00"))
    if total != grant:
        errors.add(
            field,
            _(
                "Transze sumują się do %(total)s zł, a dotacja wynosi %(grant)s zł: suma transz musi być jej równa.",
                total=f"{total:.2f}",
                grant=f"{grant:.2f}",
            ),
        )


def parse_representatives(errors: FieldErrors, field: str, value) -> list[dict] | None:
    """[{full_name, function}]: who signs for a party (None when not given)."""
    return None if value is None else signatories(errors, field, value)


def parse_optional_date(errors: FieldErrors, field: str, value) -> date | None:
    return None if is_blank(value) else parse_date(errors, field, value)


def parse_required_date(errors: FieldErrors, field: str, value) -> date | None:
    if is_blank(value):
        errors.add(field, _("To pole jest wymagane."))
        return None
    return parse_date(errors, field, value)


def parse_tolerance(errors: FieldErrors, value, field: str = "cost_shift_tolerance_percent") -> Decimal | None:
    """Annex 3 § 5: how far a grant-financed cost line may grow (percent, 0–100)."""
    return None if is_blank(value) else percent(errors, field, value)


def parse_reporting_dates(errors: FieldErrors, value, field: str = "reporting_dates") -> list[date] | None:
    """The dates of partial reports agreed in the contract (beyond the final one of art. 18 ust. 1)."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 12:
        errors.add(field, _("Podaj listę dat w formacie RRRR-MM-DD (najwyżej 12)."))
        return None
    result = []
    for index, item in enumerate(value):
        day = parse_required_date(errors, f"{field}.{index}", item)
        if day is not None:
            result.append(day)
    return sorted(result)


def parse_reason(errors: FieldErrors, value, field: str = "reason") -> str | None:
    return text(errors, field, value, limit=MAX_REASON, required=True)
