"""The contract through /api/v1 (../shared/API.md, "After the award"): drawn up from an awarded offer (Annex 3),
signed, tranches paid, annexed, terminated or cancelled — and every refusal: another office (404), a party
or a committee member (403), the wrong state (409), bad input (422 naming the field)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from grants.contracts.models import Contract, ContractStatus
from settlement.deadlines import final_report_due
from tests.contracts.helpers import today, two_tranches, write_update
from tests.fixtures.contracts import FULL_GRANT, LOWER_GRANT
from tests.helpers import make_staff


def _draw(flow, offer_id, expect=201, **body):
    body.setdefault("tranches", two_tranches())
    response = flow.officer.post(f"/api/v1/offers/{offer_id}/contract", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_draw_up_copies_the_offer_and_numbers_from_the_office_pattern(awarded, db):
    from grants.offices.models import Office

    office = db.session.get(Office, awarded.call.office_id)
    office.case_sign, office.contract_number_pattern = "CDO-RIPS", "{case_sign}.525.{seq}.{year}"
    office.representatives = [{"full_name": "Jan Prezydent", "function": "Zastępca Prezydenta Miasta"}]
    office.treasurer, office.contract_place = "Maria Skarbnik", "Opole"
    db.session.flush()
    created = _draw(awarded.flow, awarded.full.id)
    year = today().year
    assert created["number"] == f"CDO-RIPS.525.1.{year}" and created["status"] == "draft"
    contract = awarded.flow.officer.get(f"/api/v1/contracts/{created['id']}").get_json()
    assert contract["grant"] == str(FULL_GRANT) and contract["offer_id"] == awarded.full.id
    assert contract["form"] == "wspieranie" and contract["cost_shift_tolerance_percent"] == "10.00"
    assert [t["amount"] for t in contract["tranches"]] == ["8510.00", "8510.00"]
    assert [t["n"] for t in contract["tranches"]] == [1, 2] and contract["tranches"][0]["paid_on"] is None
    assert [i["name"] for i in contract["cost_items"]][:2] == ["Wynagrodzenie lektora", "Podręczniki"]
    assert contract["cost_items"][0]["action"] == "Kurs A1" and contract["cost_items"][3]["kind"] == "admin"
    assert all(isinstance(i["id"], int) for i in contract["cost_items"])
    assert contract["own_financial"] == "500.00" and contract["own_non_financial"] == "2000.00"
    assert contract["office_representatives"] == office.representatives
    assert contract["treasurer"] == "Maria Skarbnik" and contract["place"] == "Opole"
    assert contract["organization_representatives"] == [
        {"full_name": "Marta Zielińska", "function": "prezeska zarządu"}
    ]
    # art. 18 ust. 1: the final report 30 days after the task ends, off a Saturday/holiday (KC art. 115)
    task_end = db.session.get(Contract, created["id"]).task_end
    assert contract["reporting_dates"] == [{"kind": "final", "due_date": final_report_due(task_end).isoformat()}]
    assert contract["reports"] == []
    second = _draw(awarded.flow, awarded.full.id, expect=409)
    assert second["error"] == "contract_exists"


def test_sequence_counts_per_office_and_year_and_cancelled_numbers_are_not_reused(awarded, db):
    write_update(db, awarded.lower, LOWER_GRANT)
    first = _draw(awarded.flow, awarded.full.id)
    cancelled = awarded.flow.officer.post(f"/api/v1/contracts/{first['id']}/cancel", json={"reason": "Rezygnacja."})
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    second = _draw(awarded.flow, awarded.lower.id, tranches=two_tranches(LOWER_GRANT))
    again = _draw(awarded.flow, awarded.full.id)
    sequences = [int(c["number"].split(".")[-2]) for c in (first, second, again)]
    assert sequences == [1, 2, 3]


def test_refusals_of_draw_up(awarded, db, api, other_officer):
    flow = awarded.flow
    assert _draw(flow, awarded.rejected.id, expect=409)["error"] == "no_award"
    assert _draw(flow, awarded.lower.id, expect=409)["error"] == "update_required"
    assert _draw(flow, 10**6, expect=404)["error"] == "not_found"
    refused = _draw(flow, awarded.full.id, expect=422, tranches=two_tranches(FULL_GRANT - Decimal("0.01")))
    assert "tranches" in refused["fields"]
    bad = _draw(
        flow,
        awarded.full.id,
        expect=422,
        tranches=[{"amount": "abc", "due_date": "2027-02-30"}, {"due_date": today().isoformat()}],
        cost_shift_tolerance_percent="120",
        signed_on=(today() + timedelta(days=1)).isoformat(),
    )
    assert set(bad["fields"]) >= {
        "tranches.0.amount",
        "tranches.0.due_date",
        "tranches.1.amount",
        "cost_shift_tolerance_percent",
    }
    late = two_tranches(first=today() + timedelta(days=3000))
    assert "tranches.0.due_date" in _draw(flow, awarded.full.id, expect=422, tranches=late)["fields"]
    empty = _draw(flow, awarded.full.id, expect=422, tranches=[])
    assert "tranches" in empty["fields"]
    body = {"tranches": two_tranches()}
    stranger = api(other_officer).post(f"/api/v1/offers/{awarded.full.id}/contract", json=body)
    assert stranger.status_code == 404
    ngo = api(awarded.full.user).post(f"/api/v1/offers/{awarded.full.id}/contract", json=body)
    assert ngo.status_code == 403
    assert api().post(f"/api/v1/offers/{awarded.full.id}/contract", json=body).status_code == 401
    assert Contract.query.count() == 0


def test_a_lower_grant_after_the_update_and_sign_on_creation(awarded, db):
    write_update(db, awarded.lower, LOWER_GRANT)
    created = _draw(awarded.flow, awarded.lower.id, tranches=two_tranches(LOWER_GRANT), signed_on=today().isoformat())
    assert created["status"] == "signed"
    contract = awarded.flow.officer.get(f"/api/v1/contracts/{created['id']}").get_json()
    assert contract["grant"] == "12000.00" and contract["signed_on"] == today().isoformat()
    assert contract["cost_items"][0]["grant_part"] == "6980.00"


def test_sign_pay_annex_terminate(awarded, db, api):
    flow = awarded.flow
    created = _draw(flow, awarded.full.id)
    url = f"/api/v1/contracts/{created['id']}"
    ngo = api(awarded.full.user)
    # The NGO reads its draft, but the office signs it and records payments.
    assert ngo.get(url).status_code == 200
    assert ngo.post(f"{url}/sign", json={}).status_code == 403
    assert flow.officer.post(f"{url}/tranches/1/paid", json={"paid_on": today().isoformat()}).status_code == 409
    future = flow.officer.post(f"{url}/sign", json={"signed_on": (today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and "signed_on" in future.get_json()["fields"]
    signed = flow.officer.post(f"{url}/sign", json={"signed_on": today().isoformat()})
    assert signed.status_code == 200 and signed.get_json()["status"] == "signed"
    assert flow.officer.post(f"{url}/sign", json={}).get_json()["error"] == "not_draft"
    assert flow.officer.patch(url, json={"place": "Opole"}).get_json()["error"] == "not_draft"
    # Tranches: not in the future, not before signing, not twice.
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = flow.officer.post(f"{url}/tranches/1/paid", json={"paid_on": tomorrow})
    assert refused.status_code == 422 and "paid_on" in refused.get_json()["fields"]
    before = (today() - timedelta(days=1)).isoformat()
    assert "paid_on" in flow.officer.post(f"{url}/tranches/1/paid", json={"paid_on": before}).get_json()["fields"]
    paid = flow.officer.post(f"{url}/tranches/1/paid", json={"paid_on": today().isoformat()})
    assert paid.status_code == 200 and paid.get_json() == {
        "n": 1,
        "amount": "8510.00",
        "due_date": today().isoformat(),
        "paid_on": today().isoformat(),
    }
    again = flow.officer.post(f"{url}/tranches/1/paid", json={"paid_on": today().isoformat()})
    assert again.status_code == 409 and again.get_json()["error"] == "already_paid"
    assert flow.officer.post(f"{url}/tranches/9/paid", json={"paid_on": today().isoformat()}).status_code == 404
    # An annex: a new schedule for the unpaid part, a later end; never the grant.
    contract = flow.officer.get(url).get_json()
    grant_change = flow.officer.post(
        f"{url}/annexes", json={"reason": "Zmiana", "signed_on": today().isoformat(), "changes": {"grant": "1.00"}}
    )
    assert grant_change.status_code == 422 and "changes.grant" in grant_change.get_json()["fields"]
    paid_changed = flow.officer.post(
        f"{url}/annexes",
        json={"reason": "Zmiana", "signed_on": today().isoformat(), "changes": {"tranches": two_tranches()[::-1]}},
    )
    assert paid_changed.status_code == 422
    new_schedule = [
        contract["tranches"][0] | {"n": None},
        {"amount": "4000.00", "due_date": (today() + timedelta(days=10)).isoformat()},
        {"amount": "4510.00", "due_date": (today() + timedelta(days=40)).isoformat()},
    ]
    new_schedule = [{"amount": t["amount"], "due_date": t["due_date"]} for t in new_schedule]
    lines = contract["cost_items"]
    lines[0]["grant_part"], lines[2]["grant_part"] = "11000.00", "1000.00"
    annex = flow.officer.post(
        f"{url}/annexes",
        json={
            "reason": "Trzecia transza i przesunięcie między pozycjami.",
            "signed_on": today().isoformat(),
            "changes": {"tranches": new_schedule, "cost_items": lines, "cost_shift_tolerance_percent": "15"},
        },
    )
    assert annex.status_code == 201, annex.get_json()
    changes = annex.get_json()["changes"]
    assert annex.get_json()["number"] == 1 and set(changes) == {
        "tranches",
        "cost_items",
        "cost_shift_tolerance_percent",
    }
    assert changes["cost_shift_tolerance_percent"] == {"before": "10.00", "after": "15.00"}
    after = flow.officer.get(url).get_json()
    assert [t["paid_on"] for t in after["tranches"]] == [today().isoformat(), None, None]
    assert [i["id"] for i in after["cost_items"]] == [i["id"] for i in contract["cost_items"]]
    assert after["cost_items"][0]["grant_part"] == "11000.00" and after["grant"] == str(FULL_GRANT)
    unbalanced = [dict(line, grant_part="0.00") for line in lines]
    refused = flow.officer.post(
        f"{url}/annexes",
        json={"reason": "Zła", "signed_on": today().isoformat(), "changes": {"cost_items": unbalanced}},
    )
    assert refused.status_code == 422 and "changes.cost_items" in refused.get_json()["fields"]
    dropped = flow.officer.post(
        f"{url}/annexes",
        json={"reason": "Zła", "signed_on": today().isoformat(), "changes": {"cost_items": lines[:2]}},
    )
    assert dropped.status_code == 422 and "changes.cost_items" in dropped.get_json()["fields"]
    nothing = flow.officer.post(
        f"{url}/annexes",
        json={"reason": "Nic", "signed_on": today().isoformat(), "changes": {"cost_shift_tolerance_percent": "15"}},
    )
    assert nothing.status_code == 422 and "changes" in nothing.get_json()["fields"]
    # Termination, and nothing after it.
    refused = flow.officer.post(f"{url}/terminate", json={"on": today().isoformat()})
    assert refused.status_code == 422 and "reason" in refused.get_json()["fields"]
    ended = flow.officer.post(
        f"{url}/terminate", json={"on": today().isoformat(), "reason": "Zaprzestanie realizacji."}
    )
    assert ended.status_code == 200 and ended.get_json()["status"] == "terminated"
    late = flow.officer.post(
        f"{url}/annexes", json={"reason": "Po", "signed_on": today().isoformat(), "changes": {"task_end": "2030-01-01"}}
    )
    assert late.status_code == 409 and late.get_json()["error"] == "not_signed"
    assert flow.officer.post(f"{url}/cancel", json={"reason": "x"}).get_json()["error"] == "not_draft"


def test_the_audit_log_records_every_step(awarded, db):
    from grants.audit.log import entries_for

    flow = awarded.flow
    created = _draw(flow, awarded.full.id)
    url = f"/api/v1/contracts/{created['id']}"
    assert flow.officer.patch(url, json={"treasurer": "Maria Skarbnik"}).status_code == 200
    flow.officer.post(f"{url}/sign", json={"signed_on": today().isoformat()})
    flow.officer.post(f"{url}/tranches/2/paid", json={"paid_on": today().isoformat()})
    actions = [e.action for e in entries_for("contract", created["id"])]
    assert actions == ["contract.draw_up", "contract.update", "contract.sign", "contract.tranche_paid"]
    update = entries_for("contract", created["id"])[1]
    assert update.before == {"treasurer": ""} and update.after == {"treasurer": "Maria Skarbnik"}


def test_mark_performed_is_the_reports_way_to_close(awarded, db, make_contract, officer):
    from grants.contracts.operations.contracts import mark_performed
    from grants.errors import Forbidden

    contract = make_contract(awarded.full.id)
    with pytest.raises(Forbidden):
        mark_performed(actor=awarded.full.user, contract=contract)
    mark_performed(officer, contract)
    assert contract.status == ContractStatus.performed
    mark_performed(officer, contract)  # a second acceptance changes nothing
    assert contract.status == ContractStatus.performed


def test_other_office_and_other_organisations_do_not_see_the_contract(awarded, db, api, other_officer, office):
    created = _draw(awarded.flow, awarded.full.id)
    url = f"/api/v1/contracts/{created['id']}"
    assert api(other_officer).get(url).status_code == 404
    assert api(other_officer).post(f"{url}/sign", json={}).status_code == 404
    assert api(awarded.lower.user).get(url).status_code == 404
    assert api(awarded.lower.user).post(f"{url}/sign", json={}).status_code == 403
    evaluator = make_staff("ewa@opole.example", "evaluator", office, "Ewa")
    assert api(evaluator).get(url).status_code == 404
    assert api().get(url).status_code == 401


def test_no_contract_after_the_organisation_resigned(awarded, db):
    from grants.offers.models import Offer
    from grants.review.operations.awards import resign

    resign(actor=awarded.full.user, offer=db.session.get(Offer, awarded.full.id), raw={"note": "Brak kadry."})
    db.session.commit()
    assert _draw(awarded.flow, awarded.full.id, expect=409)["error"] == "no_award"
    listed = awarded.flow.officer.get("/api/v1/contracts").get_json()
    assert listed["items"] == []
