"""A small grant's contract through /api/v1 (API.md, "Small grants": an accepted one gets a contract through
POST /api/v1/offers/{id}/contract with the small grant's id; art. 19a ust. 5 of the Act): drawn up from the
frozen simplified offer (Dz.U. 2018 poz. 2055) with no call and no award, numbered and with the parties
from the office's contract settings like a competition's, and every refusal."""

from decimal import Decimal

import pytest

from grants.contracts.models import Contract
from settlement.deadlines import final_report_due
from tests.contracts.helpers import today, two_tranches
from tests.contracts.small_grant_helpers import SMALL_GRANT, make_small_grant, tranches_for


@pytest.fixture
def office_settings(db, office):
    office.case_sign, office.contract_number_pattern = "CDO-RIPS", "{case_sign}.525.{seq}.{year}"
    office.representatives = [{"full_name": "Jan Prezydent", "function": "Zastępca Prezydenta Miasta"}]
    office.treasurer, office.contract_place = "Maria Skarbnik", "Opole"
    db.session.commit()
    return office


def _draw(client, small_grant_id, expect=201, **body):
    body.setdefault("tranches", tranches_for())
    response = client.post(f"/api/v1/offers/{small_grant_id}/contract", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_art_19a_ust_5_an_accepted_small_grant_gets_a_contract_like_a_competitions(
    db, api, officer, office_settings, org
):
    small_grant = make_small_grant(db, office_settings, org)
    created = _draw(api(officer), small_grant.id)
    assert created["number"] == f"CDO-RIPS.525.1.{today().year}" and created["status"] == "draft"
    contract = api(officer).get(f"/api/v1/contracts/{created['id']}").get_json()
    assert contract["offer_id"] == small_grant.id and contract["call_id"] is None
    assert contract["grant"] == str(SMALL_GRANT)
    assert contract["form"] == "wspieranie"  # the default when the body names none
    assert contract["cost_shift_tolerance_percent"] == "10.00"  # OKO's default for a small grant
    assert [i["name"] for i in contract["cost_items"]] == ["Materiały plastyczne", "Animator", "Piknik"]
    assert [i["grant_part"] for i in contract["cost_items"]] == ["3000.00", "4000.00", "1000.00"]
    assert all(i["action"] == "" and i["kind"] == "" for i in contract["cost_items"])
    assert contract["task_start"] == small_grant.task_start.isoformat()
    assert contract["task_end"] == small_grant.task_end.isoformat()
    # Own financial contribution: the organisation's money and the other sources (poz. 2055 III).
    assert contract["own_financial"] == "600.00" and contract["own_non_financial"] == "500.00"
    assert contract["office_representatives"] == office_settings.representatives
    assert contract["treasurer"] == "Maria Skarbnik" and contract["place"] == "Opole"
    assert contract["organization_representatives"] == org.representatives
    assert contract["bank_account"] == org.bank_account
    assert contract["reporting_dates"] == [
        {"kind": "final", "due_date": final_report_due(small_grant.task_end).isoformat()}
    ]
    row = db.session.get(Contract, created["id"])
    assert row.call_id is None and row.award_id is None
    assert row.offer_version_id == small_grant.offer.current_version_id
    second = _draw(api(officer), small_grant.id, expect=409)
    assert second["error"] == "contract_exists"


def test_the_form_and_the_tolerance_from_the_body_and_signing_at_once(db, api, officer, office, org):
    small_grant = make_small_grant(db, office, org)
    created = _draw(
        api(officer),
        small_grant.id,
        form="powierzanie",
        cost_shift_tolerance_percent="15",
        signed_on=today().isoformat(),
    )
    assert created["status"] == "signed"
    contract = api(officer).get(f"/api/v1/contracts/{created['id']}").get_json()
    assert contract["form"] == "powierzanie" and contract["cost_shift_tolerance_percent"] == "15.00"


def test_numbers_run_on_with_the_competitions_contracts_of_the_office(db, api, officer, office, org, make_org):
    first = make_small_grant(db, office, org)
    second = make_small_grant(db, office, make_org("Stowarzyszenie Sąsiedzi"))
    numbers = [_draw(api(officer), sg.id)["number"] for sg in (first, second)]
    assert [int(n.split(".")[-2]) for n in numbers] == [1, 2]


@pytest.mark.parametrize("status", ["submitted", "published", "refused", "withdrawn"])
def test_art_19a_ust_5_only_an_accepted_small_grant_gets_a_contract(db, api, officer, office, org, status):
    small_grant = make_small_grant(db, office, org, status=status)
    refused = _draw(api(officer), small_grant.id, expect=409)
    assert refused["error"] == "not_accepted"
    assert Contract.query.count() == 0


def test_refusals_by_who_asks_and_by_the_body(db, api, officer, other_officer, office, org, ngo_user):
    small_grant = make_small_grant(db, office, org)
    draft = make_small_grant(db, office, org, status="draft")
    assert _draw(api(officer), draft.id, expect=404)["error"] == "not_found"  # the office never sees drafts
    assert _draw(api(other_officer), small_grant.id, expect=404)["error"] == "not_found"
    assert _draw(api(ngo_user), small_grant.id, expect=403)["error"] == "forbidden"
    assert api().post(f"/api/v1/offers/{small_grant.id}/contract", json={"tranches": tranches_for()}).status_code == 401
    short = _draw(api(officer), small_grant.id, expect=422, tranches=tranches_for(SMALL_GRANT - Decimal("0.01")))
    assert short["error"] == "validation" and "tranches" in short["fields"]
    bad = _draw(api(officer), small_grant.id, expect=422, form="darowizna", cost_shift_tolerance_percent="abc")
    assert set(bad["fields"]) >= {"form", "cost_shift_tolerance_percent"}
    assert Contract.query.count() == 0


def test_the_form_of_a_small_grants_draft_may_change_until_it_is_signed(db, api, officer, office, org):
    small_grant = make_small_grant(db, office, org)
    created = _draw(api(officer), small_grant.id)
    url = f"/api/v1/contracts/{created['id']}"
    changed = api(officer).patch(url, json={"form": "powierzanie"})
    assert changed.status_code == 200 and changed.get_json()["form"] == "powierzanie"
    refused = api(officer).patch(url, json={"form": "darowizna"})
    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"form"}
    assert api(officer).post(f"{url}/sign", json={}).status_code == 200
    assert api(officer).patch(url, json={"form": "wspieranie"}).get_json()["error"] == "not_draft"


def test_a_competitions_draft_keeps_the_calls_form(awarded):
    created = awarded.flow.officer.post(
        f"/api/v1/offers/{awarded.full.id}/contract", json={"tranches": two_tranches(), "form": "powierzanie"}
    )
    assert created.status_code == 201, created.get_json()
    url = f"/api/v1/contracts/{created.get_json()['id']}"
    assert awarded.flow.officer.get(url).get_json()["form"] == "wspieranie"
    assert awarded.flow.officer.patch(url, json={"form": "powierzanie"}).get_json()["form"] == "wspieranie"
