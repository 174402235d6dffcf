"""A return owed (ufp art. 251–252) is one of a contract's dues (grants.contracts.deadlines): the contract
lists and desks show it, due or overdue, and the `due=` filters find the contract — until it is returned."""

from datetime import date

import pytest

from grants.contracts import deadlines
from grants.contracts.models import Contract, GrantReturn
from grants.extensions import db
from tests.contracts.settlement_helpers import accept_final_report, settle_ready, settlement_day

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


def _ids(kind):
    return set(db.session.scalars(db.select(Contract.id).where(deadlines.due_condition(kind, TODAY, office=False))))


def test_an_unused_grant_is_an_overdue_return_until_it_is_returned(awarded, make_contract, api, officer):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["11000.00", "3020.00", "0.00", "2000.00"])  # 1 000,00 unused, due 15 July
    [due] = deadlines.dues_for([contract], TODAY, office=False)[contract.id]
    assert (due.what, due.date, due.overdue) == ("return", date(2026, 7, 15), True)
    assert deadlines.next_due_for([contract], TODAY)[contract.id] == due
    assert contract.id in _ids("overdue") and contract.id in _ids("any")
    body = api(awarded.full.user).get("/api/v1/contracts?due=overdue").get_json()
    [item] = [i for i in body["items"] if i["id"] == contract.id]
    assert item["next_due"]["what"] == "return" and item["next_due"]["date"] == "2026-07-15"
    assert item["overdue"] is True
    # Returned with its interest (1 000 × 10,5 % × 142 days / 365 = 40,85 → 41,00 zł to 4 December).
    db.session.add(GrantReturn(contract_id=contract.id, amount="1041.00", paid_on=date(2026, 12, 4)))
    db.session.commit()
    assert deadlines.dues_for([contract], TODAY, office=False)[contract.id] == []
    assert contract.id not in _ids("any")


def test_a_return_not_yet_due_is_due_soon(awarded, make_contract):
    # Costs payable until Mon 23 Nov 2026: the unused grant is due on Tue 8 Dec (ufp art. 251 ust. 3).
    contract = settle_ready(make_contract, awarded.full.id, use_end=date(2026, 11, 23))
    accept_final_report(contract, ["11000.00", "3020.00", "0.00", "2000.00"], accepted_on=date(2026, 12, 1))
    [due] = deadlines.dues_for([contract], TODAY, office=False)[contract.id]
    assert (due.what, due.date, due.overdue) == ("return", date(2026, 12, 8), False)
    assert contract.id in _ids("soon") and contract.id not in _ids("overdue")


def test_a_fully_used_grant_owes_nothing(awarded, make_contract):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["12000.00", "3020.00", "0.00", "2000.00"])
    assert deadlines.dues_for([contract], TODAY, office=False)[contract.id] == []
    assert contract.id not in _ids("any")
