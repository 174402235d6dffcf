"""The update (aktualizacja), the resignation and moved money in the browser, without JavaScript: the NGO's
"Zaktualizuj ofertę" on its offer, the one-page form prefilled from the current version with the award, the
deadline and the server's sums ("Przelicz" saves nothing), "Rezygnuję" with a confirmation; the office's
states on the results page, the diff of an update, recording a resignation and moving the money."""

from datetime import date, timedelta

from grants.clock import warsaw_midnight
from grants.extensions import db
from grants.offers.models import Offer
from grants.review.awards import standing_award
from tests.web.pages import element, errors_at, form_data, parse, value_of


def _versions(offer_id):
    db.session.expire_all()
    return len(db.session.get(Offer, offer_id).versions)


def _typed(data: dict) -> dict:
    """The update of tests/offers/update_helpers.py, typed into the prefilled form."""
    data = dict(data)
    data["cost_items.0.quantity"] = "70"
    data["cost_items.0.grant_part"] = "7000,00"
    data["cost_items.3.quantity"] = "8"
    data["cost_items.3.grant_part"] = "1980,00"
    data["own_financial"] = "20,00"
    return data


def test_the_ngo_updates_its_offer_in_the_browser(awarded, web):
    client = web(awarded.lower.user)
    summary = client.get(f"/ngo/offers/{awarded.lower.id}/summary")
    assert summary.status_code == 200
    assert element(summary, "update-link").get("href") == f"/ngo/offers/{awarded.lower.id}/update"
    assert element(summary, "resign-link") is not None
    page = client.get(f"/ngo/offers/{awarded.lower.id}/update")
    assert page.status_code == 200
    assert "12\xa0000,00" in element(page, "award").text_content()
    assert element(page, "update-deadline").text_content().strip()
    assert value_of(page, "f-cost_items-0-quantity") == "120"  # prefilled from the current version
    data = _typed(form_data(page, "/update"))
    # "Przelicz": the sums of what was typed, nothing saved.
    before = _versions(awarded.lower.id)
    recalculated = client.post(f"/ngo/offers/{awarded.lower.id}/update", data={**data, "go": "recalc"})
    assert recalculated.status_code == 200
    assert "14\xa0020,00" in element(recalculated, "sum-total").text_content()
    assert "12\xa0000,00" in element(recalculated, "sum-grant").text_content()
    assert _versions(awarded.lower.id) == before
    # A grosz off the award: refused at the sums, what was typed stays on the page.
    wrong = client.post(
        f"/ngo/offers/{awarded.lower.id}/update", data={**data, "cost_items.3.grant_part": "1980,01", "go": "submit"}
    )
    assert wrong.status_code == 422
    assert errors_at(wrong, "f-requested_grant")
    assert value_of(wrong, "f-cost_items-3-grant_part") == "1980,01"
    assert _versions(awarded.lower.id) == before
    done = client.post(f"/ngo/offers/{awarded.lower.id}/update", data={**data, "go": "submit"})
    assert done.status_code == 302
    assert _versions(awarded.lower.id) == before + 1
    summary = client.get(f"/ngo/offers/{awarded.lower.id}/summary")
    assert "zaktualizowana" in element(summary, "award-update").text_content()


def test_reduced_results_without_a_note_are_refused_on_the_page(awarded, web):
    client = web(awarded.lower.user)
    data = _typed(form_data(client.get(f"/ngo/offers/{awarded.lower.id}/update"), "/update"))
    data["results.0.target_value"] = "20 osób"
    response = client.post(f"/ngo/offers/{awarded.lower.id}/update", data={**data, "go": "submit"})
    assert response.status_code == 422
    assert errors_at(response, "f-results_note")
    response = client.post(
        f"/ngo/offers/{awarded.lower.id}/update", data={**data, "results_note": "Jedna grupa mniej.", "go": "submit"}
    )
    assert response.status_code == 302


def test_the_update_page_refusals(awarded, web, officer):
    assert web(awarded.full.user).get(f"/ngo/offers/{awarded.lower.id}/update").status_code == 404
    assert web(officer).get(f"/ngo/offers/{awarded.lower.id}/update").status_code == 403
    full = web(awarded.full.user).get(f"/ngo/offers/{awarded.full.id}/update")
    assert full.status_code == 200 and element(full, "update-closed") is not None
    assert not parse(full).xpath('//button[@value="submit"]')  # nothing to submit
    late = web(awarded.full.user).post(f"/ngo/offers/{awarded.full.id}/update", data={"go": "submit"})
    assert late.status_code == 409  # awarded in full: nothing to update
    assert "nie jest potrzebna" in element(late, "update-message").text_content()


def test_the_ngo_resigns_after_confirming(awarded, web):
    client = web(awarded.lower.user)
    page = client.get(f"/ngo/offers/{awarded.lower.id}/resign")
    assert page.status_code == 200
    unconfirmed = client.post(f"/ngo/offers/{awarded.lower.id}/resign", data={**form_data(page), "note": "Brak kadry."})
    assert unconfirmed.status_code == 422 and errors_at(unconfirmed, "f-confirm")
    assert value_of(unconfirmed, "f-note") == "Brak kadry."
    assert standing_award(awarded.lower.id) is not None
    done = client.post(f"/ngo/offers/{awarded.lower.id}/resign", data={**form_data(page), "confirm": "yes"})
    assert done.status_code == 302
    assert standing_award(awarded.lower.id) is None
    summary = client.get(f"/ngo/offers/{awarded.lower.id}/summary")
    assert "rezygnację" in element(summary, "award-update").text_content()


def test_the_office_sees_states_records_a_resignation_and_moves_the_money(awarded, web, officer, after_deadline):
    client = web(officer)
    results = client.get(f"/calls/{awarded.call.id}/results")
    assert element(results, f"award-{awarded.lower.id}").get("data-state") == "due"
    assert element(results, f"award-{awarded.full.id}").get("data-state") == "not_required"
    # The public sees the results without the office's part.
    assert not parse(web(awarded.rejected.user).get(f"/calls/{awarded.call.id}/results")).xpath(
        '//*[@id="awards-office"]'
    )
    state = awarded.flow.officer.get(f"/api/v1/offers/{awarded.lower.id}/update").get_json()
    after_deadline.move_to(warsaw_midnight(date.fromisoformat(state["last_day"]) + timedelta(days=1)))
    client = web(officer)  # a week later: a new sign-in
    results = client.get(f"/calls/{awarded.call.id}/results")
    assert element(results, f"award-{awarded.lower.id}").get("data-state") == "missed"
    response = client.post(
        f"/office/offers/{awarded.lower.id}/resignation",
        data=form_data(results, f"/offers/{awarded.lower.id}/resignation"),
    )
    assert response.status_code == 302
    results = client.get(f"/calls/{awarded.call.id}/results")
    assert element(results, f"award-{awarded.lower.id}").get("data-state") == "resigned"
    assert value_of(results, "f-amount") == "12000,00"
    move = form_data(results, "/move-money")
    too_much = client.post(f"/office/calls/{awarded.call.id}/move-money", data={**move, "amount": "12000,01"})
    assert too_much.status_code == 422 and errors_at(too_much, "f-amount")
    assert value_of(too_much, "f-amount") == "12000,01"
    moved = client.post(f"/office/calls/{awarded.call.id}/move-money", data=move)
    assert moved.status_code == 302
    assert standing_award(awarded.rejected.id).amount == 12000
    public = web(awarded.rejected.user).get(f"/calls/{awarded.call.id}/results")
    assert "rezygnacja" in element(public, "results-changes").text_content()
    # The NGO's side: moved money in full asks no update.
    summary = web(awarded.rejected.user).get(f"/ngo/offers/{awarded.rejected.id}/summary")
    assert element(summary, "award-update") is not None


def test_the_office_reads_the_diff_of_an_update(awarded, web, officer):
    awarded.flow.as_(awarded.lower.user).put(
        f"/api/v1/offers/{awarded.lower.id}/update",
        json=__import__("tests.offers.update_helpers", fromlist=["x"]).update_body(),
    )
    client = web(officer)
    results = client.get(f"/calls/{awarded.call.id}/results")
    assert element(results, f"award-{awarded.lower.id}").get("data-state") == "updated"
    diff = client.get(f"/office/offers/{awarded.lower.id}/update")
    assert diff.status_code == 200
    costs = element(diff, "diff-costs").text_content()
    assert "120" in costs and "70" in costs
    assert "zmiana" in costs
    assert web(awarded.lower.user).get(f"/office/offers/{awarded.lower.id}/update").status_code == 403
    assert client.get(f"/office/offers/{awarded.full.id}/update").status_code == 404  # no update
