"""The contract as a PDF (Annex 3 of Dz.U. 2018 poz. 2057) from real data, rendered by the job: the parties and
their representatives, the treasurer's countersignature (art. 46 ust. 3 u.s.g.), the number, the grant in
figures and in words, the tranches, the tolerance (§ 5), the own contribution and the reporting dates
(art. 18 ust. 1; KC art. 115). Whoever may see the contract may have its PDF; anyone else: 404."""

from datetime import timedelta

from grants.documents.context.parts import day
from settlement.deadlines import final_report_due
from tests.contracts.helpers import today
from tests.documents.pdf import flat, pdf_text
from tests.helpers import make_staff


def _text(client, job_id, run_jobs) -> str:
    run_jobs()
    status = client.get(f"/api/v1/documents/{job_id}").get_json()
    assert status["status"] == "finished", status
    pdf = client.get(status["url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    return flat(pdf_text(pdf.data))


def test_the_contract_pdf_end_to_end(awarded, db, api, run_jobs, other_officer):
    from grants.contracts.models import Contract
    from grants.offices.models import Office

    office = db.session.get(Office, awarded.call.office_id)
    office.case_sign, office.bank_account = "CDO-RIPS", "61109010140000071219812874"
    db.session.commit()
    flow = awarded.flow
    body = {
        "tranches": [
            {"amount": "10000.00", "due_date": today().isoformat()},
            {"amount": "7020.00", "due_date": (today() + timedelta(days=60)).isoformat()},
        ],
        "office_representatives": [{"full_name": "Jan Prezydent", "function": "Zastępca Prezydenta Miasta Opola"}],
        "treasurer": "Maria Skarbnik",
        "place": "Opolu",
        "cost_shift_tolerance_percent": "15",
        "signed_on": today().isoformat(),
    }
    created = flow.officer.post(f"/api/v1/offers/{awarded.full.id}/contract", json=body)
    assert created.status_code == 201, created.get_json()
    contract = db.session.get(Contract, created.get_json()["id"])
    db.session.commit()
    asked = flow.officer.post("/api/v1/documents", json={"kind": "contract", "object_id": contract.id})
    assert asked.status_code == 202, asked.get_json()
    text = _text(flow.officer, asked.get_json()["job_id"], run_jobs)
    assert f"UMOWA NR {contract.number}" in text and contract.number.startswith("CDO-RIPS.525.1.")
    assert "Jan Prezydent — Zastępca Prezydenta Miasta Opola" in text
    assert "Marta Zielińska — prezeska zarządu" in text  # the organisation's profile
    assert "Kontrasygnata skarbnika" in text and "Maria Skarbnik" in text
    assert "17 020,00 zł" in text and "siedemnaście tysięcy dwadzieścia złotych" in text
    assert "10 000,00 zł dziesięć tysięcy złotych, zero groszy" in text
    assert "7 020,00 zł siedem tysięcy dwadzieścia złotych, zero groszy" in text
    assert "o więcej niż 15,00 %" in text  # Annex 3 § 5
    assert "umową o wsparcie realizacji zadania publicznego" in text  # art. 16 ust. 1
    # art. 18 ust. 1 with KC art. 115 (e.g. a task ending 30 November 2028: 30 December is a Saturday and
    # 1 January a holiday, so the report is due on Tuesday 2 January 2029)
    final = day(final_report_due(contract.task_end).isoformat())
    assert f"sprawozdanie końcowe — do dnia {final}" in text
    assert "wkładu własnego finansowego w wysokości 500,00 zł (słownie: pięćset złotych, zero groszy)" in text
    assert "o wartości 2 000,00 zł" in text
    assert "2028 r.." not in text and "(suma kontrolna" in text
    # The NGO (a party) gets the same document; another office and another organisation do not.
    ngo = api(awarded.full.user)
    again = ngo.post("/api/v1/documents", json={"kind": "contract", "object_id": contract.id})
    assert again.status_code == 202 and again.get_json()["job_id"] == asked.get_json()["job_id"]
    assert (
        api(other_officer).post("/api/v1/documents", json={"kind": "contract", "object_id": contract.id}).status_code
        == 404
    )
    assert api(awarded.lower.user).get(f"/api/v1/documents/{asked.get_json()['job_id']}").status_code == 404
    assert api().post("/api/v1/documents", json={"kind": "contract", "object_id": contract.id}).status_code == 404


def test_a_draft_prints_as_a_draft_and_the_page_has_the_button(awarded, db, run_jobs, make_contract, app, office):
    from grants.contracts.models import ContractStatus
    from tests.helpers import PASSWORD

    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    db.session.commit()
    officer = make_staff("referent2@opole.example", "officer", office, "Ewa Referentka")
    browser = app.test_client()
    browser.post("/login", data={"email": officer.email, "password": PASSWORD})
    page = browser.get(f"/office/contracts/{contract.id}").get_data(as_text=True)
    assert 'name="kind" value="contract"' in page and f'name="object_id" value="{contract.id}"' in page
    requested = browser.post("/documents", data={"kind": "contract", "object_id": contract.id})
    assert requested.status_code in (302, 303)
    run_jobs()
    progress = browser.get(requested.headers["Location"])
    assert progress.status_code == 200
    flow_text = _text(awarded.flow.officer, int(requested.headers["Location"].rstrip("/").split("/")[-1]), run_jobs)
    assert "PROJEKT UMOWY" in flow_text
