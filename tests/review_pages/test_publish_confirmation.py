"""Announcing the results is irreversible, so the page first says what will happen (issue 11): what is
published, the publication dates, who is mailed, that the call is resolved, until when the justification may
be asked; nothing is published until the confirming POST. Bad dates are refused at their field first."""

import pytest

from grants.audit.log import entries_for
from grants.review import queries
from tests.review_pages.helpers import scored
from tests.web.pages import element, errors_at, form_data, parse, text


@pytest.fixture
def ranked(flow, offers):
    flow.ready(offers[:2])
    scored(flow, offers[:2], users=(flow.c.chair, flow.c.m1, flow.c.m2))
    return offers


def _decided(web, officer, flow, ranked):
    office = web(officer)
    page = office.get(f"/office/calls/{flow.call.id}/decision")
    assert office.post(f"/office/calls/{flow.call.id}/decision", data=form_data(page, "/decision")).status_code == 302
    return office, office.get(f"/review/calls/{flow.call.id}/ranking")


def test_the_confirmation_says_what_will_happen_and_publishes_nothing(web, officer, flow, ranked):
    office, page = _decided(web, officer, flow, ranked)
    assert "pokaże, co zostanie ogłoszone" in element(page, "publish-hint").text_content()
    confirm = office.post(f"/office/calls/{flow.call.id}/results/publish", data=form_data(page, "/results/publish"))
    assert confirm.status_code == 200
    effects = " ".join(element(confirm, "publish-effects").text_content().split())
    assert "e-mail z wynikiem" in effects and "rozstrzygnięty" in effects and "art. 15 ust. 2i" in effects
    assert "BIP" in effects or "Biuletyn" in effects
    assert "nie można cofnąć" in text(confirm)
    assert len(parse(confirm).xpath('//table[@id="publish-funded"]/tbody/tr')) >= 1
    assert queries.results_publication(flow.call.id) is None
    assert not any(e.action == "results.publish" for e in entries_for("call", flow.call.id))
    # the confirming form carries the dates as typed and publishes
    done = office.post(f"/office/calls/{flow.call.id}/results/publish", data=form_data(confirm, "/results/publish"))
    assert done.status_code == 302
    assert queries.results_publication(flow.call.id) is not None


def test_a_date_in_the_future_is_refused_before_the_confirmation(web, officer, flow, ranked):
    office, page = _decided(web, officer, flow, ranked)
    data = form_data(page, "/results/publish")
    data["publications.0.published_at"] = "2099-01-01T10:00"
    refused = office.post(f"/office/calls/{flow.call.id}/results/publish", data=data)
    assert refused.status_code == 422
    assert errors_at(refused, "f-publications")
    assert queries.results_publication(flow.call.id) is None


def test_without_a_decision_the_step_is_refused(web, officer, flow, ranked):
    refused = web(officer).post(f"/office/calls/{flow.call.id}/results/publish", data={})
    assert refused.status_code == 409 and "Najpierw zapisz decyzję" in text(refused)
