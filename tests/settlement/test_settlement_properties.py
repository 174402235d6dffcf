"""Properties of the settlement arithmetic over generated contracts, lines, dates and returns."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from settlement import (
    GROSZ,
    TAX_ARREARS_RATES,
    Line,
    Payment,
    add_working_days,
    allowed_grant,
    interest,
    interest_segments,
    is_working_day,
    next_working_day_if_free,
    settle,
    violations,
)

# No example database: the suite must not write files outside its own folders.
FAST = settings(max_examples=80, deadline=None, database=None)

days_2016_2030 = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))
grosze = st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n).scaleb(-2))
tolerances = st.sampled_from([Decimal("0"), Decimal("5"), Decimal("10"), Decimal("12.50"), Decimal("25")])


@FAST
@given(days_2016_2030)
def test_kc_115_lands_on_the_first_working_day_on_or_after(day):
    moved = next_working_day_if_free(day)
    assert is_working_day(moved)
    assert day <= moved <= day + timedelta(days=5)  # the longest run: 24-28 December 2025
    assert all(not is_working_day(day + timedelta(days=k)) for k in range((moved - day).days))


@FAST
@given(days_2016_2030, st.integers(min_value=0, max_value=30))
def test_add_working_days_counts_exactly_n_working_days_after_the_start(day, n):
    end = add_working_days(day, n)
    counted = sum(is_working_day(day + timedelta(days=k)) for k in range(1, (end - day).days + 1))
    assert counted == n
    assert n == 0 or is_working_day(end)


@FAST
@given(grosze, days_2016_2030, st.integers(min_value=0, max_value=800), st.integers(min_value=0, max_value=800))
def test_interest_grows_with_the_days(amount, first, days_a, days_b):
    shorter, longer = sorted((days_a, days_b))
    a = interest(amount, first, first + timedelta(days=shorter - 1), TAX_ARREARS_RATES)
    b = interest(amount, first, first + timedelta(days=longer - 1), TAX_ARREARS_RATES)
    assert Decimal(0) <= a <= b


@FAST
@given(grosze, grosze, days_2016_2030, st.integers(min_value=1, max_value=800))
def test_interest_grows_with_the_amount(amount_a, amount_b, first, days):
    smaller, larger = sorted((amount_a, amount_b))
    last = first + timedelta(days=days - 1)
    assert interest(smaller, first, last, TAX_ARREARS_RATES) <= interest(larger, first, last, TAX_ARREARS_RATES)


@FAST
@given(grosze, days_2016_2030, st.integers(min_value=1, max_value=2000))
def test_segments_cover_every_day_once_and_add_up_to_the_total_within_rounding(amount, first, days):
    last = first + timedelta(days=days - 1)
    segments = interest_segments(amount, first, last, TAX_ARREARS_RATES)
    assert segments[0].first_day == first and segments[-1].last_day == last
    for earlier, later in zip(segments, segments[1:], strict=False):
        assert later.first_day == earlier.last_day + timedelta(days=1)
        assert later.first_day in {period.valid_from for period in TAX_ARREARS_RATES}  # splits at rate changes
    assert sum(s.days for s in segments) == days
    shown = sum(s.interest for s in segments)
    assert abs(shown - interest(amount, first, last, TAX_ARREARS_RATES, unit=GROSZ)) <= GROSZ / 2 * len(segments)


lines_strategy = st.lists(st.tuples(grosze, grosze), min_size=1, max_size=6).map(
    lambda pairs: [Line(i, planned, actual) for i, (planned, actual) in enumerate(pairs, start=1)]
)


@FAST
@given(lines_strategy, tolerances)
def test_violations_excess_is_what_each_line_took_beyond_its_allowed_grant(lines, tolerance):
    found = violations(lines, tolerance)
    allowed = {line.cost_item_id: allowed_grant(line.planned_grant, tolerance) for line in lines}
    assert sum(v.excess for v in found) == sum(
        max(Decimal(0), line.actual_grant - allowed[line.cost_item_id]) for line in lines
    )
    flagged = {v.cost_item_id for v in found}
    for line in lines:
        # Compliant exactly when the grant part grew by no more than the tolerance (checked exactly).
        within = line.actual_grant * 100 <= line.planned_grant * (100 + tolerance)
        assert (line.cost_item_id not in flagged) is within
    for v in found:
        assert v.excess >= Decimal("0.01")
        assert v.increase_percent is None or v.increase_percent > tolerance


@st.composite
def contracts(draw):
    start = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)))
    tranches = [
        Payment(start + timedelta(days=draw(st.integers(0, 120))), draw(grosze)) for _ in range(draw(st.integers(1, 3)))
    ]
    use_end = start + timedelta(days=draw(st.integers(30, 300)))
    returns = [
        Payment(use_end + timedelta(days=draw(st.integers(-60, 400))), draw(grosze))
        for _ in range(draw(st.integers(0, 4)))
    ]
    misused = draw(st.one_of(st.just(Decimal("0.00")), grosze))
    undue = draw(st.one_of(st.just(Decimal("0.00")), grosze))
    return dict(
        grant_in_contract=draw(grosze),
        tranches_paid=tranches,
        lines=draw(lines_strategy),
        tolerance_percent=draw(tolerances),
        use_end=use_end,
        returns=returns,
        misused=misused,
        misused_found_on=use_end + timedelta(days=draw(st.integers(0, 200))),
        undue=undue,
        undue_found_on=use_end + timedelta(days=draw(st.integers(0, 200))),
        excess_found_on=draw(st.one_of(st.none(), st.just(use_end + timedelta(days=30)))),
        today=use_end + timedelta(days=draw(st.integers(-30, 500))),
        rates=TAX_ARREARS_RATES,
    )


@FAST
@given(contracts())
def test_settlement_invariants(arguments):
    s = settle(**arguments)
    assert s.to_return >= 0 and s.interest_due >= 0 and s.overpaid >= 0
    assert 0 <= s.grant_used <= s.grant_paid
    # Every grosz paid is used, unused, in excess, misused or undue - once.
    assert s.grant_used + s.unused + s.excess + s.misused + s.undue == s.grant_paid
    # Every grosz returned (to today) went to principal, to interest, or is an overpayment.
    assert s.returned == sum(a.principal + a.interest for a in s.allocations) + s.overpaid
    assert s.to_return == s.unused + s.excess + s.misused + s.undue - sum(d.principal_paid for d in s.dues)
    assert s.interest_due == sum(d.interest_charged - d.interest_paid for d in s.dues)
    assert (s.return_due_date is None) == (s.to_return == 0 and s.interest_due == 0)
    assert s.overpaid == 0 or (s.to_return == 0 and s.interest_due == 0)
    assert sum(v.excess for v in s.violations) >= s.excess
