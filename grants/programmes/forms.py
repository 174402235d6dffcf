"""The programme's year's HTML forms, both ways: a submitted form → (values to show again, the raw dict the
schema reads), and the schema's errors → the form's field names.

Several forms share the officer's programme page, so each has a prefix of its own (`amend-reason`,
`comment-7-answer`) and ids stay unique; the keys of the raw dicts are the API's.
"""

from grants.calls.forms import PRIORITY_FIELDS, decimal_text, read_programme_form, with_blank_rows
from grants.calls.models import Programme
from grants.errors import ValidationFailed
from grants.parsing import form_text

CONSULTATION = "consultation"
REPORT = "report"
ADOPT = "adopt"
AMEND = "amend"
COMMENT = "comment"


def prefixed_errors(error: ValidationFailed, prefix: str) -> dict[str, list[str]]:
    """`text` → `report-text`, `priorities.0.code` → `priorities-0-code` (the amend form's rows keep the
    programme form's names, so the shared row macros and labels apply)."""
    fields = {}
    for key, messages in error.fields.items():
        name = key.replace(".", "-")
        fields[name if name.startswith("priorities") else f"{prefix}-{name}"] = messages
    return fields


def _texts(form, prefix: str, names: tuple[str, ...]) -> dict:
    return {name: form_text(form.get(f"{prefix}-{name}")) for name in names}


def read_consultation_form(form) -> tuple[dict, dict]:
    values = _texts(form, CONSULTATION, ("starts_on", "ends_on"))
    values["channels"] = [form_text(v) for v in form.getlist(f"{CONSULTATION}-channels")]
    return values, dict(values)


def read_comment_form(form) -> tuple[dict, dict]:
    values = _texts(form, COMMENT, ("text", "organization_id"))
    return values, dict(values)


def read_answer_form(form, comment_id: int) -> tuple[dict, dict]:
    prefix = f"{COMMENT}-{comment_id}"
    values = _texts(form, prefix, ("answer", "outcome"))
    return values, dict(values)


def answer_prefix(comment_id: int) -> str:
    return f"{COMMENT}-{comment_id}"


def read_report_form(form) -> tuple[dict, dict]:
    values = _texts(form, REPORT, ("text",))
    return values, dict(values)


def read_adopt_form(form) -> tuple[dict, dict]:
    values = _texts(form, ADOPT, ("resolution_number", "adopted_on"))
    return values, dict(values)


def read_amend_form(form) -> tuple[dict, dict]:
    values = _texts(form, AMEND, ("reason", "resolution_number", "adopted_on"))
    values["priorities"] = read_programme_form(form)[0]["priorities"]
    raw = dict(values)
    # The rows as they stand are the programme after the amendment: all of them blank is "no rows", which
    # the schema refuses, rather than "priorities unchanged".
    return values, raw


def amend_values(programme: Programme) -> dict:
    return {
        "reason": "",
        "resolution_number": "",
        "adopted_on": "",
        "priorities": [
            {"code": p.code, "name": p.name, "budget": decimal_text(p.budget)} for p in programme.priorities
        ],
    }


def with_priority_rows(values: dict) -> dict:
    return {**values, "priorities": with_blank_rows(values.get("priorities", []), PRIORITY_FIELDS)}
