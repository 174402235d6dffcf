"""An NGO member, in a real browser with JavaScript on, fills a small offer for the demo's open call: the
live estimate changes while a cost line is typed (computed by the server), the step autosaves, and the
submitted offer's confirmation shows its control code."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from grants.clock import WARSAW

# A live server thread serves the pages (real commits, seen by its own sessions); chromium keeps the real time.
pytestmark = [pytest.mark.browser, pytest.mark.real_db, pytest.mark.real_clock]

MONEY_15000 = re.compile(r"^15\s000,00\szł$")
ORGANIZATION = "Fundacja Polski Bez Barier"


def next_step(page):
    page.get_by_role("button", name="Zapisz i przejdź dalej").click()
    page.wait_for_load_state("domcontentloaded")


def test_an_ngo_member_fills_and_submits_an_offer(live_server, page):
    year = datetime.now(WARSAW).year + 1  # the demo's open call runs its task in the next year
    page.goto(f"{live_server}/login")
    page.fill("#email", "geko-pro@ngo.example")
    page.fill("#password", "oko-demo-2027")
    page.get_by_role("button", name="Zaloguj").click()

    # A profile of its own, made through the page (whatever the demo data gives this person already).
    page.goto(f"{live_server}/ngo/organizations/new")
    page.fill("#f-name", ORGANIZATION)
    page.select_option("#f-legal_form", "fundacja")
    page.fill("#f-krs", "0000765432")
    page.fill("#f-address-street", "ul. Krakowska 12")
    page.fill("#f-address-postal_code", "45-068")
    page.fill("#f-address-city", "Opole")
    page.fill("#f-email", "biuro@geko-pro.example")
    page.fill("#f-bank_account", "61 1090 1014 0000 0712 1981 2874")
    page.fill("#f-representatives-0-full_name", "Olena Kovalenko")
    page.fill("#f-representatives-0-function", "prezeska zarządu")
    page.fill("#f-representation_rule", "prezeska samodzielnie")
    page.get_by_role("button", name="Zapisz profil organizacji").click()
    assert ORGANIZATION in page.inner_text("h1")

    # From the open call's page: "Złóż ofertę".
    page.goto(f"{live_server}/calls")
    page.get_by_role("link", name="Integracja cudzoziemców w Opolu", exact=False).first.click()
    page.get_by_role("link", name="Złóż ofertę").click()
    page.get_by_label(ORGANIZATION).check()
    page.fill("#f-title", "Polski bez barier")
    page.get_by_role("button", name="Utwórz wersję roboczą oferty").click()
    page.get_by_role("link", name="Zaczynam: II. Dane oferentów").click()

    page.fill("#f-contact-name", "Olena Kovalenko")
    page.fill("#f-contact-email", "olena@geko-pro.example")
    next_step(page)
    page.fill("#f-task_start", f"{year}-03-01")
    page.fill("#f-task_end", f"{year}-11-30")
    page.fill("#f-place", "Opole, ul. Armii Krajowej 12")
    page.fill("#f-target_group", "30 dorosłych cudzoziemców")
    page.fill("#f-summary", "Kurs języka polskiego w małych grupach.")
    next_step(page)
    page.fill("#f-actions-0-name", "Kurs A1")
    page.fill("#f-actions-0-description", "Zajęcia dwa razy w tygodniu")
    page.fill("#f-actions-0-target_group", "30 osób")
    page.fill("#f-actions-0-period", "marzec–listopad")
    next_step(page)
    page.fill("#f-expected_effects", "Uczestnicy porozumiewają się po polsku w codziennych sprawach.")
    page.fill("#f-results-0-name", "Osoby, które ukończyły kurs")
    page.fill("#f-results-0-target_value", "25 osób")
    page.fill("#f-results-0-monitoring", "listy obecności")
    next_step(page)
    page.fill("#f-experience", "Od 2016 r. prowadzimy kursy dla cudzoziemców.")
    page.fill("#f-resources", "Dwie lektorki i sala.")
    next_step(page)

    # V.A: the total follows the typing, computed by the server (nothing saved by hand yet).
    total = page.locator("#estimate [data-figure=total_cost]")
    expect(total).to_have_text(re.compile(r"^0,00\szł$"))
    page.fill("#f-cost_items-0-name", "Wynagrodzenie lektora")
    page.fill("#f-cost_items-0-unit", "godzina")
    page.fill("#f-cost_items-0-quantity", "100")
    page.fill("#f-cost_items-0-unit_cost", "150")
    expect(total).to_have_text(MONEY_15000)
    expect(page.locator('output[data-line-value="0"]')).to_have_text(MONEY_15000)
    page.fill("#f-cost_items-0-grant_part", "13500")
    grant = page.locator("#estimate [data-figure=requested_grant]")
    expect(grant).to_have_text(re.compile(r"^13\s500,00\szł$"))
    expect(page.locator("#autosave-status")).to_contain_text("Zapisano automatycznie o", timeout=15000)
    next_step(page)

    page.fill("#f-own_financial", "1500")
    share = page.locator("#estimate [data-figure=own_contribution_percent]")
    expect(share).to_have_text(re.compile(r"^10,00\s%$"))
    next_step(page)
    page.check("#f-paid_activity")  # the first option: nieodpłatnie
    next_step(page)
    page.check("#f-statements-tax_arrears")
    page.check("#f-statements-social_insurance_arrears")
    page.check("#f-statements-register")
    page.check("#f-statements-confirmed")
    next_step(page)

    assert "Załączniki" in page.inner_text("h1")
    page.get_by_role("link", name="Następna część →").click()
    assert "Oferta jest kompletna" in page.content()
    page.get_by_role("button", name="Złóż ofertę").click()
    # The confirmation page says what submitting does; its button submits.
    assert "Co stanie się po złożeniu" in page.content()
    page.get_by_role("button", name="Składam ofertę").click()

    code = page.locator("#control-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert "Oferta została złożona" in page.inner_text(".flashes")
    assert "Co dalej?" in page.content()
