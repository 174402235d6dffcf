"""The update (aktualizacja) form ⇄ its raw dict: the same rows and names as the offer form's steps III.4,
III.5–6, V.A and V.B (grants.offers.form), on one page, drawn from the offer's current version and sent as
the body of `PUT /api/v1/offers/{id}/update` (grants.offers.operations.update)."""

from grants.offers import schema
from grants.offers.form import (
    ACTION_FIELDS,
    Reading,
    _read_costs,
    _read_results,
    _read_rows,
    _read_sources,
    _stored_cost_item,
    _stored_results,
    _stored_sources,
    to_form_paths,
)
from grants.parsing import form_text

BLANK_ACTIONS, BLANK_RESULTS, BLANK_COSTS = 1, 1, 2


def _blank_action(index: int) -> dict:
    return {"index": index, "remove": False, **dict.fromkeys(ACTION_FIELDS, "")}


def _blank_result(index: int) -> dict:
    return {"index": index, "remove": False, **dict.fromkeys(schema.RESULT_FIELDS, "")}


def _blank_cost(index: int) -> dict:
    return {
        "index": index,
        "remove": False,
        "action": "",
        "year_values": {},
        **dict.fromkeys(("name", "unit", "quantity", "unit_cost", "grant_part"), ""),
    }


def with_blank_rows(values: dict) -> dict:
    """Rows to add new actions, results and cost lines without JavaScript."""
    for group, blank, count in (
        ("actions", _blank_action, BLANK_ACTIONS),
        ("results", _blank_result, BLANK_RESULTS),
        ("cost_items", _blank_cost, BLANK_COSTS),
    ):
        rows = values.setdefault(group, [])
        start = max((row["index"] for row in rows), default=-1) + 1
        rows.extend(blank(start + i) for i in range(count))
    return values


def update_values(offer) -> dict:
    """The form drawn from the offer's current (frozen) version."""
    c = schema.normalised(offer.current_version.document["content"])
    values = {
        "actions": [
            {"index": i, "remove": False, **{name: action.get(name, "") for name in ACTION_FIELDS}}
            for i, action in enumerate(c["actions"])
        ],
        **_stored_results(offer, c),
        "cost_items": [_stored_cost_item(i, item) for i, item in enumerate(c["cost_items"])],
        **_stored_sources(offer, c),
        "results_note": "",
    }
    for action in values["actions"]:
        if schema.is_not_applicable(action.get("subcontractor")):
            action["subcontractor"] = ""
    return with_blank_rows(values)


def _action_row(index: int, cells: dict) -> dict:
    return {"index": index, "remove": False, **{name: cells.get(name, "") for name in ACTION_FIELDS}}


def _action_item(row: dict) -> dict | None:
    if not any(row[name] for name in ACTION_FIELDS):
        return None
    return {name: row[name] for name in ACTION_FIELDS}


def read_update_form(form) -> Reading:
    """(values shown again, the raw body, row maps) of the submitted update form. Actions are edited or
    added, never removed here (the cost lines name them by position): a blank new row is left out."""
    values: dict = {}
    raw: dict = {}
    maps: dict = {}
    actions = _read_rows(form, "actions", _action_row, _action_item, values, raw)
    maps.update(actions.maps)
    for reader in (_read_results, _read_costs, _read_sources):
        reading = reader(None, form)
        values.update(reading.values)
        raw.update(reading.raw)
        maps.update(reading.maps)
    values["results_note"] = form_text(form.get("results_note"))
    raw["results_note"] = values["results_note"]
    return Reading(values, raw, maps, {})


def form_errors(fields: dict, reading: Reading) -> dict:
    return to_form_paths(fields, reading.maps)
