"""The organisation profile's HTML form, both ways: a submitted form → (values to show again, the
raw dict shaped like the API body), and a stored profile → the form's values.

The form's input names are the API's dotted paths (`address.postal_code`, `representatives.0.full_name`),
so an error from the schema lands at its input without translation.
"""

import re

from grants.organizations.labels import format_nrb
from grants.organizations.models import Organization
from grants.organizations.schema import ADDRESS_FIELDS, PROFILE_FIELDS
from grants.parsing import form_text

# The fields that are one input each; the address and the representatives have their own.
TOP_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in ADDRESS_FIELDS and name != "representatives")
REPRESENTATIVE_FIELDS = ("full_name", "function")
REPRESENTATIVE_KEY = re.compile(r"^representatives\.(\d{1,2})\.(full_name|function)$")
BLANK_ROWS = 2
MIN_ROWS = 3


def _form_order() -> tuple[str, ...]:
    """The order of the form on the page, so the error summary reads top to bottom like the form."""
    order = []
    for name in PROFILE_FIELDS:
        if name not in ADDRESS_FIELDS:
            order.append(name)
            continue
        if name == ADDRESS_FIELDS[0]:
            order.append("address")  # the address as a whole, before its inputs
        order.append(f"address.{name}")
    return tuple(order)


FORM_ORDER = _form_order()


def read_form(form) -> tuple[dict, dict]:
    """(values to show again, raw dict shaped like the API body) from a submitted profile form."""
    values = {name: form_text(form.get(name)) for name in TOP_FIELDS}
    for name in ADDRESS_FIELDS:
        values[f"address.{name}"] = form_text(form.get(f"address.{name}"))
    found: dict[int, dict] = {}
    for key in form:
        match = REPRESENTATIVE_KEY.match(key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = form_text(form.get(key)).strip()
    # A row left blank is not a person; the rest keep their order (and the schema's indexes follow it).
    rows = [{name: found[i].get(name, "") for name in REPRESENTATIVE_FIELDS} for i in sorted(found)]
    values["representatives"] = [row for row in rows if any(row.values())]
    raw = {name: values[name] for name in TOP_FIELDS}
    raw["address"] = {name: values[f"address.{name}"] for name in ADDRESS_FIELDS}
    raw["representatives"] = values["representatives"]
    return values, raw


def organization_values(organization: Organization) -> dict:
    values = {name: getattr(organization, name) or "" for name in TOP_FIELDS}
    values["legal_form"] = organization.legal_form.value
    values["bank_account"] = format_nrb(organization.bank_account)
    for name in ADDRESS_FIELDS:
        values[f"address.{name}"] = getattr(organization, name) or ""
    values["representatives"] = [
        {name: person.get(name, "") for name in REPRESENTATIVE_FIELDS} for person in organization.representatives or []
    ]
    return values


def with_blank_rows(values: dict) -> dict:
    """Room for more people: at least two blank rows, and at least three rows in all."""
    values = dict(values)
    rows = list(values.get("representatives") or [])
    blank = max(BLANK_ROWS, MIN_ROWS - len(rows))
    values["representatives"] = rows + [dict.fromkeys(REPRESENTATIVE_FIELDS, "") for _ in range(blank)]
    return values


def in_form_order(errors: dict) -> dict:
    def position(path: str) -> tuple:
        parts = path.split(".")
        if parts[0] == "representatives":  # representatives.3.function → after the fields above, by row
            return (
                FORM_ORDER.index("representatives"),
                int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1,
                path,
            )
        return (FORM_ORDER.index(path) if path in FORM_ORDER else len(FORM_ORDER), 0, path)

    return {path: errors[path] for path in sorted(errors, key=position)}
