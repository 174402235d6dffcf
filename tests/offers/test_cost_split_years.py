"""V.C of a joint offer for a task over several calendar years: each offeror's part split by year, like the
cost lines of V.A (Annex 1 of Dz.U. 2018 poz. 2057: "Razem / Rok 1 / Rok 2 / Rok 3"; the per-year columns of
V.C are [M] in shared/docs/forms-2018.md)."""

import re

from tests.documents.pdf import flat, pdf_text
from tests.helpers import TASK_YEAR
from tests.offer_pages.helpers import client_for, step_url
from tests.web.pages import errors_at, form_data, parse

Y1, Y2 = str(TASK_YEAR), str(TASK_YEAR + 1)


def _joint_multi_year(api, ngo_user, other_ngo_user, other_org, make_call, draft):
    call = make_call(
        publish=True,
        form="powierzanie",
        own_contribution_min_percent=None,
        task_start=f"{TASK_YEAR}-09-01",
        task_end=f"{TASK_YEAR + 1}-06-30",
    )
    items = [
        {
            "action": 0,
            "name": "Lektor",
            "unit": "h",
            "quantity": "100",
            "unit_cost": "100.00",
            "grant_part": "10000.00",
            "year_values": {Y1: "4000.00", Y2: "6000.00"},
        }
    ]
    offer = draft(
        call=call,
        task_start=f"{TASK_YEAR}-09-01",
        task_end=f"{TASK_YEAR + 1}-06-30",
        cost_items=items,
        own_financial="0",
        own_non_financial_in_kind="0",
        partners_actions="Partner prowadzi zajęcia w drugim roku.",
    )
    url = f"/api/v1/offers/{offer['id']}"
    assert api(ngo_user).patch(url, json={"partners": [other_org.id]}).status_code == 200
    assert api(other_ngo_user).post(f"{url}/partners/{other_org.id}/confirm").status_code == 200
    return offer, url


def test_each_offerors_part_is_split_by_year_and_adds_up(
    api, ngo_user, other_ngo_user, other_org, make_call, draft, run_jobs, officer
):
    offer, url = _joint_multi_year(api, ngo_user, other_ngo_user, other_org, make_call, draft)
    lead = api(ngo_user)
    split = [
        {"organization_id": offer["organization_id"], "amount": "7000.00"},
        {"organization_id": other_org.id, "amount": "3000.00"},
    ]
    body = lead.patch(url, json={"cost_split": split}).get_json()
    assert "cost_split.0.year_values" in body["problems"] and "cost_split.1.year_values" in body["problems"]
    split[0]["year_values"] = {Y1: "4000.00", Y2: "2000.00"}  # 6 000,00, not the part's 7 000,00
    split[1]["year_values"] = {Y2: "3000.00"}
    body = lead.patch(url, json={"cost_split": split}).get_json()
    [mismatch] = body["problems"]["cost_split.0.year_values"]
    assert "dają 6\xa0000,00\xa0zł" in mismatch and "7\xa0000,00\xa0zł" in mismatch
    assert "cost_split.1.year_values" not in body["problems"]
    refused = lead.post(f"{url}/submit")
    assert refused.status_code == 422 and "cost_split.0.year_values" in refused.get_json()["fields"]
    split[0]["year_values"] = {Y1: "4000.00", Y2: "3000.00"}
    body = lead.patch(url, json={"cost_split": split}).get_json()
    assert body["problems"] == {}, body["problems"]
    assert [row["year_values"] for row in body["cost_split"]] == [{Y1: "4000.00", Y2: "3000.00"}, {Y2: "3000.00"}]
    assert lead.post(f"{url}/submit").status_code == 200
    frozen = api(officer).get(url).get_json()  # the office reads the split as submitted
    assert [row["year_values"] for row in frozen["cost_split"]] == [{Y1: "4000.00", Y2: "3000.00"}, {Y2: "3000.00"}]

    # The PDF's V.C: Razem and a column per year, the sum of all costs last.
    job = lead.post("/api/v1/documents", json={"kind": "offer", "object_id": offer["id"]}).get_json()["job_id"]
    run_jobs()
    pdf = lead.get(lead.get(f"/api/v1/documents/{job}").get_json()["url"])
    text = flat(pdf_text(pdf.data))
    section = text[text.index("V.C Podział kosztów") : text.index("VI. Inne informacje")]
    assert f"Rok 1 ({Y1})" in section and f"Rok 2 ({Y2})" in section
    assert re.search(r"Oferent 1: Fundacja GEKO 7 000,00 4 000,00 3 000,00", section), section
    assert re.search(r"Oferent 2: Stowarzyszenie Inne 3 000,00 — 3 000,00", section), section
    assert re.search(r"Suma wszystkich kosztów realizacji zadania 10 000,00 4 000,00 6 000,00", section), section


def test_the_offerors_step_has_a_column_per_year(app, api, ngo_user, other_ngo_user, other_org, make_call, draft, db):
    offer, _url = _joint_multi_year(api, ngo_user, other_ngo_user, other_org, make_call, draft)
    browser = client_for(app, ngo_user)
    page = browser.get(step_url(offer["id"], "offerors"))
    headers = parse(page).xpath('//div[@id="f-cost_split"]//thead//th/text()')
    assert headers[-2:] == [f"Rok {Y1} [zł]", f"Rok {Y2} [zł]"]
    data = form_data(page, "/steps/offerors")
    data.update({"cost_split.0.amount": "7000", "cost_split.1.amount": "3000"})
    data.update({f"cost_split.0.year_values.{Y1}": "4000", f"cost_split.0.year_values.{Y2}": "2000"})
    data.update({f"cost_split.1.year_values.{Y2}": "3000"})
    saved = browser.post(step_url(offer["id"], "offerors"), data=data, follow_redirects=True)
    assert "dają 6\xa0000,00\xa0zł" in " ".join(errors_at(saved, "f-cost_split-0-year_values"))
    from grants.offers.models import Offer

    db.session.expire_all()
    stored = db.session.get(Offer, offer["id"]).content["cost_split_years"]
    assert stored == {str(offer["organization_id"]): {Y1: "4000.00", Y2: "2000.00"}, str(other_org.id): {Y2: "3000.00"}}
    # The whole-offer view on the summary shows the same columns.
    summary = parse(browser.get(f"/ngo/offers/{offer['id']}/summary"))
    whole = summary.xpath('//details[contains(@class, "whole-offer")]//table[.//th[contains(., "Rok")]]//th/text()')
    assert f"Rok {Y1} [zł]" in whole and f"Rok {Y2} [zł]" in whole
