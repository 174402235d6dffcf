"""The rows of the costs step (V.A) as HTML, written by one Python call a row.

A draft of 20 cost lines drew 24 rows (with the blank row under each action and offer.js's template), each
through a dozen Jinja macro calls (a cell, its id, its messages): half the page's CPU (issue 13: the form
step, p95 < 60 ms). The markup, whitespace included, is what templates/offers/steps/costs.html's macros
wrote (`cell`, `remove_box`, `field_errors` and `fid` of templates/offers/_macros.html and
templates/_macros/forms.html), so the page is the same byte for byte; the labels and the actions' options
are worded once a page instead of once a row, and the template asks for a group's rows (I.n, II) at once.
"""

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from grants.i18n import gettext as _  # Flask-Babel's, without its per-string lookups

# The numeric cells: offer.js and the phone keyboards read inputmode="decimal".
DECIMAL = 'inputmode="decimal"'


def _fid(name: str) -> str:
    """The control's id (the `fid` macro): f-<the dotted name with dashes>."""
    return "f-" + str(escape(name.replace(".", "-")))


def _errors(id_: str, messages) -> str:
    """The `field_errors` macro: the control's messages, or nothing."""
    if not messages:
        return ""
    return f'<ul class="errors" id="{id_}-error">' + "".join(f"<li>{escape(m)}</li>" for m in messages) + "</ul>"


def _cell(name: str, id_: str, label: str, value, err, *, inputmode: str = "", class_: str = "") -> str:
    """The `cell` macro (one text input of a row), as the row's line wrote it; `name` and `id_` escaped."""
    shown = escape(value) if value is not None else ""
    invalid = f'aria-invalid="true" aria-describedby="{id_}-error"' if err else 'aria-invalid="false" '
    return (
        f'      <td class="{class_}{" has-error" if err else ""}" data-field="{name}">\n'
        f'    <label class="visually-hidden" for="{id_}">{label}</label>\n'
        f"    {_errors(id_, err)}\n"
        f'    <input type="text" id="{id_}" name="{name}" value="{shown}"\n'
        f"{inputmode}            {invalid}>\n"
        "  </td>\n\n"
    )


def _remove_box(name: str, id_: str, label: str, err, checked) -> str:
    """The `remove_box` macro: the "remove this line" tick; `name` and `id_` escaped."""
    invalid = f'aria-invalid="true" aria-describedby="{id_}-error"' if err else ""
    return (
        f'  <div class="remove-row{" has-error" if err else ""}" data-field="{name}">\n'
        f"    {_errors(id_, err)}\n"
        f'    <input type="checkbox" id="{id_}" name="{name}" value="on" data-remove-row '
        f"{'checked ' if checked else ''}{invalid}>\n"
        f'    <label for="{id_}">{label}</label>\n'
        "  </div>\n"
    )


class CostRows:
    """`rows(row, messages, line_value="", blank=False)` → one row of the cost lines' table, for the page's
    actions and task years (a value column per year of a task over several years)."""

    def __init__(self, actions: list, years: list):
        self.years = years
        self.labels = {
            "action": escape(_("Działanie, do którego należy koszt")),
            "choose": escape(_("— wybierz —")),
            "admin": escape(_("Koszty administracyjne")),
            "name": escape(_("Rodzaj kosztu")),
            "unit": escape(_("Rodzaj miary")),
            "quantity": escape(_("Liczba jednostek")),
            "unit_cost": escape(_("Koszt jednostkowy w złotych")),
            "value": escape(_("Wartość [zł]")),
            "line_value": escape(_("Wartość pozycji")),
            "grant_part": escape(_("W tym z dotacji, w złotych")),
            "remove": escape(_("Usuń")),
        }
        self.year_labels = {year: escape(_("Wartość w roku %(year)s", year=year)) for year in years}
        environment = current_app.jinja_env
        # (value, the option's text) of each action, as the select lists them
        self.actions = [
            (str(n), escape(_("Działanie %(n)d", n=n + 1)) + ": " + escape(do_truncate(environment, a["name"], 40)))
            for n, a in enumerate(actions)
        ]

    def __call__(self, row: dict, messages: dict, line_value="", blank: bool = False) -> Markup:
        i, labels = row["index"], self.labels
        # The row's names and ids escaped once (an index is a number, or offer.js's "__INDEX__"); its messages
        # looked up only when there are any.
        shown_i = str(escape(i))
        key, name, id_ = f"cost_items.{i}.", f"cost_items.{shown_i}.", _fid(f"cost_items.{i}.")
        err = messages.get if messages else _no_messages
        action = row.get("action")
        aerr = err(key + "action")
        aid = id_ + "action"
        described = f'aria-describedby="{aid}-error"' if aerr else ""
        options = "".join(
            f'<option value="{value}" {"selected" if action == value else ""}>{text}</option>'
            for value, text in self.actions
        )
        parts = [
            f'  <tr id="f-cost_items-{shown_i}" tabindex="-1" data-row data-row-index="{shown_i}">\n',
            f'    <td class="{"has-error" if aerr else ""}" data-field="{name}action">\n',
            f'      <label class="visually-hidden" for="{aid}">{labels["action"]}</label>\n',
            f"      {_errors(aid, aerr)}\n",
            f'      <select id="{aid}" name="{name}action" data-action-select '
            f'aria-invalid="{"true" if aerr else "false"}" {described}>\n',
            f'        <option value="">{labels["choose"]}</option>\n',
            options,
            f'        <option value="admin" {"selected" if action == "admin" else ""}>{labels["admin"]}</option>\n',
            "      </select>\n    </td>\n",
            _cell(name + "name", id_ + "name", labels["name"], row["name"], err(key + "name"), class_="wide"),
            _cell(name + "unit", id_ + "unit", labels["unit"], row["unit"], err(key + "unit")),
            self._amount(name, id_, key, "quantity", labels["quantity"], row["quantity"], err),
            self._amount(name, id_, key, "unit_cost", labels["unit_cost"], row["unit_cost"], err),
            f'    <td class="num" data-label="{labels["value"]}"><output data-line-value="{shown_i}" '
            f'aria-label="{labels["line_value"]}">{escape(line_value or "—")}</output></td>\n',
            self._amount(name, id_, key, "grant_part", labels["grant_part"], row["grant_part"], err),
        ]
        year_values = row.get("year_values") or {}
        for year in self.years:  # inside the template's loop: two spaces deeper
            field = f"year_values.{year}"
            value = year_values.get(str(year), "")
            parts.append("  " + self._amount(name, id_, key, field, self.year_labels[year], value, err))
        if self.years and err(key + "year_values"):
            parts.append(f'<td class="has-error">{_errors(id_ + "year_values", err(key + "year_values"))}</td>')
        remove = (
            ""
            if blank
            else _remove_box(name + "remove", id_ + "remove", labels["remove"], err(key + "remove"), row.get("remove"))
        )
        parts.append(f"    <td>{remove}</td>\n  </tr>\n")
        return Markup("".join(parts))

    def group(self, group: dict, messages: dict, line_values: dict) -> Markup:
        """A group's lines (I.n or II) and, under an action or the administrative costs, the blank row for a
        new line, each after a line break and indented, as the template's loop placed them (a Jinja call a row
        cost as much as the row); `line_values` are the live estimate's, by the row's number."""
        rows = [self(row, messages, line_values.get(str(row["index"]))) for row in group["rows"]]
        if group["key"] != "":
            blank = {"index": group["blank"], "action": group["key"], "year_values": {}}
            blank.update({"name": "", "unit": "", "quantity": "", "unit_cost": "", "grant_part": ""})
            rows.append(self(blank, messages, blank=True))
        return Markup("".join(f"\n          {row}" for row in rows))

    @staticmethod
    def _amount(name: str, id_: str, key: str, field: str, label: str, value, err) -> str:
        return _cell(
            name + field,
            id_ + field.replace(".", "-"),
            label,
            value,
            err(key + field),
            inputmode=DECIMAL,
            class_="short",
        )


def _no_messages(_name: str) -> None:
    return None
