"""The offer pages' navigation (grants.offers.step_nav, one Python call) is the markup the `step_nav` macro wrote,
byte for byte: the current part, each state of a draft's step, the pages without a state (attachments, summary,
a submitted offer's steps), escaping, the words in each language."""

from pathlib import Path

import pytest

from grants.offers.step_nav import StepNav

MACRO = (Path(__file__).parent / "step_nav_macro.jinja").read_text() + "{{ step_nav(nav) }}"


def _item(key, label, *, current=False, state=None, words=None):
    item = {"key": key, "label": label, "url": f"/ngo/offers/7/steps/{key}?a=1&b=<2>", "current": current}
    if state is not None or key != "summary":  # the extra pages carry no state at all
        item.update(state=state, state_words=words)
    return item


NAVS = [
    [],
    [_item("call", "I. Podstawowe informacje", current=True), _item("summary", "Podsumowanie")],
    [
        _item("plan", 'III.4. Plan "<i>" & co', state="done", words="gotowe"),
        _item("costs", "V.A. Kosztorys", current=True, state="errors", words="do <poprawy>"),
        _item("sources", "V.B. Źródła", state="not_started", words="nie zaczęte"),
        _item("summary", "Podsumowanie i złożenie"),
    ],
]


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
@pytest.mark.parametrize("nav", NAVS)
def test_the_python_navigation_is_the_macros(app, lang, nav):
    macro = app.jinja_env.from_string(MACRO)
    with app.test_request_context(f"/?lang={lang}"):
        assert StepNav(nav).html() == macro.render(nav=nav)


def test_the_offer_pages_print_the_navigation(client, login, ngo_user, draft):
    offer = draft()
    login(ngo_user)
    for path in (f"/ngo/offers/{offer['id']}/steps/costs", f"/ngo/offers/{offer['id']}/summary"):
        page = client.get(path).get_data(as_text=True)
        assert page.count('<nav class="step-nav" aria-label="Części oferty">') == 1
        assert f'<a href="/ngo/offers/{offer["id"]}/steps/costs"' in page
