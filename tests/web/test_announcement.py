"""The announcement written in Python (grants.calls.announcement.announcement_html) is the markup the
`announcement` macro wrote (tests/web/announcement_macro.jinja), byte for byte: in every language, on the
public page (no errors) and the office's (errors, with and without the link to correct them), for every
optional part of the announcement and for texts that need escaping."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from grants.calls.announcement import announcement_html, publications_html

MACRO = (Path(__file__).parent / "announcement_macro.jinja").read_text()
ATTRIBUTES = [
    "office",
    "form",
    "task_type",
    "description",
    "budget_total",
    "grant_min",
    "grant_max",
    "award_rules",
    "own_contribution_min_percent",
    "admin_costs_max_percent",
    "cost_shift_tolerance_percent",
    "task_start",
    "task_end",
    "task_conditions",
    "submission_deadline",
    "selection_procedure",
    "max_total_points",
    "min_total_points",
    "aggregation",
    "evaluators_per_offer",
    "correction_days",
    "update_days",
    "selection_deadline",
    "same_type_tasks",
    "tie_break",
    "allow_half_points",
    "partial_last",
]
TRICKY = "Zadanie <b>\"A & B\"</b> '1'"
PRIORITY = SimpleNamespace(
    code="P<1>", name="Integracja & edukacja", programme_id=7, programme=SimpleNamespace(title=TRICKY, year=2027)
)
ERRORS = {"description": ["Podaj opis <b>zadania</b>."], "criteria": ["Za mało kryteriów.", "Suma & minimum"]}


def _criterion(source, **changes):
    values = {name: getattr(source, name) for name in ("name", "code", "advisory", "max_points", "min_points")}
    return SimpleNamespace(**{**values, **changes})


def _variants(call):
    """The call as made, then calls that take every other branch of the announcement."""
    base = {name: getattr(call, name) for name in ATTRIBUTES}
    base.update(priority=None, announcement_act_number=None, announcement_act_date=None)
    criteria = [_criterion(c) for c in call.criteria]
    organ = SimpleNamespace(organ_name="Prezydent Miasta <Opola>", name="Referat & Centrum")
    no_organ = SimpleNamespace(organ_name="", name='Urząd "Gminy"')
    yield {**base, "criteria": criteria}
    yield {
        **base,
        "office": organ,
        "priority": PRIORITY,
        "announcement_act_number": "12/2027 <x>",
        "announcement_act_date": date(2027, 1, 2),
        "grant_max": None,
        "admin_costs_max_percent": None,
        "evaluators_per_offer": 3,
        "update_days": 7,
        "min_total_points": None,
        "task_type": TRICKY,
        "description": TRICKY,
        "criteria": [_criterion(criteria[0], advisory=True, min_points=250, name=TRICKY), *criteria[1:]],
    }
    yield {
        **base,
        "office": no_organ,
        "announcement_act_number": "7/2027",
        "grant_min": None,
        "own_contribution_min_percent": None,
        "award_rules": TRICKY,
        "same_type_tasks": TRICKY,
        "criteria": [_criterion(c, code=None, min_points=100) for c in criteria],
    }
    yield {
        **base,
        "office": no_organ,
        "grant_min": None,
        "grant_max": None,
        "own_contribution_min_percent": None,
        "admin_costs_max_percent": None,
        "correction_days": None,
        "allow_half_points": True,
        "criteria": [],
    }


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_the_python_announcement_is_the_macros(app, open_call, lang):
    macro = app.jinja_env.from_string(MACRO).module.announcement
    states = [
        (None, None),
        ({}, None),
        ({}, "/office/calls/1/edit"),
        (ERRORS, None),
        (ERRORS, "/office/calls/1/e?x=<1>"),
    ]
    with app.test_request_context(f"/calls/{open_call.id}?lang={lang}"):
        app.preprocess_request()
        written = []
        for variant in _variants(open_call):
            call = SimpleNamespace(**variant)
            for errors, edit_url in states:
                wanted = macro(call, errors=errors, edit_url=edit_url)
                assert announcement_html(call, errors=errors, edit_url=edit_url) == wanted
                written.append(wanted)
    everything = "".join(written)
    assert len(written) == 20 and everything.count('<section class="announcement"') == 20
    assert "&lt;b&gt;&#34;A &amp; B&#34;" in everything and 'id="f-criteria-error"' in everything
    assert '<a href="/office/calls/1/e?x=&lt;1&gt;#f-description">' in everything
    assert 'href="/programmes/7"' in everything and "<dd>3</dd>" in everything


def test_the_call_page_prints_the_announcement_once(client, open_call):
    page = client.get(f"/calls/{open_call.id}").get_data(as_text=True)
    assert page.count('<section class="announcement"') == 1 and page.count('<h3 id="item-') == 7
    assert 'id="f-description"' not in page  # the office's anchors are the office's


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_the_python_publications_are_the_macros(app, open_call, lang):
    macro = app.jinja_env.from_string(MACRO).module.publications
    published = [SimpleNamespace(channel=p.channel, published_at=p.published_at) for p in open_call.publications]
    assert len(published) == 3
    unknown = SimpleNamespace(channel='tablica <ogłoszeń> & "BIP"', published_at=open_call.published_at)
    with app.test_request_context(f"/calls/{open_call.id}?lang={lang}"):
        app.preprocess_request()
        for publications in (published, [*published, unknown], []):
            call = SimpleNamespace(publications=publications)
            assert publications_html(call) == macro(call)
        assert "tablica &lt;ogłoszeń&gt; &amp; &#34;BIP&#34;" in publications_html(
            call := SimpleNamespace(publications=[unknown])
        )
        assert publications_html(SimpleNamespace(publications=[])) == ""
