"""What people do, in a real browser: the public reads a call; an officer drafts and publishes one and
is told on the deadline field when it is too short (art. 13 ust. 1)."""

from datetime import datetime, timedelta

import pytest

from grants.clock import WARSAW

# A live server thread serves the pages (real commits, seen by its own sessions); chromium keeps the real time.
pytestmark = [pytest.mark.browser, pytest.mark.real_db, pytest.mark.real_clock]


def test_public_reads_the_open_call(live_server, page):
    page.goto(f"{live_server}/calls")
    link = page.get_by_role("link", name="Integracja cudzoziemców w Opolu", exact=False)
    link.first.click()
    assert "Kursy języka polskiego dla cudzoziemców" in page.content()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Integracja cudzoziemców w Opolu")


def test_officer_drafts_publishes_and_sees_the_21_day_rule(live_server, page):
    page.goto(f"{live_server}/login")
    page.fill("#email", "referat@opole.example")
    page.fill("#password", "oko-demo-2027")
    page.get_by_role("button", name="Zaloguj").click()
    page.goto(f"{live_server}/office/calls/new")
    soon = (datetime.now(WARSAW) + timedelta(days=10)).replace(hour=15, minute=30)
    page.fill("#f-title", "Punkt informacyjny dla cudzoziemców")
    page.fill("#f-task_type", "Działalność na rzecz integracji cudzoziemców")
    page.fill("#f-description", "Dyżury w języku polskim, ukraińskim, rosyjskim i angielskim.")
    page.fill("#f-budget_total", "60 000,00")
    page.fill("#f-task_start", (soon + timedelta(days=40)).date().isoformat())
    page.fill("#f-task_end", (soon + timedelta(days=200)).date().isoformat())
    page.fill("#f-submission_deadline", soon.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-selection_deadline", (soon + timedelta(days=20)).date().isoformat())
    page.get_by_role("button", name="Zapisz projekt ogłoszenia").click()
    assert "Punkt informacyjny dla cudzoziemców" in page.inner_text("h1")
    page.get_by_role("button", name="Opublikuj ogłoszenie").click()
    summary = page.locator(".error-summary")
    assert "art. 13 ust. 1" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#f-submission_deadline") or "submission_deadline" in page.url
