"""Turning what a person or a machine sent into typed call and programme data, with an error per field.

The web form and the API both pass raw values (strings from a form, JSON values from the API)
through `parse_call_input` and `parse_programme_input`, so a field is judged the same way in both.
"""

import re

from flask_babel import gettext as _

from grants.calls.models import Aggregation, CallForm, Channel
from grants.errors import FieldErrors
from grants.organizations.schema import parse_email, parse_phone
from grants.parsing import (
    integer,
    is_blank,
    money,
    parse_date,
    parse_datetime,
    parse_enum,
    percent,
    points,
)

TEXT_FIELDS = {
    "title": 300,
    "task_type": 300,
    "description": 20000,
    "award_rules": 20000,
    "task_conditions": 20000,
    "selection_procedure": 20000,
    "same_type_tasks": 20000,
    "contact_name": 200,
    "announcement_act_number": 100,
}
# Texts that may be absent (NULL), unlike the announcement's items that default to "".
OPTIONAL_TEXTS = ("announcement_act_number",)
REQUIRED_ON_CREATE = (
    "title",
    "task_type",
    "form",
    "description",
    "budget_total",
    "task_start",
    "task_end",
    "submission_deadline",
    "selection_deadline",
)
MONEY_FIELDS = ("budget_total", "grant_min", "grant_max")
PERCENT_FIELDS = ("own_contribution_min_percent", "admin_costs_max_percent", "cost_shift_tolerance_percent")
DATE_FIELDS = ("task_start", "task_end", "selection_deadline", "announcement_act_date")
# Fields that always have a value (a default when left out), so sending them empty is a mistake.
REQUIRED_WHEN_GIVEN = ("cost_shift_tolerance_percent", "budget_total")
CODE_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# A criterion's code is the officer's short label ("K1", "A.2", "kryt-3"): letters of any case (Polish ones
# too), digits, "_", "-" and ".", up to 32; codes differ regardless of case, so "k1" and "K1" are one code.
CRITERION_CODE_RE = re.compile(r"^[^\W_][\w.-]{0,31}$")


def _each_row(errors: FieldErrors, field: str, rows: list, malformed: str):
    """(`field.N`, row) for each row that is a mapping; the others get `malformed` at their place,
    in turn, so the errors keep the rows' order."""
    for index, item in enumerate(rows):
        prefix = f"{field}.{index}"
        if isinstance(item, dict):
            yield prefix, item
        else:
            errors.add(prefix, malformed)


def parse_criteria(errors: FieldErrors, raw) -> list[dict] | None:
    if not isinstance(raw, list) or not raw:
        errors.add("criteria", _("Podaj co najmniej jedno kryterium oceny."))
        return None
    criteria, seen = [], set()
    for prefix, item in _each_row(errors, "criteria", raw, _("Kryterium musi mieć kod, nazwę i liczbę punktów.")):
        code = str(item.get("code") or "").strip()
        if not CRITERION_CODE_RE.fullmatch(code):
            errors.add(
                f"{prefix}.code",
                _("Kod: litery, cyfry, _, - i . (np. K1), do 32 znaków, na początku litera lub cyfra."),
            )
        elif code.casefold() in seen:
            errors.add(f"{prefix}.code", _("Kody kryteriów muszą być różne (wielkość liter się nie liczy)."))
        seen.add(code.casefold())
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
        criteria.append(
            {"code": code, "name": name[:300], "max_points": max_points, "min_points": min_points, "advisory": advisory}
        )
    return criteria


def parse_call_input(raw: dict, *, partial: bool) -> tuple[dict, FieldErrors]:
    """Typed values for the fields present in `raw`. With partial=False the required ones must be there."""
    errors = FieldErrors()
    data: dict = {}
    if not partial:
        for field in REQUIRED_ON_CREATE:
            if is_blank(raw.get(field)):
                errors.add(field, _("To pole jest wymagane."))
    # Errors are listed in the order they are found (the error summary too), so the parts keep theirs.
    _parse_texts(raw, data, errors)
    _parse_choices(raw, data, errors)
    _parse_amounts(raw, data, errors)
    _parse_dates(raw, data, errors)
    _parse_numbers(raw, data, errors)
    _parse_results_table(raw, data, errors)
    _parse_contact(raw, data, errors)
    if "criteria" in raw and raw["criteria"] is not None:
        data["criteria"] = parse_criteria(errors, raw["criteria"])
    if "programme_priority" in raw:
        data["programme_priority"] = None if is_blank(raw["programme_priority"]) else raw["programme_priority"]
    return data, errors


def _parse_contact(raw: dict, data: dict, errors: FieldErrors) -> None:
    """The call's contact person's e-mail and phone (optional, as the organisation profile judges them)."""
    if "contact_name" in data and not data["contact_name"]:
        data["contact_name"] = None  # nobody named: as a call created without one, so a form round trip is no change
    for field, parse in (("contact_email", parse_email), ("contact_phone", parse_phone)):
        if field in raw:
            data[field] = None if is_blank(raw[field]) else parse(errors, field, raw[field])


def _parse_results_table(raw: dict, data: dict, errors: FieldErrors) -> None:
    """Whether offers must fill Annex 1 III.6: true/false from the API, "true"/"false" from the form's radios."""
    value = raw.get("results_table_required")
    if value is None or value == "":
        return
    if value in (True, "true"):
        data["results_table_required"] = True
    elif value in (False, "false"):
        data["results_table_required"] = False
    else:
        errors.add("results_table_required", _("Wybierz: tabela rezultatów (III.6) wymagana albo nie."))


def _parse_texts(raw: dict, data: dict, errors: FieldErrors) -> None:
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
            elif field in OPTIONAL_TEXTS and not text:
                data[field] = None  # not given, as stored: a blank field round-trips as no change
            else:
                data[field] = text


def _parse_choices(raw: dict, data: dict, errors: FieldErrors) -> None:
    if not is_blank(raw.get("form")):
        data["form"] = parse_enum(
            errors, "form", raw["form"], CallForm, _("Wybierz formę: wspieranie albo powierzanie.")
        )
    if not is_blank(raw.get("aggregation")):
        data["aggregation"] = parse_enum(
            errors,
            "aggregation",
            raw["aggregation"],
            Aggregation,
            _("Wybierz sposób liczenia oceny: średnia (mean) albo mediana (median)."),
        )


def _parse_amounts(raw: dict, data: dict, errors: FieldErrors) -> None:
    for field in MONEY_FIELDS:
        if field in raw and is_blank(raw[field]) and field in REQUIRED_WHEN_GIVEN:
            errors.add(field, _("To pole jest wymagane."))
        elif field in raw:
            data[field] = (
                None if is_blank(raw[field]) else money(errors, field, raw[field], positive=field == "budget_total")
            )
    for field in PERCENT_FIELDS:
        if field in raw:
            if is_blank(raw[field]) and field in REQUIRED_WHEN_GIVEN:
                errors.add(field, _("Podaj procent od 0 do 100, np. 10."))
                continue
            data[field] = None if is_blank(raw[field]) else percent(errors, field, raw[field])


def _parse_dates(raw: dict, data: dict, errors: FieldErrors) -> None:
    for field in DATE_FIELDS:
        if not is_blank(raw.get(field)):
            data[field] = parse_date(errors, field, raw[field])
    if not is_blank(raw.get("submission_deadline")):
        data["submission_deadline"] = parse_datetime(errors, "submission_deadline", raw["submission_deadline"])


def _parse_numbers(raw: dict, data: dict, errors: FieldErrors) -> None:
    if "correction_days" in raw and not is_blank(raw["correction_days"]):
        data["correction_days"] = integer(errors, "correction_days", raw["correction_days"], low=0, high=60)
    if "confirmation_days" in raw and not is_blank(raw["confirmation_days"]):
        data["confirmation_days"] = integer(errors, "confirmation_days", raw["confirmation_days"], low=0, high=30)
    if "update_days" in raw and not is_blank(raw["update_days"]):
        data["update_days"] = integer(errors, "update_days", raw["update_days"], low=1, high=60)
    if "evaluators_per_offer" in raw:
        data["evaluators_per_offer"] = (
            None
            if is_blank(raw["evaluators_per_offer"])
            else integer(errors, "evaluators_per_offer", raw["evaluators_per_offer"], low=1, high=50)
        )
    if "min_total_points" in raw:
        data["min_total_points"] = (
            None if is_blank(raw["min_total_points"]) else points(errors, "min_total_points", raw["min_total_points"])
        )


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
        channel = parse_enum(
            errors,
            f"publications.{index}.channel",
            item.get("channel"),
            Channel,
            _("Kanał: bip, noticeboard albo website."),
        )
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
        errors.add(
            "publications",
            _(
                "Art. 13 ust. 3 wymaga publikacji we wszystkich trzech miejscach; brakuje: %(channels)s.",
                channels=", ".join(missing),
            ),
        )
    return found


# ---------------------------------------------------------------- programmes


def parse_priorities(raw, errors: FieldErrors) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        errors.add("priorities", _("Podaj co najmniej jeden priorytet z budżetem."))
        return []
    parsed, seen = [], set()
    for prefix, item in _each_row(errors, "priorities", raw, _("Priorytet ma kod, nazwę i budżet.")):
        code = str(item.get("code") or "").strip()
        name = str(item.get("name") or "").strip()
        if not code or len(code) > 32:
            errors.add(f"{prefix}.code", _("Podaj kod priorytetu (do 32 znaków)."))
        elif code in seen:
            errors.add(f"{prefix}.code", _("Kody priorytetów muszą być różne."))
        seen.add(code)
        if not name:
            errors.add(f"{prefix}.name", _("Podaj nazwę priorytetu."))
        budget = money(errors, f"{prefix}.budget", item.get("budget"))
        parsed.append({"code": code, "name": name[:300], "budget": budget})
    return parsed


def parse_programme_input(raw: dict, errors: FieldErrors, *, partial: bool) -> dict:
    """Typed values of a programme: the fields present in `raw`, or all of them with partial=False."""
    data = {}
    if "year" in raw or not partial:
        try:
            year = int(raw.get("year"))
            if not 2000 <= year <= 2100:
                raise ValueError
            data["year"] = year
        except (TypeError, ValueError):
            errors.add("year", _("Podaj rok, np. 2027."))
    if "title" in raw or not partial:
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            errors.add("title", _("Podaj tytuł programu."))
        else:
            data["title"] = title.strip()[:300]
    if "priorities" in raw or not partial:
        data["priorities"] = parse_priorities(raw.get("priorities"), errors)
    return data
