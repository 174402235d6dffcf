"""The NGO's small-grant form (templates/smallgrants/ngo_form.html) ⇄ the raw dict the API would send.

Field names are the API's dotted paths (`cost_items.0.unit_cost`, `contact.full_name`), so an error of the
schema lands on its input without translation. Values stay as typed (strings): a refused form shows back
exactly what was written, and the schema (grants.smallgrants.schema) judges them.
"""

import re

from grants.parsing import form_text
from grants.smallgrants import schema

ROW = re.compile(r"^(results_table|cost_items)\.(\d{1,3})\.(\w+)$")
ROW_FIELDS = {
    "results_table": tuple(schema.RESULT_FIELDS),
    "cost_items": (*schema.COST_TEXT_FIELDS, *schema.COST_NUMBER_FIELDS),
}
BLANK_COST_ROWS = 2
BLANK_RESULT_ROWS = 1


def raw_from_form(form) -> dict:
    """The content part of the form, as the API's PATCH body (rows in the order of their indexes)."""
    raw: dict = {name: form_text(form.get(name)) for name in schema.TEXT_FIELDS}
    for name in ("task_start", "task_end", *schema.MONEY_FIELDS):
        raw[name] = form_text(form.get(name))
    rows: dict = {"results_table": {}, "cost_items": {}}
    for key in form:
        match = ROW.match(key)
        if match and match.group(3) in ROW_FIELDS[match.group(1)]:
            rows[match.group(1)].setdefault(int(match.group(2)), {})[match.group(3)] = form_text(form.get(key))
    for name, by_index in rows.items():
        raw[name] = [by_index[i] for i in sorted(by_index)]
    raw["contact"] = {name: form_text(form.get(f"contact.{name}")) for name in schema.CONTACT_FIELDS}
    raw["statements"] = {"accepted": form.get("statements.accepted") in ("1", "on", "true")}
    return raw


def values_from_content(content: dict) -> dict:
    """What the form shows for the saved draft: the same shape as `raw_from_form`'s."""
    content = schema.normalised(content)
    values = {name: content[name] or "" for name in (*schema.TEXT_FIELDS, *schema.MONEY_FIELDS)}
    values["task_start"] = content["task_start"] or ""
    values["task_end"] = content["task_end"] or ""
    values["results_table"] = [dict(row) for row in content["results_table"]]
    values["cost_items"] = [dict(row) for row in content["cost_items"]]
    values["contact"] = dict(content["contact"])
    values["statements"] = dict(content["statements"])
    return values


def with_blank_rows(values: dict) -> dict:
    """The rows as typed plus empty ones to fill in (without JavaScript a saved form grows this way)."""
    values = dict(values)
    values["cost_items"] = [*values.get("cost_items", []), *({} for _ in range(BLANK_COST_ROWS))]
    values["results_table"] = [*values.get("results_table", []), *({} for _ in range(BLANK_RESULT_ROWS))]
    return values
