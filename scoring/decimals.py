"""Exact decimal helpers: every official figure goes through these.

Scores and money are presented to 0.01 and rounded half-up, the way Polish public
administration rounds in protocols (and not banker's rounding, which ``Decimal`` uses
by default).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from scoring.errors import InvalidInputError, describe

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_half_up(value: Decimal) -> Decimal:
    """Round to 0.01, ties away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def divide_half_up(total: Decimal, count: int) -> Decimal:
    """Return ``total / count`` rounded half-up to 0.01.

    Dividing in a 28-digit context first and quantizing afterwards would round twice,
    so the quotient is rounded once, in integer arithmetic on the exact ratio.
    """
    if count <= 0:
        raise ValueError("count must be positive")
    numerator, denominator = total.as_integer_ratio()
    denominator *= count
    cents, remainder = divmod(abs(numerator) * 100, denominator)
    if 2 * remainder >= denominator:
        cents += 1
    return Decimal(-cents if numerator < 0 else cents).scaleb(-2)


def require_money(value: object, what: str) -> Decimal:
    """Check that ``value`` is a non-negative amount in whole grosze and return it at 0.01.

    Amounts with fractions of a grosz are rejected rather than rounded: rounding a
    requested grant up could grant more than was asked for.
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInputError(f"{what} must be a finite Decimal, got {describe(value)}.")
    if value < 0:
        raise InvalidInputError(f"{what} must not be negative, got {describe(value)}.")
    try:
        in_grosze = value.quantize(CENT)
    except InvalidOperation:
        raise InvalidInputError(f"{what} is too large: {describe(value)}.") from None
    if in_grosze != value:
        raise InvalidInputError(f"{what} must be given in whole grosze, got {describe(value)}.")
    return in_grosze
