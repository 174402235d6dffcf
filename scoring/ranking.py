"""Ordering scored offers: score first, then the call's tie-break ladder.

The ladder always ends with offer id ascending so the order is total and reproducible;
offers that only this fallback separated are reported as tied, so the office can hold
and record a draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring.model import (
    CriterionTieBreak,
    DrawTieBreak,
    LowerRequestedTieBreak,
    OfferId,
    TieBreakStep,
)
from scoring.sheets import OfferOutcome

SortKey = Callable[[OfferOutcome], Any]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an offer ended up: ``rank`` is None for offers that do not pass."""

    offer_id: OfferId
    rank: int | None
    tied_with: tuple[OfferId, ...]


def place_offers(
    outcomes: Sequence[OfferOutcome],
    steps: Sequence[TieBreakStep],
    requested: dict[OfferId, Decimal],
) -> list[Placement]:
    """Passing offers ranked 1..n, then non-passing ones unranked, in score order."""
    ladder = [_step_key(step, requested) for step in steps]
    passing = [outcome for outcome in outcomes if outcome.passes_threshold]
    failing = [outcome for outcome in outcomes if not outcome.passes_threshold]
    return _rank(passing, ladder) + _unranked(failing, ladder)


def _rank(passing: list[OfferOutcome], ladder: list[SortKey]) -> list[Placement]:
    keyed = sorted((_ladder_key(outcome, ladder), outcome.offer_id) for outcome in passing)
    groups: dict[tuple[Any, ...], list[OfferId]] = {}
    for key, offer_id in keyed:
        groups.setdefault(key, []).append(offer_id)
    return [
        Placement(offer_id, position, tuple(other for other in groups[key] if other != offer_id))
        for position, (key, offer_id) in enumerate(keyed, start=1)
    ]


def _unranked(failing: list[OfferOutcome], ladder: list[SortKey]) -> list[Placement]:
    keyed = sorted((_ladder_key(outcome, ladder), outcome.offer_id) for outcome in failing)
    return [Placement(offer_id, None, ()) for _, offer_id in keyed]


def _ladder_key(outcome: OfferOutcome, ladder: list[SortKey]) -> tuple[Any, ...]:
    return (_descending(outcome.score), *(key(outcome) for key in ladder))


def _descending(value: Decimal | None) -> tuple[int, Decimal]:
    # Missing values sort after every present one, whatever their sign.
    return (0, -value) if value is not None else (1, Decimal(0))


def _step_key(step: TieBreakStep, requested: dict[OfferId, Decimal]) -> SortKey:
    if isinstance(step, CriterionTieBreak):
        return lambda outcome: _descending(outcome.criterion_points(step.code))
    if isinstance(step, LowerRequestedTieBreak):
        return lambda outcome: requested[outcome.offer_id]
    if isinstance(step, DrawTieBreak):
        positions = step.as_mapping()
        return lambda outcome: _drawn(positions.get(outcome.offer_id))
    raise TypeError(f"unsupported tie-break step {step!r}")


def _drawn(position: int | None) -> tuple[int, int]:
    return (0, position) if position is not None else (1, 0)
