"""Annex 1 III.6 (additional information on results) is required unless the call waives it (footnote 3 of
Dz.U. 2018 poz. 2057: the organ may drop it when the kind of task does not allow results to be stated)."""

from tests.helpers import TASK_YEAR
from tests.offer_pages.helpers import step_url
from tests.web.pages import element, form_data, parse


def test_the_call_asks_for_iii6_by_default_and_the_officer_may_waive_it(api, officer, make_call):
    call = make_call()
    client = api(officer)
    assert client.get(f"/api/v1/calls/{call.id}").get_json()["results_table_required"] is True
    bad = client.patch(f"/api/v1/calls/{call.id}", json={"results_table_required": "maybe"})
    assert bad.status_code == 422 and "results_table_required" in bad.get_json()["fields"]
    waived = client.patch(f"/api/v1/calls/{call.id}", json={"results_table_required": False})
    assert waived.status_code == 200 and waived.get_json()["results_table_required"] is False


def test_the_call_form_offers_the_choice_with_its_footnote(client, login, officer, make_call):
    call = make_call()
    login(officer)
    page = client.get(f"/office/calls/{call.id}/edit")
    assert parse(page).xpath('//input[@name="results_table_required"][@value="true"][@checked]')
    assert "Przypis 3 do wzoru oferty" in page.get_data(as_text=True)
    data = form_data(page)
    data["results_table_required"] = "false"
    assert client.post(f"/office/calls/{call.id}/edit", data=data).status_code == 302
    page = client.get(f"/office/calls/{call.id}/edit")
    assert parse(page).xpath('//input[@name="results_table_required"][@value="false"][@checked]')


def test_an_offer_without_results_is_refused_unless_the_call_waived_them(
    api, ngo_user, officer, org, make_call, draft, client, login
):
    required = make_call(publish=True, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15")
    waived = make_call(
        publish=True, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15", results_table_required=False
    )
    refused = api(ngo_user).post(f"/api/v1/offers/{draft(call=required, results=[])['id']}/submit")
    assert refused.status_code == 422 and "results" in refused.get_json()["fields"]
    offer = draft(call=waived, results=[])
    login(ngo_user)
    step = client.get(step_url(offer["id"], "results"))
    assert "nie jest wymagana" in element(step, "results-optional").text_content()
    rule = element(client.get(step_url(offer["id"], "call")), "results-table-rule").text_content()
    assert rule.startswith("niewymagane")
    accepted = api(ngo_user).post(f"/api/v1/offers/{offer['id']}/submit")
    assert accepted.status_code == 200, accepted.get_json()
    # Rows given anyway must still be whole.
    half = draft(call=waived, results=[{"name": "Uczestnicy", "target_value": "", "monitoring": ""}])
    refused = api(ngo_user).post(f"/api/v1/offers/{half['id']}/submit")
    assert refused.status_code == 422 and "results.0.target_value" in refused.get_json()["fields"]
