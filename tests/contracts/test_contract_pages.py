"""The contract in the browser, without JavaScript: the office draws up a contract from an awarded offer,
edits the draft, signs it (a confirmation page), records a tranche paid, adds an annex, terminates; its list
and desk; the organisation's list, desk and read-only page. Refusals come back with the field named."""

from datetime import timedelta
from decimal import Decimal

import pytest

from grants.contracts.models import Contract, ContractStatus
from tests.contracts.helpers import today
from tests.fixtures.contracts import FULL_GRANT
from tests.helpers import PASSWORD


@pytest.fixture
def web(app):
    def as_(user):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return as_


def _draft_form(**overrides):
    data = {
        "tranches.0.amount": "10 000,00",
        "tranches.0.due_date": today().isoformat(),
        "tranches.1.amount": "7020,00",
        "tranches.1.due_date": (today() + timedelta(days=60)).isoformat(),
        "tranches.2.amount": "",
        "tranches.2.due_date": "",
        "cost_shift_tolerance_percent": "10",
        "office_representatives": "Jan Prezydent, Zastępca Prezydenta Miasta\n",
        "treasurer": "Maria Skarbnik",
        "organization_representatives": "Marta Zielińska, prezeska zarządu",
        "place": "Opole",
        "reporting_dates": "",
        "signed_on": "",
    }
    data.update(overrides)
    return data


def test_office_draws_up_signs_pays_and_annexes_in_the_browser(awarded, db, web, officer):
    browser = web(officer)
    listed = browser.get("/office/contracts")
    assert listed.status_code == 200
    page = listed.get_data(as_text=True)
    assert f"/office/offers/{awarded.full.id}/contract" in page and "Czeka na aktualizację oferty" in page
    offer_page = browser.get(f"/office/calls/{awarded.call.id}/offers/{awarded.full.id}").get_data(as_text=True)
    assert f"/office/offers/{awarded.full.id}/contract" in offer_page
    form = browser.get(f"/office/offers/{awarded.full.id}/contract")
    assert form.status_code == 200 and 'name="tranches.0.amount"' in form.get_data(as_text=True)
    refused = browser.post(
        f"/office/offers/{awarded.full.id}/contract", data=_draft_form(**{"tranches.1.amount": "7000"})
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "suma transz musi być jej równa" in text and 'value="7000"' in text  # what was typed is kept
    made = browser.post(f"/office/offers/{awarded.full.id}/contract", data=_draft_form())
    assert made.status_code == 302
    contract = db.session.scalar(db.select(Contract).where(Contract.offer_id == awarded.full.id))
    assert contract.status == ContractStatus.draft and contract.treasurer == "Maria Skarbnik"
    assert contract.office_representatives == [{"full_name": "Jan Prezydent", "function": "Zastępca Prezydenta Miasta"}]
    assert [t.amount for t in contract.tranches] == [Decimal("10000.00"), Decimal("7020.00")]
    assert made.headers["Location"].endswith(f"/office/contracts/{contract.id}")
    shown = browser.get(f"/office/contracts/{contract.id}").get_data(as_text=True)
    assert contract.number in shown and "Zapisz podpisanie" in shown and "Przygotuj umowę" not in shown
    # Edit the draft, then sign it through its confirmation page.
    edited = browser.post(f"/office/contracts/{contract.id}/edit", data=_draft_form(place="Opole, ul. Rynek 1"))
    assert edited.status_code == 302 and contract.place == "Opole, ul. Rynek 1"
    assert browser.get(f"/office/contracts/{contract.id}/sign").status_code == 200
    future = (today() + timedelta(days=2)).isoformat()
    refused = browser.post(f"/office/contracts/{contract.id}/sign", data={"signed_on": future})
    assert refused.status_code == 422 and "w przyszłości" in refused.get_data(as_text=True)
    signed = browser.post(f"/office/contracts/{contract.id}/sign", data={"signed_on": today().isoformat()})
    assert signed.status_code == 302 and contract.status == ContractStatus.signed
    # A tranche paid; the same again is refused with a message, not an error page.
    paid = browser.post(f"/office/contracts/{contract.id}/tranches/1/paid", data={"paid_on": today().isoformat()})
    assert paid.status_code == 302 and contract.tranches[0].paid_on == today()
    again = browser.post(
        f"/office/contracts/{contract.id}/tranches/1/paid", data={"paid_on": today().isoformat()}, follow_redirects=True
    )
    assert "zapisano już" in again.get_data(as_text=True)
    # An annex moving the second tranche and the end of the task.
    annex_form = browser.get(f"/office/contracts/{contract.id}/annex")
    assert annex_form.status_code == 200
    later = (today() + timedelta(days=90)).isoformat()
    data = _annex_form(contract, reason="Przesunięcie drugiej transzy.", **{"changes.tranches.1.due_date": later})
    annexed = browser.post(f"/office/contracts/{contract.id}/annex", data=data)
    assert annexed.status_code == 302, annexed.get_data(as_text=True)[:2000]
    assert contract.annexes[0].changes["tranches"]["after"][1]["due_date"] == later
    same = browser.post(f"/office/contracts/{contract.id}/annex", data=_annex_form(contract, reason="Nic"))
    assert same.status_code == 422 and "niczego nie zmienia" in same.get_data(as_text=True)
    page = browser.get(f"/office/contracts/{contract.id}").get_data(as_text=True)
    assert "Aneks nr 1" in page and 'id="tranche-1" data-paid="1"' in page
    # Termination needs a reason.
    refused = browser.post(f"/office/contracts/{contract.id}/terminate", data={"on": today().isoformat(), "reason": ""})
    assert refused.status_code == 422
    ended = browser.post(
        f"/office/contracts/{contract.id}/terminate", data={"on": today().isoformat(), "reason": "Zaprzestanie."}
    )
    assert ended.status_code == 302 and contract.status == ContractStatus.terminated


def _annex_form(contract, **overrides):
    data = {
        "reason": "",
        "signed_on": today().isoformat(),
        "changes.task_start": contract.task_start.isoformat(),
        "changes.task_end": contract.task_end.isoformat(),
        "changes.expenses_start": contract.expenses_start.isoformat(),
        "changes.expenses_end": contract.expenses_end.isoformat(),
        "changes.cost_shift_tolerance_percent": str(contract.cost_shift_tolerance_percent),
    }
    for n, t in enumerate(contract.tranches):
        data[f"changes.tranches.{n}.amount"] = str(t.amount)
        data[f"changes.tranches.{n}.due_date"] = t.due_date.isoformat()
    for n, i in enumerate(contract.cost_items):
        for field in ("id", "action", "name", "unit", "quantity", "unit_cost", "grant_part"):
            data[f"changes.cost_items.{n}.{field}"] = str(getattr(i, field))
    data.update(overrides)
    return data


def test_cancel_through_its_confirmation(awarded, db, web, officer, make_contract):
    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    db.session.commit()
    browser = web(officer)
    assert "Anuluj projekt" in browser.get(f"/office/contracts/{contract.id}/cancel").get_data(as_text=True)
    done = browser.post(f"/office/contracts/{contract.id}/cancel", data={"reason": "Organizacja zrezygnowała."})
    assert done.status_code == 302 and contract.status == ContractStatus.cancelled


def test_lists_and_desks_for_the_office_and_the_organisation(awarded, db, app, web, officer, make_contract):
    now = today()
    late = make_contract(awarded.full.id, tranches=[(FULL_GRANT, now - timedelta(days=2), None)])
    db.session.commit()
    office = web(officer)
    desk = office.get("/office/contracts/due").get_data(as_text=True)
    assert 'id="overdue"' in desk and f'data-contract-id="{late.id}" data-what="tranche"' in desk
    overdue_list = office.get("/office/contracts?due=overdue").get_data(as_text=True)
    assert late.number in overdue_list
    assert late.number not in office.get("/office/contracts?status=draft").get_data(as_text=True)
    never = office.get("/office/contracts?due=never")  # named on its field, the list still shown (issue 13)
    assert never.status_code == 200 and 'id="f-due-error"' in never.get_data(as_text=True)
    assert late.number in never.get_data(as_text=True)
    ngo = web(awarded.full.user)
    mine = ngo.get("/ngo/contracts").get_data(as_text=True)
    assert late.number in mine and f"/ngo/contracts/{late.id}" in mine
    ngo_desk = ngo.get("/ngo/contracts/due").get_data(as_text=True)
    assert 'data-what="tranche"' not in ngo_desk and 'data-what="final_report"' not in ngo_desk  # not yet due
    page = ngo.get(f"/ngo/contracts/{late.id}")
    assert page.status_code == 200 and "Zapisz wypłatę" not in page.get_data(as_text=True)
    assert ngo.get(f"/office/contracts/{late.id}").status_code == 403
    other = web(awarded.lower.user)
    assert other.get(f"/ngo/contracts/{late.id}").status_code == 404
    assert late.number not in other.get("/ngo/contracts").get_data(as_text=True)
    assert "/login" in app.test_client().get("/ngo/contracts").headers["Location"]


def test_draw_up_page_explains_why_not_yet(awarded, web, officer):
    browser = web(officer)
    lower = browser.get(f"/office/offers/{awarded.lower.id}/contract").get_data(as_text=True)
    assert 'id="contract-problem"' in lower and 'id="contract-form"' not in lower
    rejected = browser.get(f"/office/offers/{awarded.rejected.id}/contract").get_data(as_text=True)
    assert 'id="contract-problem"' in rejected
    assert browser.post(f"/office/offers/{awarded.rejected.id}/contract", data=_draft_form()).status_code == 409


def test_the_dashboard_shows_planned_awarded_and_paid_per_priority(awarded, db, web, officer, make_contract):
    from grants.calls.operations import create_programme
    from grants.contracts.contract_pages import priority_figures
    from tests.helpers import TASK_YEAR

    programme = create_programme(
        actor=officer,
        raw={
            "year": TASK_YEAR,
            "title": "Program współpracy",
            "priorities": [{"code": "3.1", "name": "Integracja cudzoziemców", "budget": "100000.00"}],
        },
    )
    priority = programme.priorities[0]
    awarded.call.programme_priority_id = priority.id
    half = FULL_GRANT / 2
    make_contract(awarded.full.id, tranches=[(half, today(), today()), (half, today() + timedelta(days=30), None)])
    db.session.commit()
    figures = priority_figures([programme])[priority.id]
    # awarded: full 17 020,00 + lower 12 000,00 (the rejected offer none); paid: the first tranche only
    assert figures == {"planned": Decimal("100000.00"), "awarded": Decimal("29020.00"), "paid": Decimal("8510.00")}
    page = web(officer).get("/office/").get_data(as_text=True)
    assert "przyznano 29" in page and "wypłacono 8" in page


def test_the_results_page_leads_the_office_to_the_contract(awarded, db, web, officer):
    browser = web(officer)
    page = browser.get(f"/calls/{awarded.call.id}/results").get_data(as_text=True)
    row = page.split(f'id="award-{awarded.full.id}"')[1].split("</tr>")[0]
    assert f"/office/offers/{awarded.full.id}/contract" in row and "Przygotuj umowę" in row
    lower = page.split(f'id="award-{awarded.lower.id}"')[1].split("</tr>")[0]
    assert "/contract" not in lower  # its update is due first
    browser.post(f"/office/offers/{awarded.full.id}/contract", data=_draft_form())
    contract = db.session.scalar(db.select(Contract).where(Contract.offer_id == awarded.full.id))
    page = browser.get(f"/calls/{awarded.call.id}/results").get_data(as_text=True)
    assert f'data-contract-id="{contract.id}"' in page and contract.number in page
    public = web(awarded.rejected.user).get(f"/calls/{awarded.call.id}/results").get_data(as_text=True)
    assert "Przygotuj umowę" not in public
