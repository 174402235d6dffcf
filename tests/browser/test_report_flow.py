"""The report in a real browser with JavaScript on (art. 18; Annex 5): the office returns the demo's submitted
final report with a note; the NGO's form keeps the sums live while a cost line is typed, autosaves, and the
corrected report goes through the confirmation step as version 2."""

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


def test_the_office_returns_a_report_and_the_ngo_corrects_it_with_live_sums(live_server, page):
    sign_in(page, live_server, "geko-pro@ngo.example")
    page.goto(f"{live_server}/ngo/contracts")
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.getAttribute('href'))")
    page.goto(live_server + next(h for h in hrefs if h and re.fullmatch(r"/ngo/contracts/\d+", h)))
    page.get_by_role("link", name=re.compile("Sprawozdanie końcowe")).first.click()
    report_url = page.url
    assert re.search(r"/reports/\d+$", report_url)

    office = page.context.browser.new_context(locale="pl-PL").new_page()
    office.set_default_timeout(15000)
    sign_in(office, live_server, "referat@opole.example")
    office.goto(report_url)
    office.get_by_label("Zwróć do poprawy").check()
    office.fill("#f-note", "Uzupełnij koszt lektora o fakturę z grudnia.")
    office.get_by_role("button", name="Zapisz ocenę").click()
    expect(office.locator("#review-note")).to_contain_text("fakturę z grudnia")

    page.goto(report_url + "/edit")
    total = page.locator("output[data-sum-out='actual_total']")
    before = total.inner_text()
    field = page.locator("#f-expenses-0-actual_total")
    old = field.input_value()
    whole, _, cents = old.replace(" ", "").replace(",", ".").partition(".")
    field.fill(f"{int(whole) + 100},{(cents or '00')[:2].ljust(2, '0')}")
    expect(total).not_to_have_text(before)  # the sum follows the typing
    expect(page.locator("#autosave-status")).to_contain_text("Zapisano automatycznie", timeout=20000)
    page.get_by_role("button", name="Zapisz i przejdź do złożenia").click()
    page.get_by_role("button", name="Potwierdzam — złóż sprawozdanie").click()
    expect(page.locator("#versions")).to_contain_text("2")
    office.goto(report_url)
    expect(office.locator("#changed-parts")).to_contain_text("Wydatki")
