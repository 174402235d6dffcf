"""The NGO's small grant (art. 19a) in a real browser with JavaScript on: the form keeps each cost line's value
and the totals live while typing and autosaves; at 390 px the list, the form and the confirmation page do
not scroll sideways (the cost table scrolls inside its own box)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.real_db, pytest.mark.real_clock]

PASSWORD = "oko-demo-2027"


def sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_load_state("domcontentloaded")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_form_sums_live_autosaves_and_fits_390_px(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "geko-pro@ngo.example")
    page.goto(f"{live_server}/ngo/")
    page.get_by_role("link", name="Mały grant (art. 19a)").click()
    page.wait_for_url(re.compile(r"/ngo/small-grants/$"))
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Nowy mały grant").click()
    page.wait_for_url(re.compile(r"/new$"))
    page.select_option("#f-office_id", index=1)
    if page.locator("#f-organization_id").input_value() == "":
        page.select_option("#f-organization_id", index=1)
    page.fill("#f-title", "Podwórkowe lato")
    page.get_by_role("button", name="Utwórz wersję roboczą").click()
    page.wait_for_url(re.compile(r"/ngo/small-grants/\d+$"))
    assert no_sideways_scroll(page)

    page.fill("#f-cost_items-0-name", "Animator")
    page.fill("#f-cost_items-0-quantity", "12")
    page.fill("#f-cost_items-0-unit_cost", "150,50")
    page.fill("#f-cost_items-0-grant_part", "1000")
    expect(page.locator("output[data-line-total='0']")).to_have_text("1\u00a0806,00\u00a0zł")
    expect(page.locator("[data-figure='total_cost']")).to_have_text("1\u00a0806,00\u00a0zł")
    expect(page.locator("[data-figure='requested_grant']")).to_have_text("1\u00a0000,00\u00a0zł")
    expect(page.locator("#autosave-status")).to_contain_text("Zapisano automatycznie", timeout=20000)
    page.reload()
    expect(page.locator("#f-cost_items-0-unit_cost")).to_have_value("150.50")  # autosaved

    page.get_by_role("button", name="Zapisz i przejdź do złożenia").click()
    expect(page.locator("#problems")).to_contain_text("Oferty nie można jeszcze złożyć")
    assert no_sideways_scroll(page)

    # The demo's small grants of the organisation (submitted, published, accepted) read at 390 px as well.
    page.goto(f"{live_server}/ngo/small-grants/")
    hrefs = page.eval_on_selector_all("#small-grants a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 2
    for href in hrefs:
        page.goto(live_server + href)
        assert no_sideways_scroll(page), href
