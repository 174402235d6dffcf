"""The settlement of a contract read from its rows, case by case (figures worked by hand). The clock stands on
Saturday 5 December 2026 (Warsaw). The contract's grant, 17 020,00 zł, was paid on 15 January 2026; the
report declares 1 000,00 zł less spent on the teacher, so 1 000,00 zł is unused (ufp art. 251 ust. 3).
At 10,50 % a year (from 5 March 2026) 1 000,00 zł earns 0,287 67 zł a day; at 11,00 % (from 4 Dec 2025)
0,301 37 zł."""

from datetime import date

import pytest

from grants.contracts.settlement_view import contract_settlement
from tests.contracts.settlement_helpers import D, accept_final_report, settle_ready, settlement_day

TODAY = date(2026, 12, 5)
PAID = [(D("17020.00"), date(2026, 1, 15), date(2026, 1, 15))]
UNUSED_1000 = ["11000.00", "3020.00", "0.00", "2000.00"]


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


@pytest.mark.parametrize(
    ("use_end", "due", "interest"),
    [
        # Tue 30 June + 15 days = Wed 15 July; 16 July – 5 Dec: 143 days × 0,287 67 = 41,14 → 41,00
        (date(2026, 6, 30), date(2026, 7, 15), "41.00"),
        # Fri 3 July + 15 = Sat 18 July → Mon 20 July (KC art. 115); 21 July – 5 Dec: 138 days = 39,70 → 40,00
        (date(2026, 7, 3), date(2026, 7, 20), "40.00"),
        # Tue 27 Oct + 15 = Wed 11 Nov, Independence Day → Thu 12 Nov; 13 Nov – 5 Dec: 23 days = 6,62 → 7,00
        (date(2026, 10, 27), date(2026, 11, 12), "7.00"),
        # Tue 10 Feb + 15 = Wed 25 Feb; from 26 Feb: 7 days at 11,00 % (2,11) and 276 at 10,50 % (79,40),
        # across the change of 5 March: 81,51 → 82,00
        (date(2026, 2, 10), date(2026, 2, 25), "82.00"),
        # Mon 23 Nov + 15 = Tue 8 Dec: not due yet, no interest
        (date(2026, 11, 23), date(2026, 12, 8), "0.00"),
    ],
)
def test_the_unused_grant_is_due_15_days_after_the_term_of_use(awarded, make_contract, use_end, due, interest):
    contract = settle_ready(make_contract, awarded.full.id, use_end=use_end, tranches=PAID)
    accept_final_report(contract, UNUSED_1000, accepted_on=min(use_end, TODAY))
    s = contract_settlement(contract, TODAY).result
    assert (s.to_return, s.return_due_date, s.interest_due) == (D("1000.00"), due, D(interest))
    assert s.overdue is (due < TODAY)


@pytest.mark.parametrize(
    ("books_grant", "violation"),
    [
        ("3322.00", None),  # exactly +10 %, the contract's tolerance: compliant (Annex 3 § 5)
        ("3321.99", None),
        ("3322.01", ("10.01", "0.01")),  # one grosz over: the increase reads 10,01 %, rounded up
        ("4000.00", ("32.46", "678.00")),
    ],
)
def test_the_tolerance_of_a_cost_line(awarded, make_contract, books_grant, violation):
    contract = settle_ready(make_contract, awarded.full.id, tranches=PAID)
    accept_final_report(contract, ["11000.00", books_grant, "0.00", "2000.00"])
    s = contract_settlement(contract, TODAY).result
    found = [(str(v.increase_percent), str(v.excess)) for v in s.violations]
    assert found == ([violation] if violation else [])
    assert s.grant_used + s.unused + s.excess + s.misused + s.undue == s.grant_paid


def test_partial_returns_in_date_order(awarded, make_contract, db):
    from grants.contracts.models import GrantReturn

    contract = settle_ready(make_contract, awarded.full.id, tranches=PAID)  # use end 30 June: due 15 July
    accept_final_report(contract, UNUSED_1000)
    for amount, day in (("400.00", date(2026, 7, 10)), ("300.00", date(2026, 8, 14))):
        db.session.add(GrantReturn(contract_id=contract.id, amount=amount, paid_on=day))
    db.session.add(GrantReturn(contract_id=contract.id, amount="50.00", paid_on=date(2026, 12, 20)))  # future
    db.session.commit()
    s = contract_settlement(contract, TODAY).result
    # 10 July, in time: 400,00 principal. 14 Aug: 30 days late on 600,00 = 5,18 → 5,00 interest; 300,00 pays
    # 297,52 principal and 2,48 interest (in proportion, OP art. 55 § 2). Left 302,48 and 2,52 of interest,
    # and 113 days (15 Aug – 5 Dec) on 302,48 = 9,83 → 10,00. The return dated 20 Dec does not count yet.
    assert (s.returned, s.to_return, s.interest_due) == (D("700.00"), D("302.48"), D("12.52"))
    assert [(a.on, a.principal, a.interest) for a in s.allocations] == [
        (date(2026, 7, 10), D("400.00"), D("0.00")),
        (date(2026, 8, 14), D("297.52"), D("2.48")),
    ]
