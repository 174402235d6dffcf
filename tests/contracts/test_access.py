"""Who sees a contract (grants.contracts.queries): the office's officers and the parties' members; anyone
else — another office's officer, another organisation, a committee member, the public — gets 404."""

import pytest

from grants.contracts.queries import get_contract_for, get_report_for, require_contract_officer
from grants.errors import Forbidden, NotFound
from tests.helpers import make_staff, make_user


def test_officers_and_parties_see_a_contract_others_do_not(awarded, make_contract, officer, committee, make_org):
    contract = make_contract(awarded.full.id)
    assert get_contract_for(officer, contract.id) is contract
    assert get_contract_for(awarded.full.user, contract.id) is contract
    with pytest.raises(Forbidden):
        require_contract_officer(awarded.full.user, contract)
    require_contract_officer(officer, contract)
    from grants.offices.models import Office

    elsewhere = Office.query.filter_by(slug="wroclaw").one()
    stranger_officer = make_staff("referent@wroclaw.example", "officer", elsewhere, "Obcy Referent")
    outsider = make_user("inna@ngo.example", "Inna Organizacja")
    make_org("Fundacja Obca", members=[outsider])
    for user in (awarded.lower.user, outsider, stranger_officer, committee.chair, None):
        with pytest.raises(NotFound):
            get_contract_for(user, contract.id)
    with pytest.raises(NotFound):
        get_contract_for(officer, contract.id + 1000)
    with pytest.raises(NotFound):
        get_report_for(officer, 10**6)


def test_a_made_contract_copies_the_offer_lines_and_the_award(awarded, make_contract):
    contract = make_contract(awarded.lower.id)
    assert str(contract.grant_amount) == "12000.00"
    assert [i.name for i in contract.cost_items] == [
        "Wynagrodzenie lektora",
        "Podręczniki",
        "Udostępnienie sali",
        "Koordynacja i księgowość",
    ]
    assert [i.action for i in contract.cost_items][:2] == ["Kurs A1", "Kurs A2"]
    assert contract.cost_items[3].kind == "admin"
    assert [t.amount for t in contract.tranches] == [contract.grant_amount]
