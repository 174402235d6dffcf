"""Interest "w wysokości określonej jak dla zaległości podatkowych" (ufp art. 251 ust. 5, art. 252 ust. 1).

The rate is the yearly rate of interest on tax arrears (Ordynacja podatkowa art. 56 § 1: 200 % of the NBP
lombard rate plus 2 percentage points, never below 8 %), announced by the Minister of Finance and changed
with every change of the lombard rate. Interest for one day is amount × rate / 100 / 365 (a 365-day year
also in leap years, as the Ministry's calculator counts [M]); it is due for every day from the first day
of delay through the day of payment inclusive, each day at the rate in force on that day.

Rounding. The segments of different rates are added exactly and the total is rounded once. By default
the total is rounded to full złoty, half-up (below 50 gr down, 50 gr and more up), as OP art. 63 § 1
rounds interest on arrears; it applies to grant returns because ufp art. 67 ust. 1 sends the
non-tax public-law receivables of ufp art. 60 - the return of a grant among them - to Section III of
the Ordynacja [M: the wording of art. 60 pkt 6 and art. 67 ust. 1]. `unit=GROSZ` rounds to the grosz for
offices that settle grant interest to the grosz. The Ordynacja's threshold below which interest is not
charged at all (OP art. 54 § 1 pkt 5) is not applied: whether it reaches grant returns is not settled
[M], and the officer can waive a trifle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from settlement.errors import SettlementError

ZLOTY = Decimal("1")
GROSZ = Decimal("0.01")
DAYS_IN_YEAR = 365
_PER_DAY = 100 * DAYS_IN_YEAR  # rate is a percentage: amount × rate × days / (100 × 365)


@dataclass(frozen=True, slots=True)
class RatePeriod:
    """A yearly rate in force from `valid_from` until the day before the next period's `valid_from`."""

    valid_from: date
    rate_percent: Decimal


@dataclass(frozen=True, slots=True)
class InterestSegment:
    """Days at one rate: the lines of the explanation shown next to an interest figure. `interest` is
    this segment's share rounded half-up to the grosz, for display; the total is rounded from the exact
    sum, so the shown shares may differ from it by the rounding."""

    first_day: date
    last_day: date
    days: int
    rate_percent: Decimal
    interest: Decimal


# The seed of the table the admin keeps in the database (grants.contracts.models.InterestRate).
# Sources: the history table at https://brutanek.com/odsetki-podatkowe-zasady-podstawa-prawna.html (from
# the Minister of Finance's announcements) for 2016-2023; podatki.gazetaprawna.pl (4.12.2025, "Odsetki od
# zaległości podatkowych - kolejna zmiana wysokości w 2025 r.") for the periods from 5.10.2023 to
# 4.12.2025; the NBP lombard rate of 4,25 % from 5.03.2026 (RPP decision of 4.03.2026, reported by
# nowiny.press, bsbrodnica.pl, dorzeczy.pl) for the last row, computed as 2 × 4,25 + 2 - the Minister's
# announcement itself was not found [M]. Rate changes after March 2026 were not found: the admin adds them.
TAX_ARREARS_RATES: tuple[RatePeriod, ...] = (
    RatePeriod(date(2016, 1, 1), Decimal("8.00")),  # the floor of art. 56 § 1 in its 2016 wording
    RatePeriod(date(2022, 2, 9), Decimal("8.50")),  # lombard 3,25 %
    RatePeriod(date(2022, 3, 9), Decimal("10.00")),  # lombard 4,00 %
    RatePeriod(date(2022, 4, 7), Decimal("12.00")),  # lombard 5,00 %
    RatePeriod(date(2022, 5, 6), Decimal("13.50")),  # lombard 5,75 %
    RatePeriod(date(2022, 6, 9), Decimal("15.00")),  # lombard 6,50 %
    RatePeriod(date(2022, 7, 8), Decimal("16.00")),  # lombard 7,00 %
    RatePeriod(date(2022, 9, 8), Decimal("16.50")),  # lombard 7,25 %
    RatePeriod(date(2023, 9, 7), Decimal("15.00")),  # lombard 6,50 % (a cut of 0,75 pp)
    RatePeriod(date(2023, 10, 5), Decimal("14.50")),  # lombard 6,25 %
    RatePeriod(date(2025, 5, 8), Decimal("13.50")),  # lombard 5,75 %
    RatePeriod(date(2025, 7, 3), Decimal("13.00")),  # lombard 5,50 %
    RatePeriod(date(2025, 9, 4), Decimal("12.50")),  # lombard 5,25 %
    RatePeriod(date(2025, 10, 9), Decimal("12.00")),  # lombard 5,00 %
    RatePeriod(date(2025, 11, 6), Decimal("11.50")),  # lombard 4,75 %
    RatePeriod(date(2025, 12, 4), Decimal("11.00")),  # lombard 4,50 %
    RatePeriod(date(2026, 3, 5), Decimal("10.50")),  # lombard 4,25 % [M: computed, announcement not found]
)


def _check_rates(rates: Sequence[RatePeriod]) -> list[RatePeriod]:
    ordered = sorted(rates, key=lambda period: period.valid_from)
    if not ordered:
        raise SettlementError("No interest rates were given.")
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.valid_from == later.valid_from:
            raise SettlementError(f"Two interest rates start on {later.valid_from.isoformat()}.")
    for period in ordered:
        if not isinstance(period.rate_percent, Decimal) or not period.rate_percent.is_finite():
            raise SettlementError(f"The rate from {period.valid_from.isoformat()} is not a finite Decimal.")
        if period.rate_percent < 0:
            raise SettlementError(f"The rate from {period.valid_from.isoformat()} is negative.")
    return ordered


def _check_amount(amount: Decimal) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise SettlementError(f"The amount must be a non-negative finite Decimal, got {amount!r}.")


def _segments(
    amount: Decimal, first_day: date, last_day: date, rates: Sequence[RatePeriod]
) -> list[tuple[date, date, int, Decimal]]:
    _check_amount(amount)
    ordered = _check_rates(rates)
    if last_day < first_day:
        return []
    if first_day < ordered[0].valid_from:
        raise SettlementError(f"No interest rate is known for {first_day.isoformat()}.")
    segments = []
    for period, following in zip(ordered, [*ordered[1:], None], strict=True):
        start = max(first_day, period.valid_from)
        end = last_day if following is None else min(last_day, following.valid_from - timedelta(days=1))
        if start <= end:
            segments.append((start, end, (end - start).days + 1, period.rate_percent))
    return segments


def divide_rounded(numerator: Decimal, denominator: int, unit: Decimal) -> Decimal:
    """`numerator / denominator` rounded half-up to `unit` (1 or 0.01) in one exact step, at two decimals."""
    exponent = unit.as_tuple().exponent  # 0 for złoty, -2 for grosze
    num, den = numerator.as_integer_ratio()
    den *= denominator
    units, remainder = divmod(abs(num) * 10**-exponent, den)
    if 2 * remainder >= den:
        units += 1
    # Money in OKO always carries two decimals, whole złoty too (117.00).
    return Decimal(-units if num < 0 else units).scaleb(exponent).quantize(GROSZ)


def interest_segments(
    amount: Decimal, first_day: date, last_day: date, rates: Sequence[RatePeriod]
) -> tuple[InterestSegment, ...]:
    """The per-rate breakdown of `interest(amount, first_day, last_day, rates)`."""
    return tuple(
        InterestSegment(start, end, days, rate, divide_rounded(amount * rate * days, _PER_DAY, GROSZ))
        for start, end, days, rate in _segments(amount, first_day, last_day, rates)
    )


def interest(
    amount: Decimal, first_day: date, last_day: date, rates: Sequence[RatePeriod], *, unit: Decimal = ZLOTY
) -> Decimal:
    """Interest on `amount` for every day from `first_day` through `last_day` inclusive: the sum over the
    rate periods of amount × rate / 100 × days / 365, rounded once, half-up, to `unit` (full złoty by
    default: OP art. 63 § 1, see the module's docstring). 0 when `last_day` is before `first_day`."""
    if unit not in (ZLOTY, GROSZ):
        raise SettlementError("Interest is rounded to full złoty or to the grosz.")
    segments = _segments(amount, first_day, last_day, rates)
    exact = sum((amount * rate * days for _start, _end, days, rate in segments), Decimal(0))
    return divide_rounded(exact, _PER_DAY, unit)
