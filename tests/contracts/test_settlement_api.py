"""GET /api/v1/contracts/{id}/settlement and the returns and findings the office records (ufp art. 251–252).

The suite's clock stands on Saturday 5 December 2026 in Warsaw (tests.helpers.NOW). The contract: 17 020,00 zł
paid on 2 March 2026, costs payable until Tue 30 June 2026, so the unused grant is due on Wed 15 July
(ufp art. 251 ust. 3) and bears interest from 16 July (art. 251 ust. 5) at 10,50 % (the rate in force from
5 March 2026). 16 July – 5 December is 16 + 31 + 30 + 31 + 30 + 5 = 143 days."""

from datetime import date

import pytest

from grants.audit.models import AuditEntry
from grants.contracts.models import ContractStatus, GrantReturn
from tests.contracts.settlement_helpers import D, accept_final_report, settle_ready, settlement_day
from tests.helpers import make_user


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


# The four lines of tests.offers.helpers.offer_body: 12 000,00; 3 020,00; 0,00; 2 000,00 of grant.
AS_PLANNED = ["12000.00", "3020.00", "0.00", "2000.00"]


def test_the_settlement_of_an_accepted_final_report_with_unused_grant_and_interest(
    awarded, make_contract, api, officer
):
    contract = settle_ready(make_contract, awarded.full.id)
    # 1 000,00 less on the teacher; the books line grew by exactly 10 %, the tolerance: compliant (Annex 3 § 5).
    accept_final_report(contract, ["11000.00", "3322.00", "0.00", "2000.00"])
    response = api(officer).get(f"/api/v1/contracts/{contract.id}/settlement")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    # 698,00 × 10,50 % × 143 / 365 = 28,71 → 29,00 zł (full złoty, OP art. 63 § 1)
    assert {k: body[k] for k in ("grant_paid", "grant_used", "to_return", "return_due_date", "interest_due")} == {
        "grant_paid": "17020.00",
        "grant_used": "16322.00",
        "to_return": "698.00",
        "return_due_date": "2026-07-15",
        "interest_due": "29.00",
    }
    assert body["violations"] == []
    assert body["provisional"] is False and body["overdue"] is True
    assert [d["kind"] for d in body["dues"]] == ["unused"]
    assert body["dues"][0]["legal_basis"] == "art. 251 ust. 3 ufp"


def test_a_line_one_grosz_over_the_tolerance_is_a_violation_and_grant_taken_in_excess(
    awarded, make_contract, api, officer
):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["11000.00", "3322.01", "0.00", "2000.00"], accepted_on=date(2026, 7, 20))
    body = api(officer).get(f"/api/v1/contracts/{contract.id}/settlement").get_json()
    books = contract.cost_items[1]
    assert body["violations"] == [
        {"cost_item_id": books.id, "planned_grant": "3020.00", "actual_grant": "3322.01", "increase_percent": "10.01"}
    ]
    # Excess 0,01 (art. 252 ust. 1 pkt 2), found on the acceptance (Mon 20 July): due Wed 4 August.
    assert body["excess"] == "0.01" and body["unused"] == "697.99"
    assert [(d["kind"], d["due_date"]) for d in body["dues"]] == [("unused", "2026-07-15"), ("excess", "2026-08-04")]
    assert [line["over_tolerance"] for line in body["lines"]] == [False, True, False, False]


def test_before_the_final_report_is_accepted_the_paid_grant_counts_as_used(awarded, make_contract, api):
    """Provisional: nothing is unused before the organisation accounted for it; only findings are due."""
    from grants.contracts.models import ReportStatus

    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["1.00", "0.00", "0.00", "0.00"], status=ReportStatus.submitted)
    body = api(awarded.full.user).get(f"/api/v1/contracts/{contract.id}/settlement").get_json()
    assert body["provisional"] is True and body["final_report_id"] is None
    assert (body["grant_paid"], body["grant_used"], body["to_return"], body["interest_due"]) == (
        "17020.00",
        "17020.00",
        "0.00",
        "0.00",
    )
    assert body["return_due_date"] is None and body["violations"] == []


def test_nothing_paid_nothing_to_settle(awarded, make_contract, api, officer):
    contract = make_contract(awarded.full.id)  # one tranche, not paid
    body = api(officer).get(f"/api/v1/contracts/{contract.id}/settlement").get_json()
    assert (body["grant_paid"], body["to_return"], body["return_due_date"]) == ("0.00", "0.00", None)


def test_a_partial_return_pays_principal_and_interest_in_proportion(awarded, make_contract, api, officer, db):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["11000.00", "3020.00", "0.00", "2000.00"])  # 1 000,00 unused
    client = api(officer)
    # Paid on Mon 3 Aug: 1 000 × 10,5 % × 18 / 365 = 5,18 → 5,00 zł interest; 500,00 pays 497,51 of the
    # principal and 2,49 of the interest (OP art. 55 § 2).
    response = client.post(
        f"/api/v1/contracts/{contract.id}/returns", json={"amount": "500.00", "paid_on": "2026-08-03"}
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["amount"], body["paid_on"]) == ("500.00", "2026-08-03")
    settlement = body["settlement"]
    assert settlement["to_return"] == "502.49"
    assert settlement["dues"][0]["principal_paid"] == "497.51"
    assert settlement["dues"][0]["interest_paid"] == "2.49"
    # The rest of the interest (2,51) and the interest on 502,49 from 4 Aug to 5 Dec (124 days: 17,92 → 18).
    assert settlement["interest_due"] == "20.51"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "contract.return"))
    assert entry.entity_id == contract.id and entry.after["amount"] == "500.00"
    # The rest, with its interest: nothing more is due.
    response = client.post(
        f"/api/v1/contracts/{contract.id}/returns", json={"amount": "523.00", "paid_on": "2026-12-04"}
    )
    assert response.status_code == 201
    settlement = response.get_json()["settlement"]
    assert (settlement["to_return"], settlement["interest_due"], settlement["return_due_date"]) == (
        "0.00",
        "0.00",
        None,
    )


def test_bad_returns_name_the_field(awarded, make_contract, api, officer, db):
    contract = settle_ready(make_contract, awarded.full.id)
    client = api(officer)
    url = f"/api/v1/contracts/{contract.id}/returns"
    for body, field in [
        ({"paid_on": "2026-08-03"}, "amount"),
        ({"amount": "0", "paid_on": "2026-08-03"}, "amount"),
        ({"amount": "-5.00", "paid_on": "2026-08-03"}, "amount"),
        ({"amount": "1.001", "paid_on": "2026-08-03"}, "amount"),
        ({"amount": "abc", "paid_on": "2026-08-03"}, "amount"),
        ({"amount": "10.00"}, "paid_on"),
        ({"amount": "10.00", "paid_on": "2026-12-06"}, "paid_on"),  # tomorrow in Warsaw
        ({"amount": "10.00", "paid_on": "3 sierpnia"}, "paid_on"),
        ({"amount": "10.00", "paid_on": "2026-08-03", "note": 5}, "note"),
    ]:
        response = client.post(url, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert list(response.get_json()["fields"]) == [field], body
    assert client.post(url, json=["x"]).status_code == 400
    assert db.session.scalar(db.select(db.func.count(GrantReturn.id))) == 0


def test_returns_are_the_office_s_to_record(awarded, make_contract, api, officer, other_officer, committee, make_org):
    contract = settle_ready(make_contract, awarded.full.id)
    body = {"amount": "10.00", "paid_on": "2026-08-03"}
    url = f"/api/v1/contracts/{contract.id}/returns"
    assert api(awarded.full.user).post(url, json=body).status_code == 403
    assert api(other_officer).post(url, json=body).status_code == 404
    assert api(committee.chair).post(url, json=body).status_code == 404
    assert api().post(url, json=body).status_code == 401
    outsider = make_user("obca@ngo.example", "Obca")
    make_org("Fundacja Obca", members=[outsider])
    assert api(outsider).post(url, json=body).status_code == 404
    assert api(outsider).get(f"/api/v1/contracts/{contract.id}/settlement").status_code == 404
    assert api(other_officer).get(f"/api/v1/contracts/{contract.id}/settlement").status_code == 404
    assert api(officer).post(f"/api/v1/contracts/{contract.id + 999}/returns", json=body).status_code == 404


def test_a_draft_contract_has_nothing_to_return(awarded, make_contract, api, officer):
    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    response = api(officer).post(
        f"/api/v1/contracts/{contract.id}/returns", json={"amount": "10.00", "paid_on": "2026-08-03"}
    )
    assert response.status_code == 409 and response.get_json()["error"] == "contract_not_signed"


def test_a_misused_finding_bears_interest_from_the_transfer(awarded, make_contract, api, officer, db):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, AS_PLANNED)
    client = api(officer)
    response = client.post(
        f"/api/v1/contracts/{contract.id}/findings",
        json={"kind": "misused", "amount": "1000.00", "found_on": "2026-11-02", "note": "Faktura spoza umowy."},
    )
    assert response.status_code == 201, response.get_json()
    settlement = response.get_json()["settlement"]
    # Due 17 Nov (art. 252 ust. 1: 15 days after 2 Nov); interest from 2 March, the transfer (ust. 3 pkt 1):
    # 2–4 March at 11,00 % (3 days: 0,90) + 5 March – 5 Dec at 10,50 % (276 days: 79,40) = 80,30 → 80,00.
    assert (settlement["misused"], settlement["to_return"], settlement["return_due_date"]) == (
        "1000.00",
        "1000.00",
        "2026-11-17",
    )
    assert settlement["interest_due"] == "80.00"
    assert settlement["grant_used"] == "16020.00"
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "contract.finding")) is not None
    response = client.post(f"/api/v1/contracts/{contract.id}/findings", json={"kind": "lost", "amount": "1"})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"kind", "found_on"}
    assert api(awarded.full.user).post(f"/api/v1/contracts/{contract.id}/findings", json={}).status_code == 403


def test_an_undue_finding_bears_interest_after_its_15_days(awarded, make_contract, api, officer):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, AS_PLANNED)
    response = api(officer).post(
        f"/api/v1/contracts/{contract.id}/findings",
        json={"kind": "undue", "amount": "1000.00", "found_on": "2026-11-02"},
    )
    settlement = response.get_json()["settlement"]
    # Due Tue 17 Nov; interest from 18 Nov to 5 Dec: 18 days × 1 000 × 10,5 % / 365 = 5,18 → 5,00.
    assert (settlement["undue"], settlement["return_due_date"], settlement["interest_due"]) == (
        "1000.00",
        "2026-11-17",
        "5.00",
    )
    assert settlement["dues"][0]["legal_basis"] == "art. 252 ust. 1 pkt 2 ufp"


def test_the_party_reads_the_settlement_with_the_office_account(awarded, make_contract, api, db, office):
    office.bank_account = "61109010140000071219812874"
    db.session.commit()
    contract = settle_ready(make_contract, awarded.full.id)
    body = api(awarded.full.user).get(f"/api/v1/contracts/{contract.id}/settlement").get_json()
    assert body["return_account"] == "61109010140000071219812874"
    assert api(awarded.full.user).get(f"/api/v1/contracts/{contract.id}/returns").get_json() == []


def test_the_interest_rate_table_through_the_api(api, admin, officer, ngo_user, db):
    from grants.contracts.operations.rates import seed_rates

    seed_rates()
    db.session.commit()
    rates = api(officer).get("/api/v1/interest-rates").get_json()
    assert rates[-1]["valid_from"] == "2026-03-05" and rates[-1]["rate_percent"] == "10.50"
    assert api().get("/api/v1/interest-rates").status_code == 401
    client = api(admin)
    response = client.post("/api/v1/interest-rates", json={"valid_from": "2026-12-03", "rate_percent": "10.00"})
    assert response.status_code == 201, response.get_json()
    rate_id = response.get_json()["id"]
    response = client.post("/api/v1/interest-rates", json={"valid_from": "2026-12-03", "rate_percent": "9"})
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["valid_from"]
    response = client.post("/api/v1/interest-rates", json={"valid_from": "x", "rate_percent": "0"})
    assert set(response.get_json()["fields"]) == {"valid_from", "rate_percent"}
    response = client.patch(f"/api/v1/interest-rates/{rate_id}", json={"rate_percent": "9.75", "note": "MF"})
    assert response.status_code == 200 and response.get_json()["rate_percent"] == "9.75"
    assert client.patch("/api/v1/interest-rates/999999", json={}).status_code == 404
    assert api(officer).post("/api/v1/interest-rates", json={}).status_code == 403
    assert api(officer).patch(f"/api/v1/interest-rates/{rate_id}", json={}).status_code == 403
    actions = [
        e.action
        for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.entity_type == "interest_rate").order_by(AuditEntry.id)
        )
    ]
    assert actions == ["interest_rate.seed", "interest_rate.create", "interest_rate.update"]
    assert seed_rates() == []  # idempotent


def test_flask_rates_seed_fills_the_table_once(app, db):
    from grants.contracts.models import InterestRate
    from settlement import TAX_ARREARS_RATES

    runner = app.test_cli_runner()
    result = runner.invoke(args=["rates", "seed"])
    assert result.exit_code == 0 and f"{len(TAX_ARREARS_RATES)} rate(s) added" in result.output
    assert runner.invoke(args=["rates", "seed"]).output.strip() == "0 rate(s) added"
    assert db.session.scalar(db.select(db.func.count(InterestRate.id))) == len(TAX_ARREARS_RATES)


def test_a_rate_table_that_starts_too_late_is_a_409_not_a_500(awarded, make_contract, api, officer, db, login, client):
    from grants.contracts.models import InterestRate

    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["11000.00", "3020.00", "0.00", "2000.00"])  # interest from 16 July
    db.session.add(InterestRate(valid_from=date(2026, 8, 1), rate_percent=D("10.50")))
    db.session.commit()
    response = api(officer).get(f"/api/v1/contracts/{contract.id}/settlement")
    assert response.status_code == 409 and response.get_json()["error"] == "settlement_unavailable"
    login(officer)
    page = client.get(f"/contracts/{contract.id}/settlement")
    assert page.status_code == 200 and "Nie można rozliczyć umowy" in page.get_data(as_text=True)
    # The lists skip it rather than fail.
    assert api(officer).get("/api/v1/contracts?due=overdue").status_code == 200
