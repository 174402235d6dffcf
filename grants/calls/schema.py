"""Turning what a person or a machine sent into typed call data, with an error per field.

The web form and the API both pass raw values (strings from a form, JSON values from the API)
through `parse_call_input`, so a field is judged the same way in both.
"""
import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from grants.calls.models import Aggregation, CallForm, Channel
from grants.clock import WARSAW
from grants.errors import FieldErrors

TEXT_FIELDS = {"title": 300, "task_type": 300, "description": 20000, "award_rules": 20000,
               "task_conditions": 20000, "selection_procedure": 20000, "same_type_tasks": 20000}
REQUIRED_ON_CREATE = ("title", "task_type", "form", "description", "budget_total", "task_start", "task_end",
                      "submission_deadline", "selection_deadline")
MONEY_FIELDS = ("budget_total", "grant_min", "grant_max")
PERCENT_FIELDS = ("own_contribution_min_percent", "admin_costs_max_percent", "cost_shift_tolerance_percent")
# Fields that always have a value (a default when left out), so sending them empty is a mistake.
REQUIRED_WHEN_GIVEN = ("cost_shift_tolerance_percent", "budget_total")
CODE_RE = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_AMOUNT = Decimal("99999999999.99")
# Amounts, percents and points are stored as hundredths and come back from the database with
# two places; parsed values get the same form so "50" and "50.00" are not an audited change.
HUNDREDTHS = Decimal("0.01")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(value, *, places: int = 2) -> Decimal:
    """Accepts 12345.67, "12345.67", "12 345,67"; refuses floats' noise and extra places."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        cleaned = value.strip().replace("\u00a0", "").replace(" ", "").replace("zł", "").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise ValueError
        number = Decimal(cleaned)
    else:
        raise ValueError
    if not number.is_finite() or -number.as_tuple().exponent > places:
        raise ValueError
    return number


def money(errors: FieldErrors, field: str, value, *, positive: bool = False) -> Decimal | None:
    try:
        amount = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj kwotę w złotych, np. 12345,67 (najwyżej dwa miejsca po przecinku)."))
        return None
    if amount < 0 or (positive and amount == 0):
        errors.add(field, _("Kwota musi być większa od zera.") if positive else _("Kwota nie może być ujemna."))
        return None
    if amount > MAX_AMOUNT:
        errors.add(field, _("Kwota jest za duża."))
        return None
    return amount.quantize(HUNDREDTHS)


def percent(errors: FieldErrors, field: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj procent od 0 do 100, np. 10 lub 12,5."))
        return None
    if not Decimal(0) <= number <= Decimal(100):
        errors.add(field, _("Procent musi być między 0 a 100."))
        return None
    return number.quantize(HUNDREDTHS)


def points(errors: FieldErrors, field: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj liczbę punktów, np. 10 lub 7,5."))
        return None
    if number < 0 or number > 1000:
        errors.add(field, _("Liczba punktów musi być między 0 a 1000."))
        return None
    return number.quantize(HUNDREDTHS)


def parse_date(errors: FieldErrors, field: str, value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        text = str(value).strip()
        return date.fromisoformat(text[:10]) if len(text) >= 10 and text[10:11] in ("", "T", " ") else \
            date.fromisoformat(text)
    except ValueError:
        errors.add(field, _("Podaj datę w formacie RRRR-MM-DD, np. 2027-03-22."))
        return None


def parse_datetime(errors: FieldErrors, field: str, value) -> datetime | None:
    """ISO 8601; without an offset the time is read as Warsaw time, the office's zone."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace(" ", "T")
        if len(text) == 10:
            errors.add(field, _("Podaj datę i godzinę, np. 2027-03-22T16:00."))
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            errors.add(field, _("Podaj datę i godzinę w formacie RRRR-MM-DDTGG:MM, np. 2027-03-22T16:00."))
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    # UTC, as the database gives it back: the audit diff compares ISO texts, and the same
    # instant written with +01:00 would otherwise count as a change.
    return moment.astimezone(timezone.utc)


def parse_int(errors: FieldErrors, field: str, value, *, low: int, high: int) -> int | None:
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        errors.add(field, _("Podaj liczbę całkowitą."))
        return None
    if not low <= number <= high:
        errors.add(field, _("Podaj liczbę od %(low)d do %(high)d.", low=low, high=high))
        return None
    return number


def parse_enum(errors: FieldErrors, field: str, value, enum_cls, message: str):
    try:
        return enum_cls(str(value).strip())
    except ValueError:
        errors.add(field, message)
        return None


def parse_criteria(errors: FieldErrors, raw) -> list[dict] | None:
    if not isinstance(raw, list) or not raw:
        errors.add("criteria", _("Podaj co najmniej jedno kryterium oceny."))
        return None
    criteria, seen = [], set()
    for index, item in enumerate(raw):
        prefix = f"criteria.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Kryterium musi mieć kod, nazwę i liczbę punktów."))
            continue
        code = str(item.get("code") or "").strip()
        if not CODE_RE.match(code):
            errors.add(f"{prefix}.code", _("Kod: małe litery, cyfry i podkreślenia, do 32 znaków."))
        elif code in seen:
            errors.add(f"{prefix}.code", _("Kody kryteriów muszą być różne."))
        seen.add(code)
        name = str(item.get("name") or "").strip()
        if not name:
            errors.add(f"{prefix}.name", _("Podaj nazwę kryterium."))
        max_points = points(errors, f"{prefix}.max_points", item.get("max_points"))
        if max_points is not None and max_points <= 0:
            errors.add(f"{prefix}.max_points", _("Maksimum punktów musi być większe od zera."))
        min_points = None
        if not is_blank(item.get("min_points")):
            min_points = points(errors, f"{prefix}.min_points", item.get("min_points"))
            if min_points is not None and max_points is not None and min_points > max_points:
                errors.add(f"{prefix}.min_points", _("Minimum nie może przekraczać maksimum punktów."))
        advisory = item.get("advisory") in (True, "true", "1", "on", 1)
        criteria.append({"code": code, "name": name[:300], "max_points": max_points, "min_points": min_points,
                         "advisory": advisory})
    return criteria


def parse_call_input(raw: dict, *, partial: bool) -> tuple[dict, FieldErrors]:
    """Typed values for the fields present in `raw`. With partial=False the required ones must be there."""
    errors = FieldErrors()
    data: dict = {}
    if not partial:
        for field in REQUIRED_ON_CREATE:
            if is_blank(raw.get(field)):
                errors.add(field, _("To pole jest wymagane."))
    for field, limit in TEXT_FIELDS.items():
        if field in ("title", "task_type") and field in raw and raw[field] is None:
            errors.add(field, _("To pole jest wymagane."))
        elif field in raw and raw[field] is not None:
            if not isinstance(raw[field], str):
                errors.add(field, _("Podaj tekst."))
                continue
            text = raw[field].strip()
            if field in ("title", "task_type") and not text:
                errors.add(field, _("To pole jest wymagane."))
            elif len(text) > limit:
                errors.add(field, _("Najwyżej %(n)d znaków.", n=limit))
            else:
                data[field] = text
    if not is_blank(raw.get("form")):
        data["form"] = parse_enum(errors, "form", raw["form"], CallForm,
                                  _("Wybierz formę: wspieranie albo powierzanie."))
    if not is_blank(raw.get("aggregation")):
        data["aggregation"] = parse_enum(errors, "aggregation", raw["aggregation"], Aggregation,
                                         _("Wybierz sposób liczenia oceny: średnia (mean) albo mediana (median)."))
    for field in MONEY_FIELDS:
        if field in raw and is_blank(raw[field]) and field in REQUIRED_WHEN_GIVEN:
            errors.add(field, _("To pole jest wymagane."))
        elif field in raw:
            data[field] = None if is_blank(raw[field]) else money(errors, field, raw[field],
                                                                  positive=field == "budget_total")
    for field in PERCENT_FIELDS:
        if field in raw:
            if is_blank(raw[field]) and field in REQUIRED_WHEN_GIVEN:
                errors.add(field, _("Podaj procent od 0 do 100, np. 10."))
                continue
            data[field] = None if is_blank(raw[field]) else percent(errors, field, raw[field])
    for field in ("task_start", "task_end", "selection_deadline"):
        if not is_blank(raw.get(field)):
            data[field] = parse_date(errors, field, raw[field])
    if not is_blank(raw.get("submission_deadline")):
        data["submission_deadline"] = parse_datetime(errors, "submission_deadline", raw["submission_deadline"])
    if "correction_days" in raw and not is_blank(raw["correction_days"]):
        data["correction_days"] = parse_int(errors, "correction_days", raw["correction_days"], low=0, high=60)
    if "evaluators_per_offer" in raw:
        data["evaluators_per_offer"] = None if is_blank(raw["evaluators_per_offer"]) else parse_int(
            errors, "evaluators_per_offer", raw["evaluators_per_offer"], low=1, high=50)
    if "min_total_points" in raw:
        data["min_total_points"] = None if is_blank(raw["min_total_points"]) else points(
            errors, "min_total_points", raw["min_total_points"])
    if "criteria" in raw and raw["criteria"] is not None:
        data["criteria"] = parse_criteria(errors, raw["criteria"])
    if "programme_priority" in raw:
        data["programme_priority"] = None if is_blank(raw["programme_priority"]) else raw["programme_priority"]
    return data, errors


def parse_publications(raw, errors: FieldErrors) -> dict | None:
    """[{channel, published_at}] → {Channel: datetime}; all three channels of art. 13 ust. 3."""
    if not isinstance(raw, list):
        errors.add("publications", _("Podaj listę publikacji: BIP, tablica ogłoszeń i strona internetowa."))
        return None
    found: dict = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            errors.add(f"publications.{index}", _("Podaj kanał i czas publikacji."))
            continue
        channel = parse_enum(errors, f"publications.{index}.channel", item.get("channel"), Channel,
                             _("Kanał: bip, noticeboard albo website."))
        moment = None
        if is_blank(item.get("published_at")):
            errors.add(f"publications.{index}.published_at", _("Podaj datę i godzinę publikacji."))
        else:
            moment = parse_datetime(errors, f"publications.{index}.published_at", item["published_at"])
        if channel is not None:
            if channel in found:
                errors.add(f"publications.{index}.channel", _("Każdy kanał podaj raz."))
            found[channel] = moment
    missing = [c.value for c in Channel if c not in found]
    if missing and not errors.fields:
        errors.add("publications", _("Art. 13 ust. 3 wymaga publikacji we wszystkich trzech miejscach; brakuje: "
                                     "%(channels)s.", channels=", ".join(missing)))
    return found
