"""The small grant's content (art. 19a; the simplified offer of Dz.U. 2018 poz. 2055) from what a person or a
machine sent, with an error per dotted field.

The draft is stored normalised (money and quantities as "123.45", dates as "YYYY-MM-DD"; shared with the other
small-grant rooms in /tmp/prompts/sg_shape.md), so the same content always serialises the same way and the
control sum of the frozen version depends on nothing else. Three judgements, one vocabulary:

- `parse_patch`: the FORMAT of what was sent (a number where a number belongs, a date, a list). A malformed
  value is refused (422) and nothing is written: there is no value to keep.
- `limit_problems`: the statute's limits and the form's arithmetic on a well-formed draft — more than
  10 000 zł (ust. 1 pkt 1, field `requested_grant`), more than 90 days (ust. 1 pkt 2, field `task_end`), a line
  whose grant part is above its total. A draft breaking them is still SAVED (nothing typed is lost) and the
  problems come back on their fields; a submission is refused.
- `submission_problems`: the limits plus what a complete offer must hold (the required parts of the form and
  the statements of part IV).
"""

import copy
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.formatting import money_pl
from grants.offers.schema import json_list, parse_bool, parse_quantity
from grants.parsing import is_blank, money, parse_date
from grants.smallgrants import rules
from scoring.decimals import round_half_up

FORM = "small_grant_2055"

# Text fields with their length limits (the regulation sets none; these only stop abuse).
TEXT_FIELDS = {
    "title": 300,  # tytuł zadania publicznego
    "task_type": 500,  # rodzaj zadania publicznego (a sphere of art. 4)
    "place": 2000,  # miejsce realizacji
    "summary": 20000,  # II.1 opis zadania
    "target_group": 5000,  # II.1 grupa docelowa
    "actions": 20000,  # II.1 the actions
    "results": 20000,  # II.2 opis zakładanych rezultatów
}
REQUIRED_TEXT = ("title", "task_type", "place", "summary", "target_group", "actions", "results")
RESULT_FIELDS = {"result": 500, "planned_level": 300, "verification": 2000}
COST_TEXT_FIELDS = {"name": 300, "unit": 50}
COST_NUMBER_FIELDS = ("quantity", "unit_cost", "grant_part")
CONTACT_FIELDS = {"full_name": 200, "phone": 50, "email": 254}
MONEY_FIELDS = ("own_financial", "own_non_financial", "other_sources")
MAX_RESULTS, MAX_COST_ITEMS = 50, 100
ZERO = Decimal("0.00")


def empty_content(title: str = "") -> dict:
    return {
        "title": title,
        "task_type": "",
        "task_start": None,
        "task_end": None,
        "place": "",
        "summary": "",
        "target_group": "",
        "actions": "",
        "results": "",
        "results_table": [],
        "cost_items": [],
        "own_financial": "0.00",
        "own_non_financial": "0.00",
        "other_sources": "0.00",
        "contact": {"full_name": "", "phone": "", "email": ""},
        "statements": {"accepted": False},
    }


def normalised(content: dict | None) -> dict:
    """The stored content with every key present, and nothing else."""
    result = empty_content()
    for key, value in (content or {}).items():
        if key in result:
            result[key] = copy.deepcopy(value)
    return result


# ---------------------------------------------------------------- the format of what was sent


def _text(errors: FieldErrors, path: str, value, limit: int) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(path, _("Podaj tekst."))
        return None
    text = value.replace("\r\n", "\n").strip()
    if len(text) > limit:
        errors.add(path, _("Najwyżej %(n)d znaków; skróć tekst.", n=limit))
        return None
    return text


def _date(errors: FieldErrors, path: str, value) -> str | None:
    if is_blank(value):
        return None
    if not isinstance(value, (str, date)):
        errors.add(path, _("Podaj datę w formacie RRRR-MM-DD, np. 2027-03-22."))
        return None
    parsed = parse_date(errors, path, value)
    return parsed.isoformat() if parsed else None


def _money(errors: FieldErrors, path: str, value) -> str | None:
    if is_blank(value):
        return "0.00"
    amount = money(errors, path, value)
    return f"{amount}" if amount is not None else None


def _quantity(errors: FieldErrors, path: str, value) -> str | None:
    number = parse_quantity(errors, path, value)  # the offer's rule and words (grants.offers.schema)
    return f"{number.quantize(ZERO)}" if number is not None else None


def _bool(errors: FieldErrors, path: str, value) -> bool | None:
    """A statement's tick: nothing sent is "not ticked"; otherwise as the offer reads it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return parse_bool(errors, path, value)


def _row_is_blank(item: dict, fields) -> bool:
    return all(is_blank(item.get(name)) for name in fields)


def _results_table(errors: FieldErrors, value) -> list | None:
    rows = json_list(errors, "results_table", value, MAX_RESULTS)
    if rows is None:
        return None
    parsed = []
    for index, item in enumerate(rows):
        path = f"results_table.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Podaj obiekt z polami: %(fields)s.", fields=", ".join(RESULT_FIELDS)))
            continue
        if _row_is_blank(item, RESULT_FIELDS):
            continue  # an empty row of the form is no row
        row = {name: _text(errors, f"{path}.{name}", item.get(name), limit) for name, limit in RESULT_FIELDS.items()}
        parsed.append({name: text or "" for name, text in row.items()})
    return parsed


def _cost_items(errors: FieldErrors, value) -> list | None:
    rows = json_list(errors, "cost_items", value, MAX_COST_ITEMS)
    if rows is None:
        return None
    parsed = []
    for index, item in enumerate(rows):
        path = f"cost_items.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Podaj obiekt z polami: nazwa, jednostka, liczba, koszt jednostkowy, dotacja."))
            continue
        if _row_is_blank(item, (*COST_TEXT_FIELDS, *COST_NUMBER_FIELDS)):
            continue
        row = {
            name: _text(errors, f"{path}.{name}", item.get(name), limit) or ""
            for name, limit in COST_TEXT_FIELDS.items()
        }
        row["quantity"] = _quantity(errors, f"{path}.quantity", item.get("quantity"))
        row["unit_cost"] = _money(errors, f"{path}.unit_cost", item.get("unit_cost"))
        row["grant_part"] = _money(errors, f"{path}.grant_part", item.get("grant_part"))
        parsed.append(row)
    return parsed


def _contact(errors: FieldErrors, value) -> dict | None:
    if value is None:
        return dict.fromkeys(CONTACT_FIELDS, "")
    if not isinstance(value, dict):
        errors.add("contact", _("Podaj obiekt z polami: %(fields)s.", fields=", ".join(CONTACT_FIELDS)))
        return None
    return {
        name: _text(errors, f"contact.{name}", value.get(name), limit) or "" for name, limit in CONTACT_FIELDS.items()
    }


def _statements(errors: FieldErrors, value) -> dict | None:
    if value is None:
        return {"accepted": False}
    if not isinstance(value, dict):
        errors.add("statements", _("Podaj obiekt z polem accepted."))
        return None
    accepted = _bool(errors, "statements.accepted", value.get("accepted"))
    return None if accepted is None else {"accepted": accepted}


def parse_patch(raw: dict) -> tuple[dict, FieldErrors]:
    """The content keys present in `raw`, normalised; the errors of the malformed ones. Other keys
    (organization_id, lock_version, the computed figures) are not content and are left alone."""
    errors = FieldErrors()
    updates: dict = {}
    for name, limit in TEXT_FIELDS.items():
        if name in raw:
            value = _text(errors, name, raw[name], limit)
            if value is not None:
                updates[name] = value
    for name in ("task_start", "task_end"):
        if name in raw:
            before = len(errors.fields)
            value = _date(errors, name, raw[name])
            if len(errors.fields) == before:
                updates[name] = value
    for name in MONEY_FIELDS:
        if name in raw:
            value = _money(errors, name, raw[name])
            if value is not None:
                updates[name] = value
    parsers = {
        "results_table": _results_table,
        "cost_items": _cost_items,
        "contact": _contact,
        "statements": _statements,
    }
    for name, parse in parsers.items():
        if name in raw:
            value = parse(errors, raw[name])
            if value is not None:
                updates[name] = value
    return updates, errors


# ---------------------------------------------------------------- figures and the statute's limits


def _decimal(value) -> Decimal:
    try:
        return Decimal(value) if value not in (None, "") else ZERO
    except (InvalidOperation, TypeError):
        return ZERO


def line_total(item: dict) -> Decimal:
    """quantity × unit cost, half-up to grosze."""
    return round_half_up(_decimal(item.get("quantity")) * _decimal(item.get("unit_cost")))


def figures(content: dict) -> dict:
    """The computed sums of part III (Decimals): total_cost = Σ line totals, requested_grant = Σ grant parts."""
    content = normalised(content)
    items = content["cost_items"]
    return {
        "total_cost": sum((line_total(item) for item in items), ZERO),
        "requested_grant": sum((round_half_up(_decimal(item.get("grant_part"))) for item in items), ZERO),
        **{name: round_half_up(_decimal(content[name])) for name in MONEY_FIELDS},
    }


def figures_as_strings(content: dict) -> dict:
    return {name: f"{value}" for name, value in figures(content).items()}


def task_dates(content: dict) -> tuple[date | None, date | None]:
    def as_date(value):
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    return as_date(content.get("task_start")), as_date(content.get("task_end"))


def limit_problems(content: dict) -> FieldErrors:
    """What a saved draft breaks of art. 19a ust. 1 and of the form's arithmetic (see the module's docstring)."""
    content = normalised(content)
    errors = FieldErrors()
    sums = figures(content)
    if rules.grant_too_high(sums["requested_grant"]):
        errors.add(
            "requested_grant",
            _(
                "Wnioskowana dotacja (%(grant)s) przekracza %(limit)s — najwyższą kwotę małego grantu "
                "(art. 19a ust. 1 pkt 1 ustawy).",
                grant=money_pl(sums["requested_grant"]),
                limit=money_pl(rules.MAX_GRANT),
            ),
        )
    start, end = task_dates(content)
    if start and end:
        if end < start:
            errors.add("task_end", _("Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."))
        elif rules.task_too_long(start, end):
            errors.add(
                "task_end",
                _(
                    "Zadanie trwałoby %(days)d dni; w trybie małego grantu najwyżej %(max)d dni (art. 19a ust. 1 "
                    "pkt 2 ustawy) — przy tej dacie rozpoczęcia zakończ je najpóźniej %(last)s.",
                    days=rules.task_days(start, end),
                    max=rules.MAX_TASK_DAYS,
                    last=rules.last_task_day(start).isoformat(),
                ),
            )
    for index, item in enumerate(content["cost_items"]):
        if round_half_up(_decimal(item.get("grant_part"))) > line_total(item):
            errors.add(
                f"cost_items.{index}.grant_part",
                _(
                    "Dotacja w pozycji nie może być wyższa niż jej koszt całkowity (%(total)s).",
                    total=money_pl(line_total(item)),
                ),
            )
    return errors


def submission_problems(content: dict) -> FieldErrors:
    """Everything a submission refuses: the required parts of the form, the limits and the statements."""
    content = normalised(content)
    errors = FieldErrors()
    for name in REQUIRED_TEXT:
        if not (content.get(name) or "").strip():
            errors.add(name, _("To pole jest wymagane."))
    for name in ("task_start", "task_end"):
        if not content.get(name):
            errors.add(name, _("Podaj datę."))
    if not content["cost_items"]:
        errors.add("cost_items", _("Dodaj co najmniej jedną pozycję kalkulacji kosztów."))
    for index, item in enumerate(content["cost_items"]):
        if not (item.get("name") or "").strip():
            errors.add(f"cost_items.{index}.name", _("To pole jest wymagane."))
    sums = figures(content)
    if content["cost_items"] and sums["requested_grant"] <= 0:
        errors.add("requested_grant", _("Wnioskowana dotacja musi być większa od zera."))
    if not content["contact"].get("full_name"):
        errors.add("contact.full_name", _("Podaj osobę upoważnioną do składania wyjaśnień dotyczących oferty."))
    if not content["statements"].get("accepted"):
        errors.add("statements.accepted", _("Potwierdź oświadczenia części IV oferty."))
    for field, messages in limit_problems(content).fields.items():
        for message in messages:
            errors.add(field, message)
    return errors
