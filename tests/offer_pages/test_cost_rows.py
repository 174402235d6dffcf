"""The costs step's rows (grants.offers.cost_rows, one Python call a row) are the markup the form's shared
macros write — `cell`, `remove_box`, `field_errors`, `fid` — byte for byte: with and without messages, the
year columns of a task over several years, the blank row, offer.js's template row, escaping. A change to those
macros (an attribute for accessibility, say) fails here until the Python rows follow it."""

import itertools
from pathlib import Path

import pytest

from grants.offers.cost_rows import CostRows

# The row as templates/offers/steps/costs.html drew it through the macros until the rows became Python.
MACRO = (Path(__file__).parent / "cost_row_macro.jinja").read_text()
ROWS = """{% from "_macros/forms.html" import field_errors, fid %}
{% from "offers/_macros.html" import cell, remove_box %}
{{ rows(row, messages, line_value, blank=blank) }}"""

ACTIONS = [{"name": "Kurs A1"}, {"name": "Bardzo długa nazwa działania, dłuższa niż czterdzieści znaków <b>&"}]
FIELDS = ("action", "name", "unit", "quantity", "unit_cost", "grant_part", "remove", "year_values")


def _cases():
    choices = (([], [2027, 2028]), (7, "__INDEX__"), ("", "1", "admin", "9"), ("none", "some", "all"))
    for years, index, action, shown, remove, blank in itertools.product(*choices, (False, True), (False, True)):
        names = [f"cost_items.{index}.{field}" for field in FIELDS] + [f"cost_items.{index}.year_values.2027"]
        chosen = {"none": [], "some": names[::3], "all": names}[shown]
        row = {
            "index": index,
            "action": action,
            "name": 'Koszt "a" <b>',
            "unit": None,
            "quantity": "10",
            "unit_cost": "1,5",
            "grant_part": "",
            "year_values": {"2027": "5"} if years else None,
            "remove": remove,
        }
        yield {
            "row": row,
            "years": years,
            "messages": {name: ["Błąd <x>", "Drugi"] for name in chosen},
            "line_value": "1\xa0000,00\xa0zł" if remove else "",
            "blank": blank,
        }


@pytest.mark.parametrize(("lang", "label"), [("pl", "Rodzaj kosztu"), ("uk", "Вид витрат")])
def test_the_python_rows_are_the_macros_rows(app, lang, label):
    macro, python = app.jinja_env.from_string(MACRO), app.jinja_env.from_string(ROWS)
    with app.test_request_context(f"/?lang={lang}"):
        for case in _cases():
            wanted = macro.render(actions=ACTIONS, **case)
            assert python.render(rows=CostRows(ACTIONS, case["years"]), **case) == wanted, case
            assert label in wanted


# A group of the table as templates/offers/steps/costs.html drew it with a Jinja call a row (its lines, then the
# blank row under an action or the administrative costs), and as it draws it now.
GROUP_LOOP = (Path(__file__).parent / "cost_group_loop.jinja").read_text()
GROUP_CALL = """<tbody>
        <tr class="group-row"><th>{{ group['lp'] }}</th></tr>
        {#- the group's lines #}
        {{- cost_rows.group(group, messages, live['line_values']) }}
        <tr class="sum-row">"""


def _line(index, action):
    return {"index": index, "action": action, "name": f"Koszt {index} <b>", "unit": "h", "quantity": "2"}


@pytest.mark.parametrize("years", [[], [2027, 2028]])
@pytest.mark.parametrize(
    "group",
    [
        {"key": "0", "lp": "I.1", "rows": [_line(0, "0"), _line(3, "0")], "blank": 5},
        {"key": "1", "lp": "I.2", "rows": [], "blank": 6},
        {"key": "admin", "lp": "II", "rows": [_line(4, "admin")], "blank": 7},
        {"key": "", "lp": "—", "rows": [_line(1, "9"), _line(2, "")], "blank": 8},
    ],
)
def test_a_group_of_python_rows_is_the_template_loops_group(app, group, years):
    old, new = app.jinja_env.from_string(GROUP_LOOP), app.jinja_env.from_string(GROUP_CALL)
    for row in group["rows"]:
        row.update(unit_cost="1,5", grant_part="", year_values={"2027": "1"} if years else None)
    live = {"line_values": {"0": "3,00\xa0zł", "4": "1\xa0000,00\xa0zł"}}
    messages = {"cost_items.3.name": ["Błąd <x>"], "cost_items.5.unit": ["Pusty"]}
    with app.test_request_context("/?lang=uk"):
        rows = CostRows(ACTIONS, years)
        for shown in ({}, messages):
            context = {"group": group, "messages": shown, "live": live, "cost_rows": rows}
            assert new.render(**context) == old.render(**context)
