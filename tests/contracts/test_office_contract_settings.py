"""The office's contract settings page (/office/contract-settings): what each new contract copies from its office
(Annex 3: the number pattern, who signs, the treasurer's countersignature under art. 46 ust. 3 of the Act on
municipal self-government, the place, the account for returns) — and every refusal."""

from grants.audit.models import AuditEntry
from grants.extensions import db
from grants.offices.models import Office
from tests.contracts.helpers import today, two_tranches

ACCOUNT = "61 1090 1014 0000 0712 1981 2874"
GOOD = {
    "contract_number_pattern": "CDO-RIPS.525.{seq}.{year}",
    "representatives-0-full_name": "Jan Prezydent",
    "representatives-0-function": "Zastępca Prezydenta Miasta",
    "representatives-1-full_name": "",
    "representatives-1-function": "",
    "representatives-2-full_name": "Ewa Naczelnik",
    "representatives-2-function": "Naczelniczka Wydziału",
    "treasurer": "Maria Skarbnik",
    "contract_place": "Opole",
    "bank_account": ACCOUNT,
}


def test_the_officer_saves_and_the_next_contract_carries_the_settings(awarded, login, client, officer):
    login(officer)
    page = client.get("/office/contract-settings")
    assert page.status_code == 200 and "representatives-2-full_name" in page.get_data(as_text=True)
    assert "/office/contract-settings" in client.get("/office/").get_data(as_text=True)
    response = client.post("/office/contract-settings", data=GOOD)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    office = db.session.get(Office, officer.office_id)
    assert office.bank_account == "61109010140000071219812874"
    assert office.representatives == [
        {"full_name": "Jan Prezydent", "function": "Zastępca Prezydenta Miasta"},
        {"full_name": "Ewa Naczelnik", "function": "Naczelniczka Wydziału"},
    ]
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "office.contract_settings")).one()
    assert entry.actor_id == officer.id and entry.office_id == office.id
    assert entry.before["treasurer"] == "" and entry.after["treasurer"] == "Maria Skarbnik"
    assert entry.after["contract_number_pattern"] == "CDO-RIPS.525.{seq}.{year}"

    drawn = awarded.flow.officer.post(f"/api/v1/offers/{awarded.full.id}/contract", json={"tranches": two_tranches()})
    assert drawn.status_code == 201, drawn.get_json()
    contract = awarded.flow.officer.get(f"/api/v1/contracts/{drawn.get_json()['id']}").get_json()
    assert contract["number"] == f"CDO-RIPS.525.1.{today().year}"
    assert contract["office_representatives"] == office.representatives
    # art. 46 ust. 3 of the Act on municipal self-government: the treasurer countersigns
    assert contract["treasurer"] == "Maria Skarbnik" and contract["place"] == "Opole"


def test_a_bad_account_and_a_pattern_without_seq_are_422_with_the_typed_values_kept(login, client, officer):
    login(officer)
    before = db.session.get(Office, officer.office_id).contract_number_pattern
    typed = {**GOOD, "contract_number_pattern": "UM.525.{year}", "bank_account": "61 1090 1014 0000 0712 1981 2875"}
    response = client.post("/office/contract-settings", data=typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-contract_number_pattern-error"' in html or "f-contract_number_pattern" in html
    assert 'aria-invalid="true"' in html
    assert 'value="UM.525.{year}"' in html and 'value="61 1090 1014 0000 0712 1981 2875"' in html
    assert 'value="Ewa Naczelnik"' in html and 'value="Maria Skarbnik"' in html
    db.session.expire_all()
    office = db.session.get(Office, officer.office_id)
    assert office.contract_number_pattern == before and office.bank_account == ""


def test_the_operation_names_each_field(officer):
    import pytest

    from grants.errors import ValidationFailed
    from grants.offices.operations import update_contract_settings

    office = db.session.get(Office, officer.office_id)
    with pytest.raises(ValidationFailed) as caught:
        update_contract_settings(
            actor=officer,
            office=office,
            raw={
                "contract_number_pattern": "UM.{year}",
                "bank_account": "PL12",
                "representatives": [{"full_name": "", "function": "Prezydent"}],
            },
        )
    assert set(caught.value.fields) == {"contract_number_pattern", "bank_account", "representatives.0.full_name"}


def test_a_representative_without_a_name_is_named_on_its_row(login, client, officer):
    login(officer)
    typed = {**GOOD, "representatives-2-full_name": ""}
    response = client.post("/office/contract-settings", data=typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-representatives-2-full_name-error"' in html
    assert 'value="Naczelniczka Wydziału"' in html


def test_an_ngo_member_is_refused(login, client, ngo_user):
    login(ngo_user)
    assert client.get("/office/contract-settings").status_code == 403
    assert client.post("/office/contract-settings", data=GOOD).status_code == 403


def test_another_offices_officer_edits_only_their_own_office(login, client, officer, other_officer):
    login(other_officer)
    response = client.post("/office/contract-settings", data={**GOOD, "treasurer": "Intruz"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Office, officer.office_id).treasurer == ""
    assert db.session.get(Office, other_officer.office_id).treasurer == "Intruz"


def test_the_operation_refuses_another_offices_officer(officer, other_officer):
    import pytest

    from grants.errors import NotFound
    from grants.offices.operations import update_contract_settings

    office = db.session.get(Office, officer.office_id)
    with pytest.raises(NotFound):
        update_contract_settings(actor=other_officer, office=office, raw={"contract_number_pattern": "X.{seq}"})
