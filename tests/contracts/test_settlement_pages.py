"""The settlement in the browser: the officer's page with the cost lines, what is to return, by when and the
interest to today, and its forms to record a return and a finding; the NGO's read-only page with the
office's account; the section on the contract's page; the admin's interest-rate table. No JavaScript."""

from datetime import date

import pytest

from grants.audit.models import AuditEntry
from grants.contracts.models import Finding, GrantReturn, InterestRate
from grants.extensions import db
from tests.contracts.settlement_helpers import accept_final_report, settle_ready, settlement_day


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


@pytest.fixture
def settled(awarded, make_contract, office):
    office.bank_account = "61109010140000071219812874"
    db.session.commit()
    contract = settle_ready(make_contract, awarded.full.id)
    # 1 000,00 less on the teacher; the books 1 grosz over the 10 % tolerance.
    accept_final_report(contract, ["11000.00", "3322.01", "0.00", "2000.00"])
    return contract


def test_the_officer_reads_the_settlement_and_records_a_return(settled, login, client, officer):
    login(officer)
    page = client.get(f"/contracts/{settled.id}/settlement")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "CDO-RIPS" in html and "697,99" in html and "15 lipca 2026 r." in html  # unused, due 15 July
    assert "ponad tolerancję" in html and "+10.01%" in html  # the books line, flagged
    assert "61 1090 1014 0000 0712 1981 2874" in html
    assert f'action="/contracts/{settled.id}/settlement/returns"' in html
    response = client.post(
        f"/contracts/{settled.id}/settlement/returns", data={"amount": "500,00", "paid_on": "2026-08-03", "note": "PKO"}
    )
    assert response.status_code == 302
    [row] = db.session.scalars(db.select(GrantReturn)).all()
    assert (str(row.amount), row.paid_on, row.note) == ("500.00", date(2026, 8, 3), "PKO")
    assert "500,00" in client.get(f"/contracts/{settled.id}/settlement").get_data(as_text=True)


def test_a_bad_return_is_shown_again_with_the_field_named(settled, login, client, officer):
    login(officer)
    response = client.post(f"/contracts/{settled.id}/settlement/returns", data={"amount": "0", "paid_on": "2030-01-01"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-amount-error"' in html and 'id="f-paid_on-error"' in html
    assert 'value="2030-01-01"' in html  # nothing typed is lost
    assert db.session.scalar(db.select(db.func.count(GrantReturn.id))) == 0


def test_the_officer_records_a_finding(settled, login, client, officer):
    login(officer)
    response = client.post(
        f"/contracts/{settled.id}/settlement/findings",
        data={"kind": "misused", "amount": "100.00", "found_on": "2026-11-02", "note": "Faktura spoza umowy"},
    )
    assert response.status_code == 302
    finding = db.session.scalar(db.select(Finding))
    assert finding.kind.value == "misused" and str(finding.amount) == "100.00"
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "contract.finding")) is not None
    response = client.post(f"/contracts/{settled.id}/settlement/findings", data={"kind": "", "amount": "x"})
    assert response.status_code == 422
    assert 'id="f-kind-error"' in response.get_data(as_text=True)


def test_the_ngo_reads_what_to_return_without_the_forms(settled, awarded, login, client):
    login(awarded.full.user)
    html = client.get(f"/contracts/{settled.id}/settlement").get_data(as_text=True)
    assert "697,99" in html and "61 1090 1014 0000 0712 1981 2874" in html
    assert "/settlement/returns" not in html and "/settlement/findings" not in html
    assert (
        client.post(
            f"/contracts/{settled.id}/settlement/returns", data={"amount": "1", "paid_on": "2026-08-03"}
        ).status_code
        == 403
    )


def test_another_organisation_does_not_learn_the_settlement_exists(settled, awarded, login, client):
    login(awarded.lower.user)
    assert client.get(f"/contracts/{settled.id}/settlement").status_code == 404


def test_the_section_for_the_contract_page(settled, app, officer):
    from flask import render_template
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(officer)
        html = render_template("contracts/_settlement.html", contract=settled)
    assert "Rozliczenie dotacji" in html and "698,00" in html and f"/contracts/{settled.id}/settlement" in html


def test_the_admin_keeps_the_interest_rate_table(app, login, client, admin, officer):
    from grants.contracts.operations.rates import seed_rates

    seed_rates()
    db.session.commit()
    login(officer)
    html = client.get("/office/interest-rates").get_data(as_text=True)
    assert "10.50%" in html and "Dodaj stopę" not in html
    assert (
        client.post("/office/interest-rates", data={"valid_from": "2026-12-10", "rate_percent": "10"}).status_code
        == 403
    )
    client.post("/logout")
    login(admin)
    assert "Dodaj stopę" in client.get("/office/interest-rates").get_data(as_text=True)
    response = client.post("/office/interest-rates", data={"valid_from": "2026-12-10", "rate_percent": "10,25"})
    assert response.status_code == 302
    rate = db.session.scalar(db.select(InterestRate).where(InterestRate.valid_from == date(2026, 12, 10)))
    assert str(rate.rate_percent) == "10.25"
    response = client.post("/office/interest-rates", data={"valid_from": "2026-12-10", "rate_percent": "abc"})
    assert response.status_code == 422
    assert client.get(f"/office/interest-rates/{rate.id}").status_code == 200
    response = client.post(
        f"/office/interest-rates/{rate.id}", data={"valid_from": "2026-12-10", "rate_percent": "10.00", "note": "MF"}
    )
    assert response.status_code == 302
    db.session.refresh(rate)
    assert (str(rate.rate_percent), rate.note) == ("10.00", "MF")


def test_the_office_dashboard_links_the_rate_table(login, client, admin):
    login(admin)
    html = client.get("/office/").get_data(as_text=True)
    assert 'href="/office/interest-rates"' in html
