"""The office's HTML forms for calls and programmes, both ways: a submitted form → (values to show
again, the raw dict the schema reads), and a stored call or programme → the form's values.

The form's field names are the schema's keys, so the API and the pages speak one vocabulary;
repeated rows are named `criteria-N-field` and `priorities-N-field`.
"""

import re
from datetime import date, datetime

from grants.calls.models import Call, CallForm, Channel, Programme
from grants.calls.operations import ANNOUNCEMENT_FIELDS, default_criteria
from grants.calls.schema import DATE_FIELDS, MONEY_FIELDS, PERCENT_FIELDS, TEXT_FIELDS
from grants.clock import to_warsaw
from grants.errors import ValidationFailed
from grants.parsing import form_text

# The announcement's fields, the priority named as the schema takes it (an id or a code).
CALL_FIELDS = tuple("programme_priority" if name == "programme_priority_id" else name for name in ANNOUNCEMENT_FIELDS)
CRITERION_FIELDS = ("code", "name", "max_points", "min_points")
CRITERION_FLAGS = ("advisory",)
PRIORITY_FIELDS = ("code", "name", "budget")
# Texts are shown as stored; amounts, percents and points with a decimal comma.
DECIMAL_FIELDS = (*MONEY_FIELDS, *PERCENT_FIELDS, "min_total_points")
BLANK_ROWS = 3
MAX_ROWS = 60
ROW_KEY = re.compile(r"^(criteria|priorities)-(\d{1,3})-(\w+)$")
# The call form's steps (one page, each step a section the navigation links to) and the fields each holds,
# in the order of the form; a field's error or warning marks its step in the navigation.
CALL_STEPS = (
    (
        "basics",
        (
            "office_id",
            "title",
            "announcement_act_number",
            "announcement_act_date",
            "form",
            "programme_priority",
            "task_type",
            "description",
            "results_table_required",
            "contact_name",
            "contact_email",
            "contact_phone",
        ),
    ),
    (
        "money",
        (
            "budget_total",
            "grant_min",
            "grant_max",
            "award_rules",
            "own_contribution_min_percent",
            "admin_costs_max_percent",
            "cost_shift_tolerance_percent",
        ),
    ),
    (
        "dates",
        (
            "task_start",
            "task_end",
            "task_conditions",
            "submission_deadline",
            "selection_deadline",
            "correction_days",
            "update_days",
            "confirmation_days",
        ),
    ),
    (
        "criteria",
        ("selection_procedure", "criteria", "min_total_points", "aggregation", "evaluators_per_offer"),
    ),
    ("preview", ("same_type_tasks", "reason")),
)
# What a person types when the browser offers no picker: "22.03.2027", "22.03.2027 16:00", "22.03.2027 r.,
# godz. 16:00" — turned into the ISO form the pickers send, which the schema reads.
POLISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*r\.)?$")
POLISH_DATETIME = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*r\.)?\s*[,\s]\s*(?:godz\.\s*)?(\d{1,2})[:.](\d{2})$")


def iso_typed(value: str, *, with_time: bool) -> str:
    """A Polish date (and time) as the ISO text a native picker would send; anything else unchanged, for the
    schema to judge (and the form to show again as typed)."""
    text = " ".join(value.split())
    match = (POLISH_DATETIME if with_time else POLISH_DATE).match(text)
    if match is None:
        return value
    day, month, year = (int(part) for part in match.group(1, 2, 3))
    try:
        if with_time:
            return datetime(year, month, day, int(match.group(4)), int(match.group(5))).strftime("%Y-%m-%dT%H:%M")
        return date(year, month, day).isoformat()
    except ValueError:  # 31.02 stays as typed, for the schema's message
        return value


def step_of(key: str) -> str | None:
    """The step holding a form key (`criteria-2-code` is in the criteria's step)."""
    for step, fields in CALL_STEPS:
        if any(key == name or key.startswith(f"{name}-") for name in fields):
            return step
    return None


def decimal_text(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def local_input(moment: datetime | None) -> str:
    """A UTC instant as the value of an <input type=datetime-local> in Warsaw time."""
    if moment is None:
        return ""
    local = to_warsaw(moment)
    return local.strftime("%Y-%m-%dT%H:%M:%S" if local.second else "%Y-%m-%dT%H:%M")


def form_errors(error: ValidationFailed) -> dict[str, list[str]]:
    # The schema names nested fields `criteria.2.max_points`; the form names them `criteria-2-max_points`.
    return {key.replace(".", "-"): messages for key, messages in error.fields.items()}


def with_blank_rows(rows: list[dict], fields: tuple[str, ...], flags: tuple[str, ...] = ()) -> list[dict]:
    blank = {**dict.fromkeys(fields, ""), **dict.fromkeys(flags, False)}
    return list(rows) + [dict(blank) for _row in range(BLANK_ROWS)]


def _rows(form, group: str, fields: tuple[str, ...], flags: tuple[str, ...] = ()) -> list[dict] | None:
    """Repeated rows `group-N-field` in their order; None when the form has no such rows at all."""
    found: dict[int, dict] = {}
    for key in form:
        match = ROW_KEY.match(key)
        if match and match.group(1) == group and int(match.group(2)) < MAX_ROWS:
            found.setdefault(int(match.group(2)), {})[match.group(3)] = form_text(form.get(key)).strip()
    if not found:
        return None
    rows = []
    for index in sorted(found):
        cells = found[index]
        row = {name: cells.get(name, "") for name in fields}
        row.update({flag: flag in cells for flag in flags})
        if any(row[name] for name in fields):  # a row left blank is not a row
            rows.append(row)
    return rows


# ---------------------------------------------------------------- calls


def read_call_form(form) -> tuple[dict, dict]:
    """(values to show again, raw dict for the operation) from a submitted call form."""
    values = {name: form_text(form.get(name)) for name in CALL_FIELDS if name in form}
    for name in (*DATE_FIELDS, "submission_deadline"):
        if name in values:
            values[name] = iso_typed(values[name], with_time=name == "submission_deadline")
    raw = dict(values)
    criteria = _rows(form, "criteria", CRITERION_FIELDS, flags=CRITERION_FLAGS)
    if criteria is not None:
        raw["criteria"] = values["criteria"] = criteria
    for name in ("reason", "office_id"):
        if name in form:
            values[name] = raw[name] = form_text(form.get(name))
    return values, raw


def criteria_values(criteria) -> list[dict]:
    return [
        {
            "code": c["code"],
            "name": c["name"],
            "max_points": decimal_text(c["max_points"]),
            "min_points": decimal_text(c["min_points"]),
            "advisory": bool(c["advisory"]),
        }
        for c in criteria
    ]


def new_call_values(office_id: int | None) -> dict:
    return {
        "office_id": str(office_id or ""),
        "form": CallForm.wspieranie.value,
        "aggregation": "mean",
        "correction_days": "7",
        "update_days": "7",
        "confirmation_days": "3",
        "results_table_required": "true",
        "cost_shift_tolerance_percent": "10,00",
        "criteria": criteria_values(default_criteria(CallForm.wspieranie)),
    }


def call_values(call: Call) -> dict:
    values = dict.fromkeys(CALL_FIELDS, "")
    values.update({name: getattr(call, name) or "" for name in TEXT_FIELDS})
    values.update({name: decimal_text(getattr(call, name)) for name in DECIMAL_FIELDS})
    values.update({name: getattr(call, name).isoformat() if getattr(call, name) else "" for name in DATE_FIELDS})
    values.update(
        {
            "submission_deadline": local_input(call.submission_deadline),
            "form": call.form.value,
            "aggregation": call.aggregation.value,
            "programme_priority": str(call.programme_priority_id or ""),
            "correction_days": str(call.correction_days if call.correction_days is not None else ""),
            "update_days": str(call.update_days if call.update_days is not None else ""),
            "evaluators_per_offer": str(call.evaluators_per_offer or ""),
            "results_table_required": "false" if call.results_table_required is False else "true",
            "contact_email": call.contact_email or "",
            "contact_phone": call.contact_phone or "",
            "confirmation_days": str(call.confirmation_days if call.confirmation_days is not None else ""),
            "criteria": criteria_values(
                [
                    {
                        "code": c.code,
                        "name": c.name,
                        "max_points": c.max_points,
                        "min_points": c.min_points,
                        "advisory": c.advisory,
                    }
                    for c in call.criteria
                ]
            ),
        }
    )
    return values


def create_raw(raw: dict) -> dict:
    """On create a blank field means 'not given', so the operation supplies its default (the
    statutory texts and criteria, the computed item 7)."""
    result = {key: value for key, value in raw.items() if key == "criteria" or str(value).strip()}
    if not result.get("criteria"):
        result.pop("criteria", None)
    elif result["criteria"] == criteria_values(default_criteria(CallForm.wspieranie)):
        # The prefilled rows are the wspieranie set; left as they were, they mean "the statutory
        # criteria for the chosen form", which for powierzanie has no own-contribution criterion.
        result.pop("criteria")
    return result


def read_publication_form(form) -> list[dict]:
    """The publish form's three rows, one per channel of art. 13 ust. 3, in Channel's order."""
    return [
        {
            "channel": form_text(form.get(f"publications-{index}-channel", channel.value)).strip(),
            "published_at": form_text(form.get(f"publications-{index}-published_at")).strip(),
        }
        for index, channel in enumerate(Channel)
    ]


def confirmed(form) -> bool:
    """The confirmation page's button: without it the form only asks what the act would be."""
    return form_text(form.get("confirmed")) == "1"


def read_cancel_form(form) -> tuple[dict, dict]:
    """(values to show again, raw for the operation): the reason, the ground chosen (`withdrawal` for an
    odwołanie) and, once on the confirmation page, the three publications."""
    values = {"reason": form_text(form.get("reason")), "ground": form_text(form.get("ground", "withdrawal")).strip()}
    raw = dict(values)
    if "publications-0-published_at" in form:
        values["publications"] = raw["publications"] = read_publication_form(form)
    return values, raw


def publication_values(now: datetime) -> list[dict]:
    """The publish form prefilled with the current minute for every channel."""
    now_local = local_input(now.replace(second=0, microsecond=0))
    return [{"channel": channel.value, "published_at": now_local} for channel in Channel]


# ---------------------------------------------------------------- programmes


def read_programme_form(form) -> tuple[dict, dict]:
    values = {name: form_text(form.get(name)).strip() for name in ("year", "title")}
    values["priorities"] = _rows(form, "priorities", PRIORITY_FIELDS) or []
    if "office_id" in form:
        values["office_id"] = form_text(form.get("office_id"))
    return values, dict(values)


def new_programme_values(year: int, office_id: int | None) -> dict:
    return {"year": str(year), "title": "", "priorities": [], "office_id": str(office_id or "")}


def programme_values(programme: Programme) -> dict:
    return {
        "year": str(programme.year),
        "title": programme.title,
        "priorities": [
            {"code": p.code, "name": p.name, "budget": decimal_text(p.budget)} for p in programme.priorities
        ],
    }
