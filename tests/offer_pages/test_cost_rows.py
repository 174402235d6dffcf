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
