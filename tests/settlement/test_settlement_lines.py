"""The cost-shift tolerance of Annex 3 § 5 (Dz.U. 2018 poz. 2057): a grant part may grow by the contract's %."""

from decimal import Decimal

import pytest

from settlement import Line, SettlementError, Violation, allowed_grant, increase_percent, violations

D = Decimal


@pytest.mark.parametrize(
    ("actual", "compliant"),
    [
        (D("1000.00"), True),
        (D("900.00"), True),  # spending less is never a violation (what is left is unused)
        (D("1100.00"), True),  # exactly 10 % more: at the limit is within it
        (D("1100.01"), False),
    ],
)
def test_ten_percent_of_1000_allows_1100_00_and_not_1100_01(actual, compliant):
    found = violations([Line(1, D("1000.00"), actual)], D("10"))
    assert (found == []) is compliant


def test_a_violation_names_the_line_the_increase_the_allowed_amount_and_the_excess():
    found = violations([Line(7, D("1000.00"), D("1250.00")), Line(8, D("500.00"), D("500.00"))], D("10"))
    # 1250 − 1000 = 250, 25,00 % of 1000; allowed 1100,00; taken in excess (art. 252 ust. 1 pkt 2) 150,00.
    assert found == [Violation(7, D("1000.00"), D("1250.00"), D("25.00"), D("1100.00"), D("150.00"))]


def test_the_increase_is_rounded_up_so_a_violation_never_reads_as_within_the_tolerance():
    # 1100,01 / 1000 = +10,001 % → 10,01 % (half-up would show 10,00 %, seemingly at the limit).
    [violation] = violations([Line(1, D("1000.00"), D("1100.01"))], D("10"))
    assert violation.increase_percent == D("10.01")
    assert violation.excess == D("0.01")
    assert increase_percent(D("1000.00"), D("900.00")) == D("-10.00")


def test_a_limit_between_two_grosze_is_rounded_down():
    # 333,33 × 1,15 = 383,3295: 383,33 would already be 15,0009 % more, so 383,32 is the most allowed.
    assert allowed_grant(D("333.33"), D("15")) == D("383.32")
    [violation] = violations([Line(1, D("333.33"), D("383.33"))], D("15"))
    assert (violation.allowed_grant, violation.excess) == (D("383.32"), D("0.01"))
    assert violations([Line(1, D("333.33"), D("383.32"))], D("15")) == []


def test_a_line_the_contract_financed_with_nothing_from_the_grant_has_no_percentage_and_all_is_excess():
    [violation] = violations([Line(3, D("0.00"), D("40.00"))], D("25"))
    assert violation.increase_percent is None  # no base: an infinite increase
    assert (violation.allowed_grant, violation.excess) == (D("0.00"), D("40.00"))
    assert violations([Line(3, D("0.00"), D("0.00"))], D("25")) == []


def test_a_zero_tolerance_allows_no_growth_at_all():
    assert violations([Line(1, D("100.00"), D("100.00"))], D("0")) == []
    assert len(violations([Line(1, D("100.00"), D("100.01"))], D("0"))) == 1


@pytest.mark.parametrize(
    ("lines", "tolerance", "message"),
    [
        ([Line(1, D("-1.00"), D("0.00"))], D("10"), "planned grant of cost item 1"),
        ([Line(1, D("1.00"), D("0.005"))], D("10"), "whole grosze"),
        ([Line(1, D("1.00"), D("1.00")), Line(1, D("2.00"), D("2.00"))], D("10"), "appears twice"),
        ([Line(1, D("1.00"), D("1.00"))], D("-1"), "tolerance"),
        ([Line(1, D("1.00"), 1)], D("10"), "actual grant of cost item 1"),
    ],
)
def test_refuses_bad_lines(lines, tolerance, message):
    with pytest.raises(SettlementError, match=message):
        violations(lines, tolerance)
