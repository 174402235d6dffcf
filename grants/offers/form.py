"""The offer form ⇄ the offer's content, one step at a time.

The form's input names are the API's dotted paths (`cost_items.2.grant_part`, `contact.email`), so an
error of the schema or of the estimate lands at its input. Rows the page shows keep their own numbers (a
blank row left out, a row ticked for removal), so each step's reader returns, with the raw dict the API
would send, the map from a list position in the raw dict back to the row number on the page.

`stored_values` draws a step from the stored draft; `read_step` reads a step's submitted form. Both are
tables with one function per step. Only the fields a step's form carries are sent, so a step never
blanks another step's fields.
"""

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from grants.formatting import money_input, quantity_input
from grants.offers import figures, schema
from grants.parsing import form_text

TASK_FIELDS = ("title", "task_start", "task_end", "place", "target_group", "summary")
OFFEROR_FIELDS = ("experience", "resources")
ACTION_FIELDS = tuple(schema.ACTION_FIELDS)
RESULT_FIELDS = tuple(schema.RESULT_FIELDS)
COST_TEXT_FIELDS = ("name", "unit", "quantity", "unit_cost", "grant_part")
SOURCE_FIELDS = ("own_financial", "own_non_financial_personal", "own_non_financial_in_kind", "beneficiary_fees")
CONTACT_FIELDS = ("name", "phone", "email")
ROW_KEY = re.compile(r"^(actions|results|cost_items|cost_split)\.(\d{1,3})\.([a-z_]+)(?:\.(\d{4}))?$")
MAX_FORM_ROWS = schema.MAX_COST_ITEMS + 50


@dataclass
class Reading:
    values: dict  # what to show again in the form
    raw: dict  # what the API would send (PATCH body)
    maps: dict  # list name → [row number on the page for each position in raw]
    refusals: dict  # what the page itself cannot turn into a PATCH, by field


def nothing_read() -> Reading:
    return Reading({}, {}, {}, {})


def _bool_input(value) -> str:
    return {True: "true", False: "false"}.get(value, "")


def form_rows(form, group: str) -> list[tuple[int, dict]]:
    """Repeated rows `group.N.field` (and `cost_items.N.year_values.YYYY`) by their number on the page."""
    found: dict[int, dict] = {}
    for key in form:
        match = ROW_KEY.match(key)
        if not match or match.group(1) != group or int(match.group(2)) >= MAX_FORM_ROWS:
            continue
        cells = found.setdefault(int(match.group(2)), {})
        if match.group(4):
            cells.setdefault(match.group(3), {})[match.group(4)] = form_text(form.get(key)).strip()
        else:
            cells[match.group(3)] = form_text(form.get(key)).strip()
    return sorted(found.items())


def to_form_paths(fields: dict, maps: dict) -> dict:
    """Error paths index the lists sent to the operation; the page numbers its rows its own way."""
    result: dict[str, list[str]] = {}
    for path, messages in fields.items():
        parts = path.split(".")
        mapping = maps.get(parts[0])
        if mapping is not None and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(mapping):
            parts[1] = str(mapping[int(parts[1])])
        result.setdefault(".".join(parts), []).extend(messages)
    return result


def lock_from(form, offer):
    # Without a lock_version (a hand-made request) the change is judged against the draft this request read.
    raw = form.get("lock_version")
    return raw if raw not in (None, "") else offer.lock_version


# ---------------------------------------------------------------- the stored draft, as each step shows it


def _cost_split_values(offer) -> list[dict]:
    names = {offer.organization_id: offer.organization.name}
    names.update({p.organization_id: p.organization.name for p in offer.partners})
    return [
        {
            "index": i,
            "organization_id": str(row["organization_id"]),
            "name": names.get(row["organization_id"], ""),
            "amount": money_input(row["amount"]),
            "year_values": {year: money_input(v) for year, v in (row.get("year_values") or {}).items()},
        }
        for i, row in enumerate(figures.cost_split_rows(offer))
    ]


def _stored_offerors(offer, c: dict) -> dict:
    return {
        "correspondence_address": c["correspondence_address"] or "",
        "contact": {name: c["contact"].get(name, "") for name in CONTACT_FIELDS},
        "cost_split": _cost_split_values(offer),
    }


def _stored_task(offer, c: dict) -> dict:
    return {name: c[name] or "" for name in TASK_FIELDS}


def _stored_plan(offer, c: dict) -> dict:
    return {
        "actions": [
            {"index": i, "origin": str(i), "remove": False, **{name: action.get(name, "") for name in ACTION_FIELDS}}
            for i, action in enumerate(c["actions"])
        ]
    }


def _stored_results(offer, c: dict) -> dict:
    return {
        "expected_effects": c["expected_effects"],
        "results": [
            {"index": i, "remove": False, **{name: r.get(name, "") for name in RESULT_FIELDS}}
            for i, r in enumerate(c["results"])
        ],
    }


def _stored_offeror(offer, c: dict) -> dict:
    return {name: c[name] for name in OFFEROR_FIELDS}


def _stored_cost_item(index: int, item: dict) -> dict:
    return {
        "index": index,
        "remove": False,
        "action": "" if item.get("action") is None else str(item["action"]),
        "name": item.get("name", ""),
        "unit": item.get("unit", ""),
        "quantity": quantity_input(item.get("quantity")),
        "unit_cost": money_input(item.get("unit_cost")),
        "grant_part": money_input(item.get("grant_part")),
        "year_values": {str(y): money_input(v) for y, v in (item.get("year_values") or {}).items()},
    }


def _stored_costs(offer, c: dict) -> dict:
    return {"cost_items": [_stored_cost_item(i, item) for i, item in enumerate(c["cost_items"])]}


def _stored_sources(offer, c: dict) -> dict:
    return {name: money_input(c[name]) for name in SOURCE_FIELDS}


def _stored_other(offer, c: dict) -> dict:
    return {
        "paid_activity": _bool_input(c["paid_activity"]),
        "partners_actions": c["partners_actions"],
        "other_information": c["other_information"],
    }


def _stored_statements(offer, c: dict) -> dict:
    s = c["statements"] or {}
    return {
        "tax_arrears": _bool_input(s.get("tax_arrears")),
        "social_insurance_arrears": _bool_input(s.get("social_insurance_arrears")),
        "register": s.get("register") or "",
        "confirmed": bool(s.get("confirmed")),
    }


STORED = {
    "offerors": _stored_offerors,
    "task": _stored_task,
    "plan": _stored_plan,
    "results": _stored_results,
    "offeror": _stored_offeror,
    "costs": _stored_costs,
    "sources": _stored_sources,
    "other": _stored_other,
    "statements": _stored_statements,
}


def stored_values(offer, key: str) -> dict:
    """A step's fields as the form shows them, from the stored draft."""
    build = STORED.get(key)
    return build(offer, figures.draft_content(offer)) if build else {}


# ---------------------------------------------------------------- a step's submitted form


def _texts(form, names, values: dict, raw: dict, *, strip: bool = False) -> None:
    """Plain fields: shown again as typed, sent only when the form carries them."""
    for name in names:
        values[name] = form_text(form.get(name)).strip() if strip else form_text(form.get(name))
        if name in form:
            raw[name] = values[name]


def _read_offerors(offer, form) -> Reading:
    values, raw, maps = {}, {}, {}
    _texts(form, ("correspondence_address",), values, raw)
    if any(f"contact.{name}" in form for name in CONTACT_FIELDS):
        values["contact"] = {name: form_text(form.get(f"contact.{name}")) for name in CONTACT_FIELDS}
        raw["contact"] = dict(values["contact"])
    rows = form_rows(form, "cost_split")
    stored = {row["organization_id"]: row["name"] for row in _cost_split_values(offer)}
    values["cost_split"] = [
        {
            "index": i,
            "organization_id": cells.get("organization_id", ""),
            "name": stored.get(cells.get("organization_id", ""), ""),
            "amount": cells.get("amount", ""),
            "year_values": cells.get("year_values") if isinstance(cells.get("year_values"), dict) else None,
        }
        for i, cells in rows
    ]
    if rows:
        raw["cost_split"] = [
            {
                "organization_id": row["organization_id"],
                "amount": row["amount"],
                # The page has year columns only for a task over several years; then they are the split.
                **(
                    {"year_values": {y: v for y, v in row["year_values"].items() if v} or None}
                    if row["year_values"] is not None
                    else {}
                ),
            }
            for row in values["cost_split"]
        ]
        for row in values["cost_split"]:
            row["year_values"] = row["year_values"] or {}
        maps["cost_split"] = [row["index"] for row in values["cost_split"]]
    return Reading(values, raw, maps, {})


def _read_task(offer, form) -> Reading:
    values, raw = {}, {}
    _texts(form, TASK_FIELDS, values, raw)
    return Reading(values, raw, {}, {})


def _read_offeror(offer, form) -> Reading:
    values, raw = {}, {}
    _texts(form, OFFEROR_FIELDS, values, raw)
    return Reading(values, raw, {}, {})


def _read_rows(form, group: str, row_of, item_of, values: dict, raw: dict) -> Reading:
    """Repeated rows: each shown again as typed; those `item_of` keeps (not removed, not blank) are sent,
    with the map from their position in the list back to their row on the page."""
    rows, kept, positions = [], [], []
    for index, cells in form_rows(form, group):
        row = row_of(index, cells)
        rows.append(row)
        item = item_of(row)
        if item is not None:
            kept.append(item)
            positions.append(index)
    values[group] = rows
    maps = {}
    if rows:
        raw[group], maps[group] = kept, positions
    return Reading(values, raw, maps, {})


def _result_row(index: int, cells: dict) -> dict:
    return {"index": index, "remove": "remove" in cells, **{n: cells.get(n, "") for n in RESULT_FIELDS}}


def _result_item(row: dict) -> dict | None:
    if row["remove"] or not any(row[n] for n in RESULT_FIELDS):  # a blank row is not a result
        return None
    return {n: row[n] for n in RESULT_FIELDS}


def _read_results(offer, form) -> Reading:
    values, raw = {}, {}
    _texts(form, ("expected_effects",), values, raw)
    return _read_rows(form, "results", _result_row, _result_item, values, raw)


def _cost_row(index: int, cells: dict) -> dict:
    years = cells.get("year_values") if isinstance(cells.get("year_values"), dict) else {}
    return {
        "index": index,
        "remove": "remove" in cells,
        "action": cells.get("action", ""),
        "year_values": years,
        **{n: cells.get(n, "") for n in COST_TEXT_FIELDS},
    }


def _cost_item(row: dict) -> dict | None:
    years = row["year_values"]
    if row["remove"] or not (any(row[n] for n in COST_TEXT_FIELDS) or any(years.values())):
        return None  # ticked for removal, or a blank row (its action select alone is not a cost)
    item = {"action": row["action"], **{n: row[n] for n in COST_TEXT_FIELDS}}
    split = {year: amount for year, amount in years.items() if amount}
    item["year_values"] = split or None
    return item


def _read_costs(offer, form) -> Reading:
    return _read_rows(form, "cost_items", _cost_row, _cost_item, {}, {})


def _read_sources(offer, form) -> Reading:
    values, raw = {}, {}
    _texts(form, SOURCE_FIELDS, values, raw, strip=True)
    return Reading(values, raw, {}, {})


def _read_other(offer, form) -> Reading:
    values, raw = {}, {}
    values["paid_activity"] = form.get("paid_activity", "")
    if "paid_activity" in form:
        raw["paid_activity"] = values["paid_activity"]
    _texts(form, ("partners_actions", "other_information"), values, raw)
    return Reading(values, raw, {}, {})


def _read_statements(offer, form) -> Reading:
    values = {
        "tax_arrears": form.get("statements.tax_arrears", ""),
        "social_insurance_arrears": form.get("statements.social_insurance_arrears", ""),
        "register": form.get("statements.register", ""),
        "confirmed": form.get("statements.confirmed") in ("on", "true", "1"),
    }
    # Section VII is one whole: an unticked box or an unchosen option is sent as "not given".
    raw = {
        "statements": {
            "tax_arrears": values["tax_arrears"],
            "social_insurance_arrears": values["social_insurance_arrears"],
            "register": values["register"],
            "confirmed": "true" if values["confirmed"] else "false",
        }
    }
    return Reading(values, raw, {}, {})


def _plan_rows(form, n_stored: int) -> tuple[list[dict], list[dict], list[int], list[int | None]]:
    """III.4's rows as typed; the actions kept, their rows on the page and the positions they came from."""
    rows, kept, positions, origins = [], [], [], []
    for index, cells in form_rows(form, "actions"):
        row = {
            "index": index,
            "remove": "remove" in cells,
            "origin": cells.get("origin", ""),
            **{name: cells.get(name, "") for name in ACTION_FIELDS},
        }
        rows.append(row)
        origin = int(row["origin"]) if row["origin"].isdigit() and int(row["origin"]) < n_stored else None
        if row["remove"] or (origin is None and not any(row[name] for name in ACTION_FIELDS)):
            continue
        kept.append({name: row[name] for name in ACTION_FIELDS})
        positions.append(index)
        origins.append(origin)
    return rows, kept, positions, origins


def _read_plan(offer, form) -> Reading:
    """III.4. A cost line of V.A names its action by position, so when actions are removed or new ones
    added the lines follow their action to its new position (sent in the same PATCH). Each row carries
    `origin`, the position its action had when the page was drawn; offer.js updates it after an autosave."""
    stored = figures.draft_content(offer)
    n_stored = len(stored["actions"])
    rows, kept, positions, origins = _plan_rows(form, n_stored)
    values = {"actions": rows}
    if not rows:
        return Reading(values, {}, {}, {})
    raw = {"actions": kept}
    moved_to = {origin: position for position, origin in enumerate(origins) if origin is not None}
    row_of_origin = {int(r["origin"]): r["index"] for r in rows if r["origin"].isdigit()}
    refusals: dict[str, list[str]] = {}
    lines, moved = [], False
    for item in stored["cost_items"]:
        action = item.get("action")
        if isinstance(action, int) and not isinstance(action, bool) and action < n_stored:
            if action not in moved_to:
                path = f"actions.{row_of_origin[action]}.remove" if action in row_of_origin else "actions"
                message = _(
                    "Do tego działania są przypisane pozycje kosztorysu (V.A). Usuń je albo przypisz "
                    "do innego działania w kroku „Kosztorys”, a dopiero potem usuń działanie."
                )
                if message not in refusals.get(path, []):
                    refusals.setdefault(path, []).append(message)
                continue
            moved = moved or moved_to[action] != action
            lines.append({**item, "action": moved_to[action]})
        else:
            lines.append(item)
    if moved and not refusals:
        raw["cost_items"] = lines
    return Reading(values, raw, {"actions": positions}, refusals)


READERS = {
    "offerors": _read_offerors,
    "task": _read_task,
    "plan": _read_plan,
    "results": _read_results,
    "offeror": _read_offeror,
    "costs": _read_costs,
    "sources": _read_sources,
    "other": _read_other,
    "statements": _read_statements,
}


def read_step(offer, key: str, form) -> Reading:
    """(values to show again, raw PATCH body, row maps, refusals) from a step's submitted form."""
    reader = READERS.get(key)
    return reader(offer, form) if reader else nothing_read()


def rebase_origins(offer, values: dict) -> dict:
    """After an edit conflict the typed rows' origins name positions of the draft this person had read,
    not of the draft as it is now: match them again by the action's name, so saving again re-applies."""
    current = [a.get("name", "") for a in figures.draft_content(offer)["actions"]]
    used = set()
    for row in values.get("actions", []):
        match = next((i for i, name in enumerate(current) if name and name == row.get("name") and i not in used), None)
        row["origin"] = "" if match is None else str(match)
        if match is not None:
            used.add(match)
    return values
