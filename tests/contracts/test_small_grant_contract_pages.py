"""A small grant's contract (art. 19a ust. 5) in the browser and everywhere contracts are listed: the office
draws it up on /office/small-grants/<id>/contract (the same form as a competition's offer, with the form of
art. 16 ust. 1 to choose); it shows on the office's list (also while it waits for its contract), on both
desks, on its page and the organisation's, and its PDF names its basis (art. 19a, the offer its annex)
instead of a competition's results — though it has no call."""

from datetime import timedelta

import pytest

from grants.contracts.models import Contract, ContractStatus
from tests.contracts.helpers import today
from tests.contracts.small_grant_helpers import SMALL_GRANT, make_small_grant
from tests.documents.pdf import flat, pdf_text
from tests.helpers import PASSWORD


@pytest.fixture
def web(app):
    def as_(user):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return as_


def _form(**overrides):
    data = {
        "form": "powierzanie",
        "tranches.0.amount": "8 000,00",
        "tranches.0.due_date": today().isoformat(),
        "tranches.1.amount": "",
        "tranches.1.due_date": "",
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


def test_art_19a_ust_5_the_office_draws_up_a_small_grants_contract_in_the_browser(db, web, officer, office, org):
    small_grant = make_small_grant(db, office, org)
    browser = web(officer)
    listed = browser.get("/office/contracts").get_data(as_text=True)
    address = f"/office/small-grants/{small_grant.id}/contract"
    assert address in listed and "Mały grant (art. 19a)" in listed  # waiting for its contract
    form = browser.get(address)
    page = form.get_data(as_text=True)
    assert form.status_code == 200 and 'name="form"' in page and 'name="tranches.0.amount"' in page
    assert 'value="8000,00"' in page and 'value="10,00"' in page  # the grant and OKO's default tolerance
    # The competition's address of the same id leads to the small grant's.
    moved = browser.get(f"/office/offers/{small_grant.id}/contract")
    assert moved.status_code == 302 and moved.headers["Location"].endswith(address)
    refused = browser.post(address, data=_form(**{"tranches.0.amount": "7999,99", "form": "darowizna"}))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="f-form-error"' in page and 'id="f-tranches-error"' in page and 'value="7999,99"' in page
    created = browser.post(address, data=_form())
    assert created.status_code == 302
    contract = Contract.query.one()
    assert created.headers["Location"].endswith(f"/office/contracts/{contract.id}")
    assert contract.call_id is None and contract.form.value == "powierzanie" and contract.grant_amount == SMALL_GRANT
    # Once it has a contract, the form leads to it and the list no longer offers to draw one up.
    assert browser.get(address).headers["Location"].endswith(f"/office/contracts/{contract.id}")
    assert address not in browser.get("/office/contracts").get_data(as_text=True)


def test_refusals_of_the_small_grants_contract_page(db, web, officer, other_officer, office, org, ngo_user):
    published = make_small_grant(db, office, org, status="published")
    accepted = make_small_grant(db, office, org)
    waiting = web(officer).get(f"/office/small-grants/{published.id}/contract")
    assert waiting.status_code == 200 and 'id="contract-problem"' in waiting.get_data(as_text=True)
    assert 'name="tranches.0.amount"' not in waiting.get_data(as_text=True)
    assert web(officer).post(f"/office/small-grants/{published.id}/contract", data=_form()).status_code == 409
    assert web(other_officer).get(f"/office/small-grants/{accepted.id}/contract").status_code == 404
    assert web(ngo_user).get(f"/office/small-grants/{accepted.id}/contract").status_code == 403
    assert web(officer).get("/office/small-grants/999999/contract").status_code == 404
    assert Contract.query.count() == 0


def _signed_contract(db, api, officer, office, org, *, task_start):
    small_grant = make_small_grant(db, office, org, task_start=task_start)
    body = {
        "tranches": [{"amount": str(SMALL_GRANT), "due_date": today().isoformat()}],
        "signed_on": (today() - timedelta(days=1)).isoformat(),
    }
    if small_grant.task_end < today():  # a tranche is paid within the period of expenses (Annex 3 § 2)
        body["expenses_end"] = today().isoformat()
    created = api(officer).post(f"/api/v1/offers/{small_grant.id}/contract", json=body)
    assert created.status_code == 201, created.get_json()
    return db.session.get(Contract, created.get_json()["id"])


def test_a_small_grants_contract_on_the_lists_desks_and_pages(db, api, web, officer, office, org, ngo_user):
    # The task ended 10 days ago: its final report is due within 30 days (art. 18 ust. 1), on the NGO's desk;
    # the tranche is due today and unpaid, on the office's.
    contract = _signed_contract(db, api, officer, office, org, task_start=today() - timedelta(days=69))
    assert contract.status == ContractStatus.signed and contract.call_id is None
    office_browser, ngo_browser = web(officer), web(ngo_user)
    for browser, address in ((office_browser, "/office/contracts"), (ngo_browser, "/ngo/contracts")):
        page = browser.get(address).get_data(as_text=True)
        assert f'data-contract-id="{contract.id}"' in page and "Mały grant (art. 19a)" in page
    office_desk = office_browser.get("/office/contracts/due").get_data(as_text=True)
    assert f'data-contract-id="{contract.id}" data-what="tranche"' in office_desk
    ngo_desk = ngo_browser.get("/ngo/contracts/due").get_data(as_text=True)
    assert f'data-contract-id="{contract.id}" data-what="final_report"' in ngo_desk
    for browser, address in ((office_browser, "/office/contracts"), (ngo_browser, "/ngo/contracts")):
        page = browser.get(f"{address}/{contract.id}")
        assert page.status_code == 200 and 'id="contract-basis"' in page.get_data(as_text=True)
    assert office_browser.get(f"/contracts/{contract.id}/settlement").status_code == 200
    assert ngo_browser.get(f"/contracts/{contract.id}/settlement").status_code == 200
    listed = api(ngo_user).get("/api/v1/contracts").get_json()["items"]
    assert [(c["id"], c["call_id"]) for c in listed] == [(contract.id, None)]
    assert api(officer).get("/api/v1/contracts?due=any").get_json()["items"][0]["id"] == contract.id
    assert api(officer).get(f"/api/v1/contracts/{contract.id}/settlement").status_code == 200


def test_the_small_grants_contract_pdf_names_art_19a_as_its_basis(db, api, officer, office, org, ngo_user, run_jobs):
    contract = _signed_contract(db, api, officer, office, org, task_start=today() + timedelta(days=3))
    db.session.commit()
    asked = api(ngo_user).post("/api/v1/documents", json={"kind": "contract", "object_id": contract.id})
    assert asked.status_code == 202, asked.get_json()
    run_jobs()
    status = api(ngo_user).get(f"/api/v1/documents/{asked.get_json()['job_id']}").get_json()
    assert status["status"] == "finished", status
    text = flat(pdf_text(api(ngo_user).get(status["url"]).data))
    assert f"UMOWA NR {contract.number}" in text
    assert "na podstawie art. 19a ustawy" in text and "z pominięciem otwartego konkursu ofert" in text
    assert "Uproszczona oferta stanowi załącznik do umowy (art. 19a ust. 5 ustawy)" in text
    assert "aktualizacji opisu" not in text  # no update of a small grant
    assert "(Dz.U. poz. 2055)" in text  # the simplified report's form (§ 9)
    assert "8 000,00 zł" in text and "osiem tysięcy złotych" in text


def test_a_small_grants_draft_is_edited_signed_and_annexed_like_any(db, api, web, officer, office, org):
    small_grant = make_small_grant(db, office, org)
    created = api(officer).post(
        f"/api/v1/offers/{small_grant.id}/contract",
        json={"tranches": [{"amount": str(SMALL_GRANT), "due_date": today().isoformat()}]},
    )
    assert created.status_code == 201, created.get_json()
    contract_id = created.get_json()["id"]
    browser = web(officer)
    edit = browser.get(f"/office/contracts/{contract_id}/edit")
    assert edit.status_code == 200 and "mały grant nie ma ogłoszenia" in edit.get_data(as_text=True)
    assert '<option value="wspieranie" selected' in edit.get_data(as_text=True)
    saved = browser.post(
        f"/office/contracts/{contract_id}/edit",
        data=_form(form="powierzanie", **{"tranches.0.amount": "8000,00"}),
    )
    assert saved.status_code == 302 and db.session.get(Contract, contract_id).form.value == "powierzanie"
    assert browser.get(f"/office/contracts/{contract_id}/sign").status_code == 200
    signed = browser.post(f"/office/contracts/{contract_id}/sign", data={"signed_on": today().isoformat()})
    assert signed.status_code == 302 and db.session.get(Contract, contract_id).status == ContractStatus.signed
    annex = browser.get(f"/office/contracts/{contract_id}/annex")
    assert annex.status_code == 200 and "Materiały plastyczne" in annex.get_data(as_text=True)


def test_art_18_ust_1_the_final_report_of_a_small_grant_is_reminded(db, api, officer, office, org):
    from grants.contracts.operations.reminders import send_due_reminders
    from grants.mail import OutboundMail
    from settlement.deadlines import final_report_due

    contract = _signed_contract(db, api, officer, office, org, task_start=today() - timedelta(days=69))
    due = final_report_due(contract.task_end)
    before = db.session.scalar(db.select(db.func.max(OutboundMail.id))) or 0
    assert send_due_reminders(due - timedelta(days=7)) == 1  # REMINDER_DAYS_BEFORE
    mails = db.session.scalars(db.select(OutboundMail).where(OutboundMail.id > before)).all()
    assert mails and all(contract.number in m.subject for m in mails)
    assert send_due_reminders(due - timedelta(days=7)) == 0
