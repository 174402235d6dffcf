"""Advisory statistics about the committee, reported beside the official result.

Nothing here changes a score or a rank; these figures help the chair spot a member who
scores much harsher or softer than the others, offers the committee split on, and how
consistent the committee is overall. Floats are acceptable here, but every figure is
computed so that it does not depend on the order of the input.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.model import MemberId, OfferId

Number = Decimal | int | Fraction


@dataclass(frozen=True, slots=True)
class MemberStrictness:
    """How a member's totals compare with the committee's on the same offers.

    ``mean_deviation`` is the member's average of (own total - offer mean) in points;
    negative means harsher than the committee. ``z_score`` standardises it across
    members. Both are None when they cannot be computed.
    """

    member_id: MemberId
    n_offers: int
    mean_deviation: float | None
    z_score: float | None


def member_strictness(
    totals_by_offer: Mapping[OfferId, Mapping[MemberId, Decimal]],
) -> tuple[MemberStrictness, ...]:
    """Strictness of every member who handed in a complete sheet, ordered by member id.

    Only offers scored by at least two members say anything about relative strictness,
    so offers with a single sheet are left out. The z-score uses the population standard
    deviation, since the committee is the whole population, not a sample; it is None with
    fewer than two comparable members or when all of them deviate equally.
    """
    deviations: dict[MemberId, list[float]] = {}
    for totals in totals_by_offer.values():
        for member in totals:
            deviations.setdefault(member, [])
        if len(totals) >= 2:
            _add_deviations(totals, deviations)
    means = {member: math.fsum(values) / len(values) for member, values in deviations.items() if values}
    z_scores = _z_scores(means)
    return tuple(
        MemberStrictness(member, len(deviations[member]), means.get(member), z_scores.get(member))
        for member in sorted(deviations)
    )


def _add_deviations(totals: Mapping[MemberId, Decimal], deviations: dict[MemberId, list[float]]) -> None:
    count = len(totals)
    offer_sum = sum(totals.values(), Decimal(0))
    for member, total in totals.items():
        # Scaled by the count to stay exact until the single division.
        deviations[member].append(float(total * count - offer_sum) / count)


def _z_scores(means: Mapping[MemberId, float]) -> dict[MemberId, float]:
    if len(means) < 2:
        return {}
    ordered = [means[member] for member in sorted(means)]
    centre = statistics.fmean(ordered)
    spread = statistics.pstdev(ordered)
    if spread == 0:
        return {}
    return {member: (value - centre) / spread for member, value in means.items()}


def krippendorff_alpha_interval(units: Iterable[Sequence[Number]]) -> float | None:
    """Krippendorff's alpha for interval data; None when it is not defined.

    ``units`` holds, for each unit (offer), the values the coders (members) gave it;
    missing values are simply absent. Following Krippendorff, "Computing Krippendorff's
    Alpha-Reliability" (2011): alpha = 1 - D_o / D_e, where the coincidence matrix
    o_ck = sum over units of (number of c-k pairs in the unit) / (m_u - 1) gives

        D_o = 1/n * sum_ck o_ck * (c - k)^2
        D_e = 1/(n (n - 1)) * sum_ck n_c * n_k * (c - k)^2,

    with m_u the number of values in unit u, n_c the marginals and n the number of
    pairable values (units with a single value are dropped). With the interval metric
    (c - k)^2 both sums collapse to sums of squares, which is how they are computed:
    over ordered pairs in a unit, sum (v_i - v_j)^2 = 2 (m S2 - S1^2), with S1 and S2
    the unit's sum and sum of squares. The arithmetic is exact (integers after scaling
    to a common denominator), so the result does not depend on the order of the data.

    Alpha is None when no unit has two values, or when every pairable value is the
    same (no variation, D_e = 0), where the coefficient is undefined.
    """
    pairable = [list(values) for values in units if len(values) >= 2]
    if not pairable:
        return None
    scaled = _to_common_integers(pairable)
    observed = _observed_sum(scaled)
    flat = [value for unit in scaled for value in unit]
    n = len(flat)
    expected = n * sum(value * value for value in flat) - sum(flat) ** 2
    if expected == 0:
        return None
    return float(1 - (n - 1) * observed / expected)


def _to_common_integers(units: list[list[Number]]) -> list[list[int]]:
    # Alpha is scale-invariant, so multiplying every value by one common denominator
    # turns Decimal totals into integers without changing the result.
    ratios = [[value.as_integer_ratio() for value in unit] for unit in units]
    scale = math.lcm(*{denominator for unit in ratios for _, denominator in unit})
    return [[numerator * (scale // denominator) for numerator, denominator in unit] for unit in ratios]


def _observed_sum(units: list[list[int]]) -> Fraction:
    """Sum over units of (m S2 - S1^2) / (m - 1): D_o up to the factor 2/n."""
    by_size: dict[int, int] = {}
    for unit in units:
        size = len(unit)
        within = size * sum(value * value for value in unit) - sum(unit) ** 2
        by_size[size] = by_size.get(size, 0) + within
    return sum((Fraction(within, size - 1) for size, within in by_size.items()), Fraction(0))


def disagreement_limit(max_total: Decimal, share: Decimal) -> Decimal:
    """Spread above which the committee is considered split on an offer."""
    return max_total * share
