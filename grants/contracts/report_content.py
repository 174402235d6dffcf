"""The content of a report (Annex 5 of Dz.U. 2018 poz. 2057; art. 18 ust. 4 of the Act): what the NGO
types, judged field by field, shared by the pages and the API.

`Report.content` holds (every amount a string with two decimals, as the API writes money):

- Part I.1 `results_description` and `results`: one row per result of the offer's III.6 — `name`, `planned`
  (the target value) and `monitoring` copied from the offer, `achieved` typed by the NGO;
- Part I.2 `actions_description`;
- Part II.1 `expenses`: one row per contract cost line, `{cost_item_id, actual_total, actual_grant}`
  (the settlement reads these rows of the accepted final report: keep the shape);
- Part II.2 `sources`: own financial contribution, other public funds, the personal and the in-kind
  contribution (art. 18 ust. 4 pkt 3); the grant is the sum of the lines' actual grant;
- Part II.3 `other_revenue`, II.4 `fees` (świadczenia pieniężne od odbiorców: amount and description);
- Part III `additional_information`; `attachments`: a described list `[{name, description}]`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from grants import parsing
from grants.contracts import simplified_report
from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import money_str
from scoring.decimals import round_half_up
from settlement import lines as tolerance

TEXT_LIMIT = 20000
SHORT_LIMIT = 300
MAX_ATTACHMENTS = 50
TEXT_FIELDS = ("results_description", "actions_description", "other_revenue", "additional_information")
SOURCE_FIELDS = ("own_financial", "other_public", "personal", "in_kind")
ZERO = Decimal("0.00")


def planned_results(contract) -> list[dict]:
    """The results of III.6 of the offer version the contract was made on (the update, if there was one)."""
    from grants.offers.models import OfferVersion

    version = db.session.get(OfferVersion, contract.offer_version_id) if contract.offer_version_id else None
    version = version or contract.offer.current_version
    content = (version.document or {}).get("content", {}) if version is not None else {}
    if simplified_report.is_simplified(contract):  # a small grant's offer (poz. 2055): its own results table
        return simplified_report.planned_results(content)
    return [
        {
            "name": str(r.get("name") or ""),
            "planned": str(r.get("target_value") or ""),
            "monitoring": str(r.get("monitoring") or ""),
        }
        for r in content.get("results") or []
        if isinstance(r, dict)
    ]


def empty_content(contract) -> dict:
    return normalised(contract, {})


def normalised(contract, content: dict | None) -> dict:
    """`content` complete: every key present, one expense row per cost line of the contract (in the
    contract's order, amounts kept for the lines it already had), one result row per planned result."""
    content = dict(content or {})
    out = {name: str(content.get(name) or "") for name in TEXT_FIELDS}
    achieved = [r.get("achieved", "") if isinstance(r, dict) else "" for r in content.get("results") or []]
    out["results"] = [
        {**planned, "achieved": str(achieved[i] if i < len(achieved) else "")}
        for i, planned in enumerate(planned_results(contract))
    ]
    rows = {r.get("cost_item_id"): r for r in content.get("expenses") or [] if isinstance(r, dict)}
    out["expenses"] = [
        {
            "cost_item_id": item.id,
            "actual_total": str(rows.get(item.id, {}).get("actual_total") or "0.00"),
            "actual_grant": str(rows.get(item.id, {}).get("actual_grant") or "0.00"),
        }
        for item in contract.cost_items
    ]
    sources = content.get("sources") if isinstance(content.get("sources"), dict) else {}
    out["sources"] = {name: str(sources.get(name) or "0.00") for name in SOURCE_FIELDS}
    fees = content.get("fees") if isinstance(content.get("fees"), dict) else {}
    out["fees"] = {"amount": str(fees.get("amount") or "0.00"), "description": str(fees.get("description") or "")}
    out["attachments"] = [
        {"name": str(a.get("name") or ""), "description": str(a.get("description") or "")}
        for a in content.get("attachments") or []
        if isinstance(a, dict)
    ]
    return out


# ---------------------------------------------------------------- judging input


def _list(errors: FieldErrors, field_name: str, value) -> list | None:
    if not isinstance(value, list):
        errors.add(field_name, _("Podaj listę."))
        return None
    return value


def _object(errors: FieldErrors, field_name: str, value) -> dict | None:
    if not isinstance(value, dict):
        errors.add(field_name, _("Podaj obiekt z polami."))
        return None
    return value


def _parse_results(errors, raw, count: int) -> list[str] | None:
    rows = _list(errors, "results", raw)
    if rows is None:
        return None
    if len(rows) > count:
        errors.add("results", _("Oferta ma %(n)d rezultatów (III.6); podaj osiągnięcie każdego z nich.", n=count))
        return None
    achieved = []
    for index, row in enumerate(rows):
        value = row.get("achieved") if isinstance(row, dict) else row
        achieved.append(parsing.text(errors, f"results.{index}.achieved", value, limit=TEXT_LIMIT, blank="") or "")
    return achieved


def _parse_expenses(errors, raw, item_ids: list[int]) -> dict[int, dict] | None:
    rows = _list(errors, "expenses", raw)
    if rows is None:
        return None
    parsed: dict[int, dict] = {}
    for index, row in enumerate(rows):
        path = f"expenses.{index}"
        row = _object(errors, path, row)
        if row is None:
            continue
        ref = row.get("cost_item_id")
        if isinstance(ref, bool) or not isinstance(ref, (int, str)) or not str(ref).strip().isdigit():
            errors.add(f"{path}.cost_item_id", _("Wskaż pozycję kosztorysu umowy (cost_item_id)."))
            continue
        ref = int(str(ref).strip())
        if ref not in item_ids:
            errors.add(f"{path}.cost_item_id", _("Umowa nie ma pozycji kosztorysu o identyfikatorze %(id)d.", id=ref))
            continue
        if ref in parsed:
            errors.add(f"{path}.cost_item_id", _("Każdą pozycję kosztorysu podaj raz."))
            continue
        total = parsing.money(
            errors, f"{path}.actual_total", ZERO if row.get("actual_total") in (None, "") else row["actual_total"]
        )
        grant = parsing.money(
            errors, f"{path}.actual_grant", ZERO if row.get("actual_grant") in (None, "") else row["actual_grant"]
        )
        if total is None or grant is None:
            continue
        if grant > total:
            errors.add(
                f"{path}.actual_grant",
                _("Z dotacji nie może pochodzić więcej niż cały poniesiony koszt pozycji (%(total)s zł).", total=total),
            )
            continue
        parsed[ref] = {"cost_item_id": ref, "actual_total": money_str(total), "actual_grant": money_str(grant)}
    return parsed


def _parse_money_object(errors, name: str, raw, keys) -> dict | None:
    obj = _object(errors, name, raw)
    if obj is None:
        return None
    out = {}
    for key in keys:
        if key in obj:
            value = ZERO if obj[key] in (None, "") else obj[key]
            amount = parsing.money(errors, f"{name}.{key}", value)
            if amount is not None:
                out[key] = money_str(amount)
    return out


def _parse_attachments(errors, raw) -> list[dict] | None:
    rows = _list(errors, "attachments", raw)
    if rows is None:
        return None
    if len(rows) > MAX_ATTACHMENTS:
        errors.add("attachments", _("Najwyżej %(n)d pozycji.", n=MAX_ATTACHMENTS))
        return None
    out = []
    for index, row in enumerate(rows):
        row = _object(errors, f"attachments.{index}", row)
        if row is None:
            continue
        name = parsing.text(errors, f"attachments.{index}.name", row.get("name"), limit=SHORT_LIMIT, required=True)
        description = parsing.text(
            errors, f"attachments.{index}.description", row.get("description"), limit=TEXT_LIMIT, blank=""
        )
        if name:
            out.append({"name": name, "description": description or ""})
    return out


def parse_patch(contract, content: dict, raw: dict) -> tuple[dict, list[str], FieldErrors]:
    """`content` (normalised) with the fields `raw` names applied: (new content, changed fields, errors).
    Keys the report does not have are ignored (the API body carries `kind` and `lock_version` too)."""
    errors = FieldErrors()
    new = normalised(contract, content)
    changed = []
    for name in TEXT_FIELDS:
        if name in raw:
            value = parsing.text(errors, name, raw[name], limit=TEXT_LIMIT, blank="")
            if value is not None:
                new[name] = value
                changed.append(name)
    if "results" in raw:
        achieved = _parse_results(errors, raw["results"], len(new["results"]))
        if achieved is not None:
            for index, text in enumerate(achieved):
                new["results"][index]["achieved"] = text
            changed.append("results")
    if "expenses" in raw:
        rows = _parse_expenses(errors, raw["expenses"], [item.id for item in contract.cost_items])
        if rows is not None:
            new["expenses"] = [rows.get(row["cost_item_id"], row) for row in new["expenses"]]
            changed.append("expenses")
    if "sources" in raw:
        sources = _parse_money_object(errors, "sources", raw["sources"], SOURCE_FIELDS)
        if sources is not None:
            new["sources"].update(sources)
            changed.append("sources")
    if "fees" in raw:
        fees = _parse_money_object(errors, "fees", raw["fees"], ("amount",))
        if fees is not None:
            new["fees"].update(fees)
            description = parsing.text(
                errors, "fees.description", raw["fees"].get("description"), limit=TEXT_LIMIT, blank=None
            )
            if description is not None or "description" in raw["fees"]:
                new["fees"]["description"] = description or ""
            changed.append("fees")
    if "attachments" in raw:
        attachments = _parse_attachments(errors, raw["attachments"])
        if attachments is not None:
            new["attachments"] = attachments
            changed.append("attachments")
    return new, changed, errors


# ---------------------------------------------------------------- figures


@dataclass
class Line:
    item: object
    index: int
    planned_total: Decimal
    planned_grant: Decimal
    actual_total: Decimal
    actual_grant: Decimal
    allowed_grant: Decimal
    over_tolerance: bool


@dataclass
class Figures:
    lines: list[Line] = field(default_factory=list)
    planned_total: Decimal = ZERO
    planned_grant: Decimal = ZERO
    actual_total: Decimal = ZERO
    actual_grant: Decimal = ZERO
    sources: dict = field(default_factory=dict)
    sources_total: Decimal = ZERO

    def as_strings(self) -> dict:
        return {
            "planned_total": money_str(self.planned_total),
            "planned_grant": money_str(self.planned_grant),
            "actual_total": money_str(self.actual_total),
            "actual_grant": money_str(self.actual_grant),
            "own_financial": money_str(self.sources["own_financial"]),
            "other_public": money_str(self.sources["other_public"]),
            "personal": money_str(self.sources["personal"]),
            "in_kind": money_str(self.sources["in_kind"]),
            "sources_total": money_str(self.sources_total),
        }


def _amount(value) -> Decimal:
    try:
        return parsing.parse_decimal(value).quantize(parsing.HUNDREDTHS)
    except Exception:  # noqa: BLE001  a stored amount is always valid; an odd one counts as zero
        return ZERO


def line_total(item) -> Decimal:
    return round_half_up(Decimal(item.quantity) * Decimal(item.unit_cost))


def figures(contract, content: dict) -> Figures:
    content = normalised(contract, content)
    result = Figures()
    rows = {row["cost_item_id"]: row for row in content["expenses"]}
    percent = Decimal(contract.cost_shift_tolerance_percent)
    for index, item in enumerate(contract.cost_items):
        row = rows[item.id]
        planned_grant = Decimal(item.grant_part).quantize(parsing.HUNDREDTHS)
        allowed = tolerance.allowed_grant(planned_grant, percent)
        actual_grant = _amount(row["actual_grant"])
        line = Line(
            item=item,
            index=index,
            planned_total=line_total(item),
            planned_grant=planned_grant,
            actual_total=_amount(row["actual_total"]),
            actual_grant=actual_grant,
            allowed_grant=allowed,
            over_tolerance=actual_grant > allowed,
        )
        result.lines.append(line)
        result.planned_total += line.planned_total
        result.planned_grant += line.planned_grant
        result.actual_total += line.actual_total
        result.actual_grant += line.actual_grant
    result.sources = {name: _amount(content["sources"][name]) for name in SOURCE_FIELDS}
    result.sources_total = result.actual_grant + sum(result.sources.values(), ZERO)
    return result


def submission_errors(contract, content: dict) -> FieldErrors:
    """What must be right before the report is frozen: Part I filled in, and no cost line whose grant grew
    beyond the contract's tolerance (Annex 3 § 5: such an excess is grant taken in excessive amount, ufp
    art. 252 ust. 1 pkt 2 — the NGO corrects the line, or the office changes the contract by an annex)."""
    errors = FieldErrors()
    content = normalised(contract, content)
    for name in simplified_report.required_text_fields(contract):  # the simplified report has one Part I text
        if not content[name].strip():
            errors.add(name, _("To pole jest wymagane."))
    for index, row in enumerate(content["results"]):
        if not row["achieved"].strip():
            errors.add(f"results.{index}.achieved", _("Opisz, w jakim stopniu osiągnięto ten rezultat."))
    numbers = figures(contract, content)
    for line in numbers.lines:
        if line.actual_grant > line.actual_total:
            errors.add(
                f"expenses.{line.index}.actual_grant",
                _("Z dotacji nie może pochodzić więcej niż cały poniesiony koszt pozycji."),
            )
        elif line.over_tolerance:
            errors.add(
                f"expenses.{line.index}.actual_grant",
                _(
                    "Koszt z dotacji (%(actual)s zł) przekracza kwotę z umowy (%(planned)s zł) o więcej niż "
                    "%(percent)s%% dopuszczone w umowie (najwyżej %(allowed)s zł; § 5 umowy). Popraw kwotę "
                    "albo wystąp o aneks.",
                    actual=money_str(line.actual_grant),
                    planned=money_str(line.planned_grant),
                    percent=money_str(contract.cost_shift_tolerance_percent),
                    allowed=money_str(line.allowed_grant),
                ),
            )
    return errors
