"""A small grant's report: the simplified report of Annex 2 of Dz.U. 2018 poz. 2055 (art. 19a of the Act) —
I. what was done and the results achieved, II. the expenses per cost line (the actual total, of which the
grant, of which other sources), III. other information; the same refusals as the full report (a cost line's
grant over the contract's tolerance, Annex 3 § 5; Part I empty); its PDF with the simplified title and
sections; and the settlement (ufp art. 251) reading it unchanged."""

from datetime import timedelta

import pytest

from grants.contracts.models import Contract, ContractStatus, Report
from tests.contracts.helpers import today
from tests.contracts.small_grant_helpers import SMALL_GRANT, make_small_grant
from tests.documents.pdf import flat, pdf_text
from tests.helpers import PASSWORD

# (actual total, of which the grant) per line: 3 000 / 4 000 / 1 000 zł of grant in the contract.
SPENT = [("3000.00", "3000.00"), ("4000.00", "3800.00"), ("1700.00", "1000.00")]


@pytest.fixture
def signed(db, api, officer, office, org, ngo_user):
    """A signed small grant's contract whose task ended 10 days ago, its one tranche paid."""
    small_grant = make_small_grant(db, office, org, task_start=today() - timedelta(days=69))
    body = {
        "tranches": [{"amount": str(SMALL_GRANT), "due_date": (today() - timedelta(days=60)).isoformat()}],
        "signed_on": (today() - timedelta(days=70)).isoformat(),
    }
    created = api(officer).post(f"/api/v1/offers/{small_grant.id}/contract", json=body)
    assert created.status_code == 201, created.get_json()
    contract = db.session.get(Contract, created.get_json()["id"])
    paid = api(officer).post(
        f"/api/v1/contracts/{contract.id}/tranches/1/paid", json={"paid_on": (today() - timedelta(days=60)).isoformat()}
    )
    assert paid.status_code == 200, paid.get_json()
    return contract, api(ngo_user), api(officer)


def _body(contract, spent=SPENT, **overrides):
    body = {
        "kind": "final",
        "results_description": "Sześć spotkań, 44 uczestników; sąsiedzi zorganizowali sami siódme spotkanie.",
        "results": [{"achieved": "6"}, {"achieved": "44"}],
        "expenses": [
            {"cost_item_id": item.id, "actual_total": total, "actual_grant": grant}
            for item, (total, grant) in zip(contract.cost_items, spent, strict=True)
        ],
        "additional_information": "Piknik wsparła rada osiedla (700 zł).",
    }
    body.update(overrides)
    return body


def test_poz_2055_the_simplified_report_is_submitted_without_the_full_forms_parts(signed, db):
    contract, ngo, _office = signed
    created = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json=_body(contract))
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    # The results of the simplified offer's table (II.2), with the level achieved.
    assert [(r["name"], r["planned"], r["achieved"]) for r in data["content"]["results"]] == [
        ("Liczba spotkań", "6", "6"),
        ("Liczba uczestników", "40", "44"),
    ]
    # No actions' description (the full report's I.2), no sources typed: the simplified form does not ask.
    submitted = ngo.post(f"/api/v1/reports/{data['id']}/submit", json={})
    assert submitted.status_code == 200, submitted.get_json()
    document = db.session.get(Report, data["id"]).current_version.document
    assert document["form"] == "simplified_2055"
    assert document["content"]["expenses"][1] == {
        "cost_item_id": contract.cost_items[1].id,
        "actual_total": "4000.00",
        "actual_grant": "3800.00",
    }


def test_annex_3_par_5_a_line_over_the_tolerance_and_an_empty_part_i_are_refused(signed):
    contract, ngo, _office = signed
    # 3 000 zł of grant in the contract, 10 % tolerance: 3 300 zł at most.
    over = [("3400.00", "3301.00"), ("4000.00", "3800.00"), ("1700.00", "1000.00")]
    created = ngo.post(
        f"/api/v1/contracts/{contract.id}/reports", json=_body(contract, spent=over, results_description="")
    )
    assert created.status_code == 201, created.get_json()
    refused = ngo.post(f"/api/v1/reports/{created.get_json()['id']}/submit", json={})
    assert refused.status_code == 422
    fields = refused.get_json()["fields"]
    assert set(fields) == {"expenses.0.actual_grant", "results_description"}
    assert "actions_description" not in fields
    at_limit = [("3300.00", "3300.00"), ("4000.00", "3800.00"), ("1700.00", "900.00")]
    fixed = ngo.patch(
        f"/api/v1/reports/{created.get_json()['id']}",
        json={"expenses": _body(contract, spent=at_limit)["expenses"], "results_description": "Zrobione."},
    )
    assert fixed.status_code == 200, fixed.get_json()
    assert ngo.post(f"/api/v1/reports/{created.get_json()['id']}/submit", json={}).status_code == 200


def test_the_simplified_form_in_the_browser_and_the_frozen_version(signed, app, ngo_user, officer):
    contract, ngo, _office = signed
    report_id = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json=_body(contract)).get_json()["id"]
    browser = app.test_client()
    assert browser.post("/login", data={"email": ngo_user.email, "password": PASSWORD}).status_code == 302
    page = browser.get(f"/reports/{report_id}/edit").get_data(as_text=True)
    assert "Uproszczone sprawozdanie" in page
    assert "I. Opis wykonania zadania publicznego" in page and "II. Zestawienie wydatków" in page
    assert "III. Inne informacje" in page and "w tym z innych źródeł" in page
    assert 'name="actions_description"' not in page and 'name="sources.own_financial"' not in page
    assert "700,00" in page  # 1 700 − 1 000: what other sources covered of the third line
    refused = browser.post(
        f"/reports/{report_id}/edit", data={"results_description": "x", "expenses.0.cost_item_id": "0"}
    )
    assert refused.status_code == 422
    submitted = browser.post(f"/reports/{report_id}/submit", data={})
    assert submitted.status_code == 302
    office = app.test_client()
    assert office.post("/login", data={"email": officer.email, "password": PASSWORD}).status_code == 302
    read = office.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "II. Zestawienie wydatków" in read and "w tym z innych źródeł" in read


def test_poz_2055_the_pdf_has_the_simplified_title_and_sections(signed, db, run_jobs):
    contract, ngo, _office = signed
    report_id = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json=_body(contract)).get_json()["id"]
    assert ngo.post(f"/api/v1/reports/{report_id}/submit", json={}).status_code == 200
    db.session.commit()
    asked = ngo.post("/api/v1/documents", json={"kind": "report", "object_id": report_id})
    assert asked.status_code == 202, asked.get_json()
    run_jobs()
    status = ngo.get(f"/api/v1/documents/{asked.get_json()['job_id']}").get_json()
    assert status["status"] == "finished", status
    text = flat(pdf_text(ngo.get(status["url"]).data))
    assert "UPROSZCZONE SPRAWOZDANIE Z REALIZACJI ZADANIA PUBLICZNEGO" in text
    assert "Załącznik nr 2" in text and "(poz. 2055)" in text
    assert "I. Opis wykonania zadania publicznego, w tym osiągniętych rezultatów" in text
    assert "II. Zestawienie wydatków poniesionych na realizację zadania publicznego" in text
    assert "III. Inne informacje" in text and "Oświadczam(-my), że:" in text
    assert "Sześć spotkań, 44 uczestników" in text and "Liczba uczestników" in text
    # The third line: 1 700,00 actual, of which 1 000,00 from the grant and 700,00 from other sources.
    assert "Piknik" in text and "1 700,00 1 000,00 700,00" in text
    assert "Suma wszystkich kosztów realizacji zadania 8 600,00 8 000,00 600,00 8 700,00 7 800,00 900,00" in text
    assert "Część II. Sprawozdanie z wykonania wydatków" not in text  # not the full Annex 5


def test_the_settlement_reads_the_accepted_simplified_report(signed):
    contract, ngo, office = signed
    report_id = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json=_body(contract)).get_json()["id"]
    assert ngo.post(f"/api/v1/reports/{report_id}/submit", json={}).status_code == 200
    accepted = office.put(f"/api/v1/reports/{report_id}/review", json={"outcome": "accepted"})
    assert accepted.status_code == 200, accepted.get_json()
    assert office.get(f"/api/v1/contracts/{contract.id}").get_json()["status"] == ContractStatus.performed.value
    settlement = office.get(f"/api/v1/contracts/{contract.id}/settlement").get_json()
    # 8 000 zł paid, 7 800 zł of it spent: 200 zł to return (ufp art. 251).
    assert settlement["grant_paid"] == "8000.00" and settlement["grant_used"] == "7800.00"
    assert settlement["to_return"] == "200.00" and settlement["violations"] == []
