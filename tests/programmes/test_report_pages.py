"""The yearly report in the browser, without JavaScript (art. 5a ust. 3): the officer's page with the figures,
an accessible SVG chart beside the same numbers in a table, the narrative form (what was typed stays on an
error), the due date of 31 May and its warning, "Opublikuj" behind a confirmation page; the public page of
the latest publication with the earlier ones listed."""

from datetime import datetime

import pytest
from freezegun import freeze_time

from grants.clock import WARSAW
from tests.helpers import PASSWORD, TASK_YEAR
from tests.programmes.report_helpers import hand_year  # noqa: F401  (a fixture)


@pytest.fixture
def web(app):
    def as_(user=None):
        client = app.test_client()
        if user is not None:
            response = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return as_


def _at_warsaw(day: str, hour: int = 12):
    return freeze_time(datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=WARSAW))


def _office_url(year, suffix=""):
    return f"/office/programmes/{year.programme.id}/report{suffix}"


def test_the_officers_page_shows_figures_chart_table_and_buttons(hand_year, web, officer):  # noqa: F811
    page = web(officer).get(_office_url(hand_year))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-figure="grants_awarded">2 · 29\u00a0020,00\u00a0zł' in html
    assert 'data-figure="returns">1 · 2\u00a0000,00\u00a0zł' in html
    assert 'data-figure="contracts.terminated">1' in html and 'data-figure="organizations">5' in html
    # the chart: an image with a title and a description naming every amount, and the same numbers in a table
    assert '<svg role="img" aria-labelledby="report-chart-title report-chart-desc"' in html
    assert "P1 — Integracja cudzoziemców: zaplanowano 50\u00a0000,00\u00a0zł; przyznano 29\u00a0020,00\u00a0zł" in html
    assert html.count('class="bar bar-') == 6 and '<tr data-priority="P2">' in html
    assert 'name="kind" value="programme_report"' in html and "report.xlsx" in html
    assert f"do 31 maja {TASK_YEAR + 1}" in html and 'id="late-warning"' not in html
    assert "Sprawozdanie można opublikować po zakończeniu roku programu." in html


def test_narrative_saved_and_kept_on_error(hand_year, web, officer):  # noqa: F811
    client = web(officer)
    form = {f"narrative.{p}": "" for p in ("introduction", "non_financial", "consultations", "evaluation")}
    form["narrative.conclusions"] = "x" * 20001
    form["narrative.introduction"] = "Program realizowano przez cały rok."
    refused = client.post(_office_url(hand_year), data={**form, "lock_version": "0"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="f-narrative-conclusions-error"' in html and "Program realizowano przez cały rok.</textarea>" in html
    form["narrative.conclusions"] = "Współpraca była owocna."
    saved = client.post(_office_url(hand_year), data={**form, "lock_version": "0"})
    assert saved.status_code == 302
    html = client.get(_office_url(hand_year)).get_data(as_text=True)
    assert "Współpraca była owocna.</textarea>" in html and 'name="lock_version" value="1"' in html
    stale = client.post(_office_url(hand_year), data={**form, "lock_version": "0"})
    assert stale.status_code == 409 and "Współpraca była owocna.</textarea>" in stale.get_data(as_text=True)


def test_who_may_see_the_pages(hand_year, web, officer, other_officer, ngo_user):  # noqa: F811
    assert web(other_officer).get(_office_url(hand_year)).status_code == 404
    assert web(ngo_user).get(_office_url(hand_year)).status_code == 403
    assert web().get(_office_url(hand_year)).status_code == 302  # to the login page
    assert web().get(f"/programmes/{hand_year.programme.id}/report").status_code == 404  # nothing published
    assert web(officer).get(f"/programmes/{hand_year.programme.id}/report").status_code == 404
    assert 'id="programme-report-link"' in web(officer).get(f"/office/programmes/{hand_year.programme.id}").get_data(
        as_text=True
    )
    assert 'id="programme-report-link"' not in web().get(f"/programmes/{hand_year.programme.id}").get_data(as_text=True)


def test_late_warning_then_publication_through_confirmation_and_a_correction(hand_year, web, officer, db):  # noqa: F811
    """Art. 5a ust. 3: due by 31 May of the year after; from 1 June the page warns until it is published."""
    with _at_warsaw(f"{TASK_YEAR + 1}-06-01", 0):
        client = web(officer)
        html = client.get(_office_url(hand_year)).get_data(as_text=True)
        assert 'id="late-warning"' in html
        confirm = client.get(_office_url(hand_year, "/publish"))
        assert confirm.status_code == 200
        text = confirm.get_data(as_text=True)
        assert "minął" in text and 'name="csrf_token"' in text
        done = client.post(_office_url(hand_year, "/publish"))
        assert done.status_code == 302 and done.headers["Location"].endswith(
            f"/programmes/{hand_year.programme.id}/report"
        )
        assert 'id="late-warning"' not in client.get(_office_url(hand_year)).get_data(as_text=True)
        client.post(_office_url(hand_year, "/publish"))  # a correction
    public = web().get(f"/programmes/{hand_year.programme.id}/report")
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert "Publikacja nr 2" in html and "Korekta wcześniejszych publikacji." in html
    assert 'name="csrf_token"' not in html  # cached public page: no form
    assert f"/documents/programmes/{hand_year.programme.id}/report" in html
    assert f"grants.360giving.json?year={TASK_YEAR}" in html
    earlier = web().get(f"/programmes/{hand_year.programme.id}/report/1").get_data(as_text=True)
    assert "To nie jest najnowsza publikacja." in earlier and "Publikacja nr 1 z" in earlier
    assert web().get(f"/programmes/{hand_year.programme.id}/report/7").status_code == 404
    # the programme's public page links the published report and the year's open data
    programme_page = web().get(f"/programmes/{hand_year.programme.id}").get_data(as_text=True)
    assert 'id="programme-report-link"' in programme_page and f"grants.360giving.csv?year={TASK_YEAR}" in programme_page
