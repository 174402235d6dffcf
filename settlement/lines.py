"""The cost-shift tolerance of the framework contract (Annex 3 of Dz.U. 2018 poz. 2057, § 5).

A cost line financed from the grant is compliant when its grant part did not grow by more than the
contract's percentage over the grant part the contract (as updated by annexes) set for it; growing by
exactly the percentage is compliant. What a line took beyond that is grant taken "w nadmiernej
wysokości", to be returned under ufp art. 252 ust. 1 pkt 2.

The limit, planned × (100 + tolerance) / 100, may fall between two grosze (333,33 zł + 15 % =
383,3295 zł). An amount is paid in whole grosze, and 383,33 zł is already 15,0009 % more than planned,
so the allowed amount is the limit rounded down to the grosz: a line is compliant exactly when its grant
part is at most the allowed amount, and the excess of a violating line is at least one grosz.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from scoring.decimals import CENT
from settlement.errors import SettlementError

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Line:
    """A cost line's grant part: as the contract set it, and as the report declares it spent."""

    cost_item_id: int
    planned_grant: Decimal
    actual_grant: Decimal


@dataclass(frozen=True, slots=True)
class Violation:
    """A line whose grant part grew by more than the tolerance.

    `increase_percent` is (actual − planned) / planned × 100 to two decimals, rounded up so that a
    violation never reads as lying within the tolerance (10,004 % reads 10,01 %, not 10,00 %). It is
    None for a line the contract financed with nothing from the grant: any grant spent on it is an
    increase without a base (an infinite percentage), all of it in excess.
    """

    cost_item_id: int
    planned_grant: Decimal
    actual_grant: Decimal
    increase_percent: Decimal | None
    allowed_grant: Decimal
    excess: Decimal


def money(value: object, what: str) -> Decimal:
    """`value` checked to be a non-negative Decimal in whole grosze, returned at two decimals."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise SettlementError(f"{what} must be a non-negative finite Decimal, got {value!r}.")
    if value != value.quantize(CENT):
        raise SettlementError(f"{what} must be in whole grosze, got {value!r}.")
    return value.quantize(CENT)


def _tolerance(value: object) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise SettlementError(f"The tolerance must be a non-negative finite Decimal, got {value!r}.")
    return value


def allowed_grant(planned_grant: Decimal, tolerance_percent: Decimal) -> Decimal:
    """The most a line's grant part may reach: planned × (100 + tolerance) / 100, down to the grosz."""
    limit = money(planned_grant, "The planned grant") * (HUNDRED + _tolerance(tolerance_percent)) / HUNDRED
    return limit.quantize(CENT, rounding=ROUND_FLOOR)


def increase_percent(planned_grant: Decimal, actual_grant: Decimal) -> Decimal | None:
    """How much the grant part grew, in percent to two decimals rounded up; None without a base."""
    if planned_grant == 0:
        return None
    return ((actual_grant - planned_grant) * HUNDRED / planned_grant).quantize(CENT, rounding=ROUND_CEILING)


def violations(lines: Iterable[Line], tolerance_percent: Decimal) -> list[Violation]:
    """The lines over the tolerance, in the order given."""
    tolerance = _tolerance(tolerance_percent)
    found: list[Violation] = []
    seen: set[int] = set()
    for line in lines:
        if line.cost_item_id in seen:
            raise SettlementError(f"Cost item {line.cost_item_id} appears twice.")
        seen.add(line.cost_item_id)
        planned = money(line.planned_grant, f"The planned grant of cost item {line.cost_item_id}")
        actual = money(line.actual_grant, f"The actual grant of cost item {line.cost_item_id}")
        allowed = allowed_grant(planned, tolerance)
        if actual > allowed:
            found.append(
                Violation(
                    line.cost_item_id, planned, actual, increase_percent(planned, actual), allowed, actual - allowed
                )
            )
    return found
