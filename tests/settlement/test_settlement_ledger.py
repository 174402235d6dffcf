"""The settlement of one contract (`settlement.settle`), scenario by scenario, figures worked by hand.

Most scenarios use a flat 36,50 % a year, at which 1 000,00 zł earns exactly 1,00 zł a day
(1000 × 36,5 / 100 / 365), so the interest can be checked by counting days."""

from datetime import date
from decimal import Decimal

import pytest

from settlement import (
    TAX_ARREARS_RATES,
    Allocation,
    Line,
    Payment,
    RatePeriod,
    ReturnKind,
    SettlementError,
    settle,
)

D = Decimal
ONE_ZLOTY_A_DAY_PER_1000 = (RatePeriod(date(2016, 1, 1), D("36.50")),)
USE_END = date(2026, 6, 30)
UNUSED_DUE = date(2026, 7, 15)  # ufp art. 251 ust. 3: 30 June + 15 days, a Wednesday


def contract(**overrides):
    """10 000,00 zł paid on 2 March 2026 for two lines of 6 000 and 4 000; the report spent 5 000 and 4 000."""
    arguments = dict(
        grant_in_contract=D("10000.00"),
        tranches_paid=[Payment(date(2026, 3, 2), D("10000.00"))],
        lines=[Line(1, D("6000.00"), D("5000.00")), Line(2, D("4000.00"), D("4000.00"))],
        tolerance_percent=D("10"),
        use_end=USE_END,
        returns=[],
        today=UNUSED_DUE,
        rates=ONE_ZLOTY_A_DAY_PER_1000,
    )
    arguments.update(overrides)
    return settle(**arguments)


def test_unused_grant_is_due_15_days_after_the_term_of_use_without_interest_on_the_due_date():
    s = contract()
    assert (s.grant_paid, s.grant_declared, s.grant_used, s.unused) == (
        D("10000.00"),
        D("9000.00"),
        D("9000.00"),
        D("1000.00"),
    )
    assert (s.to_return, s.return_due_date, s.interest_due, s.overdue) == (D("1000.00"), UNUSED_DUE, D("0"), False)
    [due] = s.dues
    assert (due.kind, due.legal_basis) == (ReturnKind.unused, "art. 251 ust. 3 ufp")
    assert due.interest_from == date(2026, 7, 16)
    assert s.violations == ()


@pytest.mark.parametrize(
    ("today", "interest_due"),
    [
        (date(2026, 7, 16), D("1")),  # ufp art. 251 ust. 5: from the day after the deadline
        (date(2026, 8, 14), D("30")),  # 16-31 July (16 days) + 1-14 August (14) = 30 days × 1,00
    ],
)
def test_late_unused_grant_bears_interest_from_the_day_after_the_deadline(today, interest_due):
    s = contract(today=today)
    assert (s.to_return, s.interest_due, s.overdue) == (D("1000.00"), interest_due, True)


def test_on_the_seed_table_the_day_after_the_deadline_already_costs_something():
    # Nothing spent: 10 000,00 zł unused; one day at 10,50 % = 10000 × 10,5 / 36500 = 2,876... → 3 zł.
    nothing_spent = [Line(1, D("6000.00"), D("0.00")), Line(2, D("4000.00"), D("0.00"))]
    assert contract(lines=nothing_spent, rates=TAX_ARREARS_RATES).interest_due == D("0")
    late = contract(lines=nothing_spent, rates=TAX_ARREARS_RATES, today=date(2026, 7, 16))
    assert late.interest_due == D("3")


def test_interest_across_a_rate_change_on_the_seed_table():
    # Use ended 13 Nov 2025: due Fri 28 Nov, interest from 29 Nov. To 8 Dec on 10 000,00 zł:
    #   29 Nov - 3 Dec, 5 days at 11,50 %: 10000 × 11,5 × 5 / 36500 = 15,7534...
    #   4-8 Dec, 5 days at 11,00 %:        10000 × 11 × 5 / 36500   = 15,0685...
    #   30,8219... → 31 zł.
    s = contract(
        tranches_paid=[Payment(date(2025, 3, 3), D("10000.00"))],
        lines=[Line(1, D("6000.00"), D("0.00")), Line(2, D("4000.00"), D("0.00"))],
        use_end=date(2025, 11, 13),
        today=date(2025, 12, 8),
        rates=TAX_ARREARS_RATES,
    )
    assert (s.return_due_date, s.interest_due) == (date(2025, 11, 28), D("31"))


def test_a_partial_late_return_pays_principal_and_interest_in_proportion_op_art_55_par_2():
    # 25 July: 10 days late (16-25 July) → interest 10 zł; owed 1 010,00. The 500,00 returned splits
    # 500 × 1000 / 1010 = 495,0495 → 495,05 principal and 4,95 interest. Left: 504,95 principal, 5,05
    # interest. To 4 August, 10 more days (26 July - 4 August) on 504,95: 5,0495 → 5 zł; interest 10,05.
    s = contract(returns=[Payment(date(2026, 7, 25), D("500.00"))], today=date(2026, 8, 4))
    assert s.allocations == (Allocation(date(2026, 7, 25), ReturnKind.unused, D("495.05"), D("4.95")),)
    assert (s.returned, s.to_return, s.interest_due, s.overdue) == (D("500.00"), D("504.95"), D("10.05"), True)
    [due] = s.dues
    assert (due.principal_paid, due.interest_paid, due.interest_charged) == (D("495.05"), D("4.95"), D("15"))


def test_returning_the_principal_alone_late_leaves_part_of_it_owed():
    # 1 000,00 returned 10 days late: 1000 × 1000 / 1010 = 990,099 → 990,10 principal, 9,90 interest.
    s = contract(returns=[Payment(date(2026, 7, 25), D("1000.00"))], today=date(2026, 7, 25))
    assert (s.to_return, s.interest_due) == (D("9.90"), D("0.10"))


def test_returning_principal_and_interest_on_the_day_settles_everything():
    s = contract(returns=[Payment(date(2026, 7, 25), D("1010.00"))], today=date(2026, 8, 31))
    assert (s.to_return, s.interest_due, s.return_due_date, s.overdue, s.overpaid) == (
        D("0.00"),
        D("0"),
        None,
        False,
        D("0.00"),
    )
    assert s.dues[0].paid_off_on == date(2026, 7, 25)


def test_returning_more_than_is_due_leaves_an_overpayment_and_nothing_negative():
    s = contract(returns=[Payment(date(2026, 7, 10), D("1200.00"))])
    assert (s.to_return, s.interest_due, s.return_due_date, s.overpaid) == (D("0.00"), D("0"), None, D("200.00"))
    assert s.allocations == (Allocation(date(2026, 7, 10), ReturnKind.unused, D("1000.00"), D("0")),)


def test_a_return_dated_after_today_is_not_counted_yet():
    s = contract(returns=[Payment(date(2026, 7, 20), D("1000.00"))])
    assert (s.returned, s.to_return) == (D("0"), D("1000.00"))


def test_a_line_over_the_tolerance_is_grant_taken_in_excess_ufp_art_252_ust_1_pkt_2():
    # Line 1 grew from 6 000 to 6 700 (+11,67 %), 600 allowed at 10 % → 100,00 in excess; line 2 spent
    # 700 less, so nothing is unused. Found on Thu 10 Dec 2026: due 25 Dec → Fri 25, Sat 26 and Sun 27 are
    # free → Mon 28 Dec; interest from 29 Dec. To 7 Jan 2027, 29-31 Dec + 1-7 Jan = 10 days on 100,00 at
    # 36,5 % = 1,00 zł.
    lines = [Line(1, D("6000.00"), D("6700.00")), Line(2, D("4000.00"), D("3300.00"))]
    s = contract(lines=lines, excess_found_on=date(2026, 12, 10), today=date(2027, 1, 7))
    assert (s.unused, s.excess, s.grant_used) == (D("0.00"), D("100.00"), D("9900.00"))
    assert [(v.cost_item_id, v.increase_percent, v.allowed_grant, v.excess) for v in s.violations] == [
        (1, D("11.67"), D("6600.00"), D("100.00"))
    ]
    [due] = s.dues
    assert (due.kind, due.due_date, due.interest_from) == (ReturnKind.excess, date(2026, 12, 28), date(2026, 12, 29))
    assert (s.to_return, s.interest_due, s.overdue) == (D("100.00"), D("1"), True)
    # Without a finding date the end of the term of use stands for it.
    assert contract(lines=lines).dues[0].due_date == UNUSED_DUE


def test_misused_grant_bears_interest_from_the_first_transfer_ufp_art_252_ust_3_pkt_1():
    # Two tranches (2 March, 4 May); everything spent as planned; 2 000,00 found misused on Tue 1 Sep
    # 2026, due Wed 16 Sep. Interest runs from 2 March: 2-31 Mar 30 + Apr 30 + May 31 + Jun 30 + Jul 31 +
    # Aug 31 + 1-16 Sep 16 = 199 days × 2,00 zł = 398 zł on the due date itself - not yet overdue.
    tranches = [Payment(date(2026, 3, 2), D("5000.00")), Payment(date(2026, 5, 4), D("5000.00"))]
    spent = [Line(1, D("6000.00"), D("6000.00")), Line(2, D("4000.00"), D("4000.00"))]
    arguments = dict(tranches_paid=tranches, lines=spent, misused=D("2000.00"), misused_found_on=date(2026, 9, 1))
    s = contract(**arguments, today=date(2026, 9, 16))
    assert (s.grant_used, s.misused, s.unused, s.excess) == (D("8000.00"), D("2000.00"), D("0.00"), D("0.00"))
    assert (s.to_return, s.return_due_date, s.interest_due, s.overdue) == (
        D("2000.00"),
        date(2026, 9, 16),
        D("398"),
        False,
    )
    assert s.dues[0].interest_from == date(2026, 3, 2)
    late = contract(**arguments, today=date(2026, 9, 17))
    assert (late.interest_due, late.overdue) == (D("400"), True)


def test_a_return_pays_the_oldest_due_first_then_the_next_in_proportion():
    # Unused 1 000,00 (due 15 July) and misused 2 000,00 (found 1 Sep, interest from 2 March). 1 500,00
    # returned on 10 July pays the unused grant (not yet late: no interest), then 500,00 goes to the
    # misused grant: 2 March - 10 July is 30 + 30 + 31 + 30 + 10 = 131 days × 2,00 = 262 zł; owed 2 262,00;
    # 500 × 2000 / 2262 = 442,0866 → 442,09 principal, 57,91 interest. Left: 1 557,91 and 204,09.
    s = contract(
        misused=D("2000.00"),
        misused_found_on=date(2026, 9, 1),
        returns=[Payment(date(2026, 7, 10), D("1500.00"))],
        today=date(2026, 7, 10),
    )
    assert (s.grant_used, s.unused, s.misused) == (D("7000.00"), D("1000.00"), D("2000.00"))
    assert s.allocations == (
        Allocation(date(2026, 7, 10), ReturnKind.unused, D("1000.00"), D("0")),
        Allocation(date(2026, 7, 10), ReturnKind.misused, D("442.09"), D("57.91")),
    )
    assert (s.to_return, s.interest_due, s.return_due_date) == (D("1557.91"), D("204.09"), date(2026, 9, 16))
    assert s.outstanding_by_kind == {ReturnKind.unused: D("0.00"), ReturnKind.misused: D("1557.91")}
    assert s.interest_by_kind == {ReturnKind.unused: D("0"), ReturnKind.misused: D("204.09")}
    assert s.due(ReturnKind.excess) is None


def test_a_report_declaring_more_grant_than_was_paid_counts_allowed_spending_first():
    # Only 1 000,00 paid so far. Declared 700 + 400 = 1 100; line 1 is allowed 550 → 150 over the
    # tolerance. The grant paid covers the allowed 950 first; only the remaining 50 counts as excess.
    s = contract(
        tranches_paid=[Payment(date(2026, 3, 2), D("1000.00"))],
        lines=[Line(1, D("500.00"), D("700.00")), Line(2, D("500.00"), D("400.00"))],
    )
    assert (s.grant_paid, s.grant_used, s.unused, s.excess, s.to_return) == (
        D("1000.00"),
        D("950.00"),
        D("0.00"),
        D("50.00"),
        D("50.00"),
    )


def test_nothing_due_means_nothing_to_return_and_no_date():
    spent = [Line(1, D("6000.00"), D("6000.00")), Line(2, D("4000.00"), D("4000.00"))]
    s = contract(lines=spent, today=date(2027, 6, 1))
    assert (s.to_return, s.return_due_date, s.interest_due, s.overdue, s.dues) == (D("0.00"), None, D("0"), False, ())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (dict(misused=D("10.00")), "misused_found_on"),
        (dict(tranches_paid=[Payment(date(2026, 3, 2), D("10.001"))]), "tranche of 2026-03-02"),
        (dict(returns=[Payment(date(2026, 7, 1), D("-5.00"))]), "return of 2026-07-01"),
        (dict(grant_in_contract=D("-1.00")), "grant in the contract"),
        (dict(tolerance_percent=D("-5")), "tolerance"),
    ],
)
def test_refuses_bad_input(overrides, message):
    with pytest.raises(SettlementError, match=message):
        contract(**overrides)


def test_an_undue_finding_is_due_15_days_after_it_with_interest_from_the_day_after_ufp_art_252_ust_1_pkt_2():
    # Everything spent as planned; the office finds 1 000,00 taken unduly on Tue 1 Sep 2026: due 16 Sep
    # (art. 252 ust. 1: 15 days), interest from 17 Sep (art. 252 ust. 3 pkt 2); 1,00 zł a day.
    spent = [Line(1, D("6000.00"), D("6000.00")), Line(2, D("4000.00"), D("4000.00"))]
    s = contract(lines=spent, undue=D("1000.00"), undue_found_on=date(2026, 9, 1), today=date(2026, 9, 26))
    assert (s.grant_used, s.undue, s.misused, s.unused, s.excess) == (
        D("9000.00"),
        D("1000.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )
    [due] = s.dues
    assert (due.kind, due.legal_basis, due.due_date, due.interest_from) == (
        ReturnKind.undue,
        "art. 252 ust. 1 pkt 2 ufp",
        date(2026, 9, 16),
        date(2026, 9, 17),
    )
    assert (s.to_return, s.interest_due, s.overdue) == (D("1000.00"), D("10.00"), True)
    assert s.grant_used + s.unused + s.excess + s.misused + s.undue == s.grant_paid
    with pytest.raises(SettlementError, match="undue_found_on"):
        contract(undue=D("10.00"))
