"""After the results: the organisation's resignation, the office's record of a resignation when no update
came in time, and moving the freed money to the next offer of the ranking that was not funded. The published
results stay as issued; each change is a new record shown beside them."""

from datetime import timedelta

import pytest

from grants.clock import warsaw_midnight
from grants.extensions import db
from grants.review.awards import standing_award
from grants.review.models import ResultsPublication
from tests.helpers import make_staff


def _late(awarded, after_deadline):
    state = awarded.flow.officer.get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    from datetime import date

    after_deadline.move_to(warsaw_midnight(date.fromisoformat(state["last_day"]) + timedelta(days=1)))


def test_the_organisation_resigns_and_its_award_no_longer_stands(awarded):
    client = awarded.flow.as_(awarded.lower.user)
    response = client.post(f"/api/v1/offers/{awarded.lower.id}/resign", json={"note": "Brak wkładu własnego."})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["kind"] == "resignation" and response.get_json()["amount"] == "12000.00"
    assert standing_award(awarded.lower.id) is None
    assert standing_award(awarded.full.id).amount == 12000 + 5020
    again = client.post(f"/api/v1/offers/{awarded.lower.id}/resign")
    assert again.status_code == 409 and again.get_json()["error"] == "already_resigned"
    update = client.put(f"/api/v1/offers/{awarded.lower.id}/update", json={})
    assert update.status_code == 409 and update.get_json()["error"] == "resigned"


def test_resigning_after_a_contract_is_refused(awarded, make_contract):
    make_contract(awarded.full.id)
    response = awarded.flow.as_(awarded.full.user).post(f"/api/v1/offers/{awarded.full.id}/resign")
    assert response.status_code == 409 and response.get_json()["error"] == "contract_exists"


def test_resign_refusals_by_role_and_organisation(awarded):
    assert awarded.flow.officer.post(f"/api/v1/offers/{awarded.lower.id}/resign").status_code == 403
    assert awarded.flow.as_(awarded.full.user).post(f"/api/v1/offers/{awarded.lower.id}/resign").status_code == 404
    response = awarded.flow.as_(awarded.rejected.user).post(f"/api/v1/offers/{awarded.rejected.id}/resign")
    assert response.status_code == 409 and response.get_json()["error"] == "no_award"
    response = awarded.flow.as_(awarded.lower.user).post(f"/api/v1/offers/{awarded.lower.id}/resign", json={"note": 5})
    assert response.status_code == 422 and "note" in response.get_json()["fields"]


def test_the_office_records_a_resignation_only_after_the_window(awarded, after_deadline):
    url = f"/api/v1/offers/{awarded.lower.id}/resignation"
    response = awarded.flow.officer.post(url)
    assert response.status_code == 409 and response.get_json()["error"] == "update_window_open"
    full = awarded.flow.officer.post(f"/api/v1/offers/{awarded.full.id}/resignation")
    assert full.status_code == 409 and full.get_json()["error"] == "update_not_missed"
    assert awarded.flow.as_(awarded.lower.user).post(url).status_code == 403  # the office's act
    _late(awarded, after_deadline)
    response = awarded.flow.officer.post(url, json={"note": "Brak aktualizacji w terminie."})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["lapsed"] is True
    state = awarded.flow.officer.get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    assert state["state"] == "resigned"


def test_another_offices_officer_gets_404(awarded, committee):
    from grants.offices.models import Office

    elsewhere = Office.query.filter_by(slug="wroclaw").one()
    stranger = make_staff("referent@wroclaw.example", "officer", elsewhere, "Obcy Referent")
    client = awarded.flow.as_(stranger)
    assert client.post(f"/api/v1/offers/{awarded.lower.id}/resignation").status_code == 404
    assert client.post(f"/api/v1/calls/{awarded.call.id}/move-money").status_code == 404
    assert client.get(f"/api/v1/calls/{awarded.call.id}/awards").status_code == 404


def test_moving_money_to_the_next_offer_keeps_the_results_as_issued(awarded):
    url = f"/api/v1/calls/{awarded.call.id}/move-money"
    response = awarded.flow.officer.post(url)
    assert response.status_code == 409 and response.get_json()["error"] == "no_money_to_move"
    awarded.flow.as_(awarded.lower.user).post(f"/api/v1/offers/{awarded.lower.id}/resign")
    assert awarded.flow.as_(awarded.lower.user).post(url).status_code == 403
    wrong = awarded.flow.officer.post(url, json={"offer_id": awarded.full.id})
    assert wrong.status_code == 422 and "offer_id" in wrong.get_json()["fields"]
    too_much = awarded.flow.officer.post(url, json={"amount": "12000.01"})
    assert too_much.status_code == 422 and "amount" in too_much.get_json()["fields"]
    response = awarded.flow.officer.post(url, json={"amount": "12000.00", "note": "Środki po rezygnacji."})
    assert response.status_code == 201, response.get_json()
    moved = response.get_json()
    assert moved["offer_id"] == awarded.rejected.id and moved["from_offer_id"] == awarded.lower.id
    assert standing_award(awarded.rejected.id).amount == 12000
    # The results as published are unchanged; the change is listed beside them.
    publication = db.session.scalar(db.select(ResultsPublication))
    assert {i["offer_id"]: i["funded"] for i in publication.items}[awarded.rejected.id] is False
    results = awarded.flow.api().get(f"/api/v1/calls/{awarded.call.id}/results").get_json()
    assert [c["kind"] for c in results["changes"]] == ["resignation", "reallocation"]
    assert {i["offer_id"]: i["funded"] for i in results["items"]}[awarded.rejected.id] is False
    # The new award is lower than asked: that offer's update is due now, from the move.
    overview = awarded.flow.officer.get(f"/api/v1/calls/{awarded.call.id}/awards").get_json()
    states = {i["offer_id"]: i["state"] for i in overview["items"]}
    assert states == {awarded.full.id: "not_required", awarded.lower.id: "resigned", awarded.rejected.id: "due"}
    assert overview["free"] == "0.00"
    again = awarded.flow.officer.post(url)
    assert again.status_code == 409 and again.get_json()["error"] == "no_money_to_move"


@pytest.mark.parametrize("body", [{"amount": "abc"}, {"amount": "-5"}, {"offer_id": "x"}, {"note": ["a"]}])
def test_move_money_bad_input_is_a_422(awarded, body):
    awarded.flow.as_(awarded.lower.user).post(f"/api/v1/offers/{awarded.lower.id}/resign")
    response = awarded.flow.officer.post(f"/api/v1/calls/{awarded.call.id}/move-money", json=body)
    assert response.status_code == 422, response.get_json()


def _contract(awarded, offer_id, amount):
    due = (awarded.call.task_start - timedelta(days=5)).isoformat()
    return awarded.flow.officer.post(
        f"/api/v1/offers/{offer_id}/contract", json={"tranches": [{"amount": amount, "due_date": due}]}
    )


def test_the_contract_follows_the_update_the_resignation_and_the_moved_money(awarded):
    from tests.offers.update_helpers import update_body

    # The lower award: no contract until the update, then one on the updated version.
    response = _contract(awarded, awarded.lower.id, "12000.00")
    assert response.status_code == 409 and response.get_json()["error"] == "update_required"
    assert (
        awarded.flow.as_(awarded.lower.user)
        .put(f"/api/v1/offers/{awarded.lower.id}/update", json=update_body())
        .status_code
        == 200
    )
    response = _contract(awarded, awarded.lower.id, "12000.00")
    assert response.status_code == 201, response.get_json()
    # The full award resigns: no contract for it; its money goes to the next offer, which updates first.
    awarded.flow.as_(awarded.full.user).post(f"/api/v1/offers/{awarded.full.id}/resign")
    response = _contract(awarded, awarded.full.id, "17020.00")
    assert response.status_code == 409 and response.get_json()["error"] == "no_award"
    moved = awarded.flow.officer.post(f"/api/v1/calls/{awarded.call.id}/move-money", json={"amount": "12000.00"})
    assert moved.status_code == 201, moved.get_json()
    response = _contract(awarded, awarded.rejected.id, "12000.00")
    assert response.status_code == 409 and response.get_json()["error"] == "update_required"
    assert (
        awarded.flow.as_(awarded.rejected.user)
        .put(f"/api/v1/offers/{awarded.rejected.id}/update", json=update_body())
        .status_code
        == 200
    )
    response = _contract(awarded, awarded.rejected.id, "12000.00")
    assert response.status_code == 201, response.get_json()
    # The office's decision reads as the awards stand; the published results as issued.
    decision = awarded.flow.officer.get(f"/api/v1/calls/{awarded.call.id}/decision").get_json()
    assert len(decision["versions"]) == 3


def test_the_ranking_keeps_the_competition_version_after_an_update(awarded):
    from tests.offers.update_helpers import update_body

    before = awarded.flow.officer.get(f"/api/v1/calls/{awarded.call.id}/ranking").get_json()
    awarded.flow.as_(awarded.lower.user).put(f"/api/v1/offers/{awarded.lower.id}/update", json=update_body())
    after = awarded.flow.officer.get(f"/api/v1/calls/{awarded.call.id}/ranking").get_json()
    assert after == before  # 17 020,00 requested, as in the competition — not the update's 12 000,00
