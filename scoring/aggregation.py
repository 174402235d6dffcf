"""How the committee's individual points become one official figure.

``METHODS`` is a registry so a call can adopt another method (e.g. a trimmed mean)
by registering it under a new name; ``ScoringRules.aggregation`` picks one by name.
Every method takes a non-empty sequence of Decimal points and returns the result
already rounded half-up to 0.01, because only the method knows the exact quotient
it must round once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from scoring.decimals import divide_half_up, round_half_up

AggregationMethod = Callable[[Sequence[Decimal]], Decimal]


def mean(values: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean, rounded half-up to 0.01."""
    if not values:
        raise ValueError("cannot aggregate no values")
    return divide_half_up(sum(values, Decimal(0)), len(values))


def median(values: Sequence[Decimal]) -> Decimal:
    """Median; with an even count the mean of the two middle values, rounded half-up to 0.01."""
    if not values:
        raise ValueError("cannot aggregate no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round_half_up(ordered[middle])
    return divide_half_up(ordered[middle - 1] + ordered[middle], 2)


METHODS: dict[str, AggregationMethod] = {"mean": mean, "median": median}
