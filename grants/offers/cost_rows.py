"""The rows of the costs step (V.A) as HTML, written by one Python call a row.

A draft of 20 cost lines drew 24 rows (with the blank row under each action and offer.js's template), each
through a dozen Jinja macro calls (a cell, its id, its messages): half the page's CPU (issue 13: the form
step, p95 < 60 ms). The markup, whitespace included, is what templates/offers/steps/costs.html's macros
wrote (`cell`, `remove_box`, `field_errors` and `fid` of templates/offers/_macros.html and
templates/_macros/forms.html), so the page is the same byte for byte; the labels and the actions' options
are worded once a page instead of once a row.
"""

from flask import current_app
from flask_babel import gettext as _
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

# The numeric cells: offer.js and the phone keyboards read inputmode="decimal".
DECIMAL = 'inputmode="decimal"'


def _fid(name: str) -> str:
    """The control's id (the `fid` macro): f-<the dotted name with dashes>."""
    return "f-" + escape(name.replace(".", "-"))


def _errors(id_: str, messages) -> str:
    """The `field_errors` macro: the control's messages, or nothing."""
    if not messages:
        return ""
    return f'<ul class="errors" id="{id_}-error">' + "".join(f"<li>{escape(m)}</li>" for m in messages) + "</ul>"


def _cell(name: str, label: str, value, messages: dict, *, inputmode: str = "", class_: str = "") -> str:
    """The `cell` macro (one text input of a row), as the row's line wrote it."""
    err = messages.get(name) if messages else None
    id_ = _fid(name)
    shown = escape(value) if value is not None else ""
    invalid = f'aria-invalid="true" aria-describedby="{id_}-error"' if err else 'aria-invalid="false" '
    return (
        f'      <td class="{class_}{" has-error" if err else ""}" data-field="{escape(name)}">\n'
        f'    <label class="visually-hidden" for="{id_}">{label}</label>\n'
        f"    {_errors(id_, err)}\n"
        f'    <input type="text" id="{id_}" name="{escape(name)}" value="{shown}"\n'
        f"{inputmode}            {invalid}>\n"
        "  </td>\n\n"
    )


def _remove_box(index, label: str, messages: dict, checked) -> str:
    """The `remove_box` macro: the "remove this line" tick."""
    name = f"cost_items.{index}.remove"
    err = messages.get(name) if messages else None
    id_ = _fid(name)
    invalid = f'aria-invalid="true" aria-describedby="{id_}-error"' if err else ""
    return (
        f'  <div class="remove-row{" has-error" if err else ""}" data-field="{escape(name)}">\n'
        f"    {_errors(id_, err)}\n"
        f'    <input type="checkbox" id="{id_}" name="{escape(name)}" value="on" data-remove-row '
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

    @staticmethod
    def _amount(name: str, label: str, value, messages: dict) -> str:
        return _cell(name, label, value, messages, inputmode=DECIMAL, class_="short")

    def __call__(self, row: dict, messages: dict, line_value="", blank: bool = False) -> Markup:
        i, labels = row["index"], self.labels
        action = row.get("action")
        aname = f"cost_items.{i}.action"
        aerr = messages.get(aname)
        aid = _fid(aname)
        described = f'aria-describedby="{aid}-error"' if aerr else ""
        options = "".join(
            f'<option value="{value}" {"selected" if action == value else ""}>{text}</option>'
            for value, text in self.actions
        )
        parts = [
            f'  <tr id="f-cost_items-{escape(i)}" tabindex="-1" data-row data-row-index="{escape(i)}">\n',
            f'    <td class="{"has-error" if aerr else ""}" data-field="{escape(aname)}">\n',
            f'      <label class="visually-hidden" for="{aid}">{labels["action"]}</label>\n',
            f"      {_errors(aid, aerr)}\n",
            f'      <select id="{aid}" name="{escape(aname)}" data-action-select '
            f'aria-invalid="{"true" if aerr else "false"}" {described}>\n',
            f'        <option value="">{labels["choose"]}</option>\n',
            options,
            f'        <option value="admin" {"selected" if action == "admin" else ""}>{labels["admin"]}</option>\n',
            "      </select>\n    </td>\n",
            _cell(f"cost_items.{i}.name", labels["name"], row["name"], messages, class_="wide"),
            _cell(f"cost_items.{i}.unit", labels["unit"], row["unit"], messages),
            self._amount(f"cost_items.{i}.quantity", labels["quantity"], row["quantity"], messages),
            self._amount(f"cost_items.{i}.unit_cost", labels["unit_cost"], row["unit_cost"], messages),
            f'    <td class="num" data-label="{labels["value"]}"><output data-line-value="{escape(i)}" '
            f'aria-label="{labels["line_value"]}">{escape(line_value or "—")}</output></td>\n',
            self._amount(f"cost_items.{i}.grant_part", labels["grant_part"], row["grant_part"], messages),
        ]
        year_values = row.get("year_values") or {}
        for year in self.years:  # inside the template's loop: two spaces deeper
            name, value = f"cost_items.{i}.year_values.{year}", year_values.get(str(year), "")
            parts.append("  " + self._amount(name, self.year_labels[year], value, messages))
        yname = f"cost_items.{i}.year_values"
        if self.years and messages.get(yname):
            parts.append(f'<td class="has-error">{_errors(_fid(yname), messages.get(yname))}</td>')
        remove = "" if blank else _remove_box(i, labels["remove"], messages, row.get("remove"))
        parts.append(f"    <td>{remove}</td>\n  </tr>\n")
        return Markup("".join(parts))
