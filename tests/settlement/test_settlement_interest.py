"""Interest as for tax arrears (ufp art. 251 ust. 5, art. 252 ust. 1; OP art. 56), figures worked by hand."""

from datetime import date
from decimal import Decimal

import pytest

from scoring.decimals import round_half_up
from settlement import GROSZ, TAX_ARREARS_RATES, RatePeriod, SettlementError, interest, interest_segments

D = Decimal
# At 10 % a year, 3 650,00 zł earns exactly 1,00 zł a day (3650 × 10 / 100 / 365); at 20 %, 2,00 zł.
TEN_THEN_TWENTY = (RatePeriod(date(2020, 1, 1), D("10")), RatePeriod(date(2024, 3, 1), D("20")))


def test_half_up_at_half_a_grosz_not_bankers_rounding():
    assert round_half_up(D("0.005")) == D("0.01")
    assert round_half_up(D("2.675")) == D("2.68")
    assert round_half_up(D("2.665")) == D("2.67")  # banker's rounding would give 2,66
    # 18,25 zł × 10 % / 365 for one day = 0,005 zł exactly: half a grosz goes up.
    assert interest(D("18.25"), date(2021, 5, 5), date(2021, 5, 5), TEN_THEN_TWENTY, unit=GROSZ) == D("0.01")


def test_full_zloty_half_up_op_art_63_par_1():
    one_day = date(2021, 5, 5)
    # 1 825,00 zł × 10 % / 365 = 0,50 zł: 50 gr and more go up to a full złoty.
    assert interest(D("1825.00"), one_day, one_day, TEN_THEN_TWENTY) == D("1")
    # 1 824,99 zł × 10 % / 365 = 0,499997 zł: below 50 gr is dropped.
    assert interest(D("1824.99"), one_day, one_day, TEN_THEN_TWENTY) == D("0")
    assert interest(D("1824.99"), one_day, one_day, TEN_THEN_TWENTY, unit=GROSZ) == D("0.50")


def test_each_day_takes_the_rate_in_force_that_day_and_the_last_day_counts():
    # 27, 28, 29 February 2024 at 10 % = 3 × 1,00; 1 and 2 March at 20 % = 2 × 2,00; total 7,00 zł.
    # The leap day is a day like any other and the year still has 365 days.
    first, last = date(2024, 2, 27), date(2024, 3, 2)
    assert interest(D("3650.00"), first, last, TEN_THEN_TWENTY) == D("7")
    segments = interest_segments(D("3650.00"), first, last, TEN_THEN_TWENTY)
    assert [(s.first_day, s.last_day, s.days, s.rate_percent, s.interest) for s in segments] == [
        (date(2024, 2, 27), date(2024, 2, 29), 3, D("10"), D("3.00")),
        (date(2024, 3, 1), date(2024, 3, 2), 2, D("20"), D("4.00")),
    ]


def test_across_the_cut_of_8_may_2025_on_the_seed_table():
    # 10 000,00 zł from 1 to 31 May 2025:
    #   1-7 May at 14,50 %: 10000 × 0,145 × 7 / 365 = 10150 / 365 = 27,808219...
    #   8-31 May at 13,50 %: 10000 × 0,135 × 24 / 365 = 32400 / 365 = 88,767123...
    #   total 116,575342... → 117 zł (to the grosz 116,58; the segments shown as 27,81 and 88,77).
    first, last = date(2025, 5, 1), date(2025, 5, 31)
    assert interest(D("10000.00"), first, last, TAX_ARREARS_RATES) == D("117")
    assert interest(D("10000.00"), first, last, TAX_ARREARS_RATES, unit=GROSZ) == D("116.58")
    segments = interest_segments(D("10000.00"), first, last, TAX_ARREARS_RATES)
    assert [(s.days, s.rate_percent, s.interest) for s in segments] == [
        (7, D("14.50"), D("27.81")),
        (24, D("13.50"), D("88.77")),
    ]


def test_the_total_is_rounded_once_not_segment_by_segment():
    # 1 277,50 zł earns 0,35 zł a day at 10 % and 0,70 zł at 20 %. 28-29 February at 10 % = 0,70 and
    # 1 March at 20 % = 0,70: the sum 1,40 → 1 zł, where rounding each segment would give 1 + 1 = 2 zł.
    assert interest(D("1277.50"), date(2024, 2, 28), date(2024, 3, 1), TEN_THEN_TWENTY) == D("1")


def test_no_interest_for_an_empty_period():
    assert interest(D("1000.00"), date(2026, 7, 16), date(2026, 7, 15), TAX_ARREARS_RATES) == D("0")
    assert interest_segments(D("1000.00"), date(2026, 7, 16), date(2026, 7, 15), TAX_ARREARS_RATES) == ()


def test_the_rate_table_is_ordered_has_the_statutory_floor_and_the_verified_rates():
    starts = [period.valid_from for period in TAX_ARREARS_RATES]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for period in TAX_ARREARS_RATES:
        assert period.rate_percent >= D("8")  # OP art. 56 § 1: never below 8 %
        assert period.rate_percent % D("0.5") == 0  # 2 × a lombard rate in quarter points + 2
    rates = {period.valid_from: period.rate_percent for period in TAX_ARREARS_RATES}
    assert rates[date(2022, 2, 9)] == D("8.50")
    assert rates[date(2022, 9, 8)] == D("16.50")
    assert rates[date(2023, 9, 7)] == D("15.00")
    assert rates[date(2023, 10, 5)] == D("14.50")
    assert rates[date(2025, 12, 4)] == D("11.00")


@pytest.mark.parametrize(
    ("amount", "rates", "unit", "message"),
    [
        (D("-1.00"), TAX_ARREARS_RATES, GROSZ, "non-negative"),
        (D("NaN"), TAX_ARREARS_RATES, GROSZ, "non-negative"),
        (D("1.00"), (), GROSZ, "No interest rates"),
        (D("1.00"), (RatePeriod(date(2020, 1, 1), D("8")), RatePeriod(date(2020, 1, 1), D("9"))), GROSZ, "Two"),
        (D("1.00"), (RatePeriod(date(2020, 1, 1), D("-8")),), GROSZ, "negative"),
        (D("1.00"), TAX_ARREARS_RATES, D("0.1"), "full złoty or to the grosz"),
    ],
)
def test_refuses_what_it_cannot_compute(amount, rates, unit, message):
    with pytest.raises(SettlementError, match=message):
        interest(amount, date(2021, 1, 1), date(2021, 2, 1), rates, unit=unit)


def test_refuses_a_day_before_the_first_known_rate():
    with pytest.raises(SettlementError, match="No interest rate is known for 2015-12-31"):
        interest(D("1.00"), date(2015, 12, 31), date(2016, 1, 2), TAX_ARREARS_RATES)
