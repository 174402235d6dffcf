"""The live estimate's box of the costs and sources steps (grants.offers.estimate_box, one Python call) is the
markup the `estimate_box` macro wrote, byte for byte: with and without the administrative costs (sources),
the call's cap on them or none, the sums' messages, escaping, the words in each language."""

from pathlib import Path

import pytest

from grants.offers.estimate_box import estimate_box

MACRO = (Path(__file__).parent / "estimate_box_macro.jinja").read_text()
CALL = MACRO + "{{ estimate_box(live, messages, admin=admin) }}"
FIGURES = (
    "total_cost",
    "requested_grant",
    "own_contribution",
    "own_contribution_percent",
    "actions_total",
    "admin_total",
    "admin_percent",
    "grant_percent",
)
MESSAGES = {"requested_grant": ["Za <dużo>", "& więcej"], "admin_costs": ["Limit"], "own_contribution": ["Mało"]}


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
@pytest.mark.parametrize("admin", [True, False])
@pytest.mark.parametrize("cap", [None, "Limit <10 %> & więcej"])
@pytest.mark.parametrize("messages", [{}, MESSAGES])
def test_the_python_box_is_the_macros_box(app, lang, admin, cap, messages):
    figures = {name: f"1\xa0{n}00,00\xa0zł <{name}>" for n, name in enumerate(FIGURES)}
    live = {"figures": {**figures, **({"admin_cap": cap} if cap else {})}, "line_values": {}}
    macro = app.jinja_env.from_string(CALL)
    with app.test_request_context(f"/?lang={lang}"):
        assert estimate_box(live, messages, admin=admin) == macro.render(live=live, messages=messages, admin=admin)
