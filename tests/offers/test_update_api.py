"""The update (aktualizacja) of an offer awarded less than it asked for, through the API: PUT
/api/v1/offers/{id}/update. The grant equals the award, its share of the total cost does not rise above the
offer's, results are reduced only with a note, all within the call's window (Annex 1/3 of Dz.U. 2018 poz.
2057; the window's end moved off Saturdays, Sundays and holidays, KC art. 115)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants.clock import warsaw_date, warsaw_midnight
from grants.extensions import db
from grants.offers.control import control_sum
from grants.offers.models import Offer
from tests.helpers import make_user
from tests.offers.update_helpers import lines, update_body


def _put(awarded, body, user=None):
    client = awarded.flow.as_(user or awarded.lower.user)
    return client.put(f"/api/v1/offers/{awarded.lower.id}/update", json=body)


def test_an_update_to_the_award_is_a_new_frozen_version_and_the_current_one(awarded):
    before = db.session.get(Offer, awarded.lower.id).current_version
    response = _put(awarded, update_body())
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["requested_grant"] == "12000.00"
    assert data["total_cost"] == "14020.00"
    assert data["version"] == before.number + 1
    offer = db.session.get(Offer, awarded.lower.id)
    version = offer.current_version
    assert version.number == data["version"] and version.control_sum == data["control_sum"]
    assert control_sum(version.document) == version.control_sum  # anyone can re-check it
    assert version.document["update"] == {"award": "12000.00", "baseline_version": before.number, "results_note": ""}
    assert version.requested_grant == Decimal("12000.00")
    assert before.control_sum != version.control_sum
    state = awarded.flow.as_(awarded.lower.user).get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    assert state["state"] == "updated" and state["version"] == version.number
    from grants.audit.models import AuditEntry

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "offer.update_to_award"))
    assert entry is not None and entry.entity_id == awarded.lower.id


def test_the_grant_must_equal_the_award(awarded):
    body = update_body()
    body["cost_items"][3]["grant_part"] = "1980.01"
    response = _put(awarded, body)
    assert response.status_code == 422
    assert "requested_grant" in response.get_json()["fields"]


def _share_body(admin_quantity, admin_cost, admin_grant, books_quantity, books_cost, own_financial):
    """Grant 8 510,00; the share of the offer is 17 020 / 19 520 = 851 / 976."""
    return update_body(
        cost_items=lines(
            (0, "Wynagrodzenie lektora", "70", "100.00", "6500.00"),
            (1, "Podręczniki", books_quantity, books_cost, books_cost if books_quantity == "1" else "1510.00"),
            ("admin", "Koordynacja", admin_quantity, admin_cost, admin_grant),
        ),
        own_financial=own_financial,
        own_non_financial_in_kind="1000.00",
    )


@pytest.fixture
def awarded_8510(flow, committee, offers):
    """Results with the second offer awarded 8 510,00 zł: 8 510 / 9 760 is exactly the offer's share."""
    from tests.review.helpers import full_sheet

    flow.ready(offers)
    for offer in offers:
        for user in (committee.chair, committee.m1, committee.m2):
            flow.score(user, offer.id, full_sheet())
    full, lower, rejected = offers
    response = flow.officer.post(
        f"/api/v1/calls/{flow.call.id}/decision",
        json={"awards": [{"offer_id": full.id, "amount": "17020.00"}, {"offer_id": lower.id, "amount": "8510.00"}]},
    )
    assert response.status_code == 201, response.get_json()
    assert flow.officer.post(f"/api/v1/calls/{flow.call.id}/results/publish").status_code == 200
    from types import SimpleNamespace

    return SimpleNamespace(flow=flow, call=flow.call, full=full, lower=lower, rejected=rejected)


def test_the_grant_share_may_equal_the_offers_share_exactly(awarded_8510):
    # 6 500 + 1 510 + 500 = 8 510 of 7 000 + 1 510 + 1 250 = 9 760: 87,19… % both times, to the last digit.
    body = _share_body("5", "250.00", "500.00", "20", "75.50", "250.00")
    response = _put(awarded_8510, body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["total_cost"] == "9760.00"


def test_a_grant_share_one_grosz_above_the_offers_is_refused(awarded_8510):
    # The same grant of 9 759,99: the share rises by a hair, and that is refused (422 naming grant_share).
    body = _share_body("5", "250.00", "500.01", "1", "1509.99", "249.99")
    response = _put(awarded_8510, body)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["fields"]) == ["grant_share"]


def test_reduced_results_need_a_note(awarded):
    body = update_body(
        results=[{"name": "Uczestnicy, którzy ukończyli kurs", "target_value": "20 osób", "monitoring": "listy"}]
    )
    response = _put(awarded, body)
    assert response.status_code == 422
    assert "results_note" in response.get_json()["fields"]
    response = _put(awarded, {**body, "results_note": "Mniej godzin kursu — jedna grupa zamiast dwóch."})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["results_note"].startswith("Mniej godzin")


def test_raised_results_need_no_note(awarded):
    body = update_body(
        results=[{"name": "Uczestnicy, którzy ukończyli kurs", "target_value": "40 osób", "monitoring": "listy"}]
    )
    assert _put(awarded, body).status_code == 200


def test_fields_outside_the_update_are_refused_by_name(awarded):
    response = _put(awarded, update_body(title="Inny tytuł", task_end="2099-01-01"))
    assert response.status_code == 422
    assert {"title", "task_end"} <= set(response.get_json()["fields"])


def test_bad_input_names_the_field(awarded):
    body = update_body()
    body["cost_items"][0]["unit_cost"] = "sto"
    response = _put(awarded, body)
    assert response.status_code == 422 and "cost_items.0.unit_cost" in response.get_json()["fields"]
    response = _put(awarded, {**update_body(), "results_note": 5})
    assert response.status_code == 422 and "results_note" in response.get_json()["fields"]


def test_the_window_ends_on_the_next_working_day_and_a_late_update_is_refused(awarded, after_deadline):
    state = awarded.flow.as_(awarded.lower.user).get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    assert state["state"] == "due"
    published = warsaw_date(awarded.call.submission_deadline + timedelta(hours=1))
    last_day = date.fromisoformat(state["last_day"])
    assert last_day >= published + timedelta(days=7)
    assert last_day.weekday() < 5  # KC art. 115: never a Saturday or Sunday
    # The last second of the last day is still in time …
    closes = warsaw_midnight(last_day + timedelta(days=1))
    after_deadline.move_to(closes - timedelta(seconds=1))
    assert (
        awarded.flow.as_(awarded.lower.user).get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()["state"]
        == "due"
    )
    # … midnight after it is late: 409, and the state the officer sees is "missed".
    after_deadline.move_to(closes)
    response = _put(awarded, update_body())
    assert response.status_code == 409 and response.get_json()["error"] == "update_closed"
    state = awarded.flow.officer.get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    assert state["state"] == "missed"


def test_an_offer_awarded_in_full_needs_no_update(awarded):
    client = awarded.flow.as_(awarded.full.user)
    response = client.put(f"/api/v1/offers/{awarded.full.id}/update", json=update_body())
    assert response.status_code == 409 and response.get_json()["error"] == "update_not_required"
    response = awarded.flow.as_(awarded.rejected.user).put(
        f"/api/v1/offers/{awarded.rejected.id}/update", json=update_body()
    )
    assert response.status_code == 409 and response.get_json()["error"] == "no_award"


def test_another_organisation_gets_404_and_the_officer_403(awarded):
    response = _put(awarded, update_body(), user=awarded.full.user)
    assert response.status_code == 404
    stranger = make_user("obca@ngo.example", "Obca Osoba")
    assert _put(awarded, update_body(), user=stranger).status_code == 404
    response = awarded.flow.officer.put(f"/api/v1/offers/{awarded.lower.id}/update", json=update_body())
    assert response.status_code == 403
    assert awarded.flow.api().put(f"/api/v1/offers/{awarded.lower.id}/update", json=update_body()).status_code == 401


def test_no_update_after_the_contract(awarded, make_contract):
    make_contract(awarded.lower.id)
    response = _put(awarded, update_body())
    assert response.status_code == 409 and response.get_json()["error"] == "contract_exists"


def test_not_a_json_object_is_refused_without_a_500(awarded):
    client = awarded.flow.as_(awarded.lower.user)
    response = client.client.put(
        f"/api/v1/offers/{awarded.lower.id}/update",
        data="[1]",
        content_type="application/json",
        headers=client._headers(),
    )
    assert response.status_code in (400, 422)
