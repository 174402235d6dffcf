"""Plain input records handed over by the application."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.errors import InvalidRulesError, describe

OfferId = int
MemberId = int


@dataclass(frozen=True, slots=True)
class Score:
    """Points one committee member gave one offer on one criterion."""

    member_id: MemberId
    offer_id: OfferId
    criterion_code: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class OfferInput:
    """An offer taking part in the ranking, with the grant it asks for (PLN)."""

    offer_id: OfferId
    requested_grant: Decimal


@dataclass(frozen=True, slots=True)
class CriterionTieBreak:
    """Higher aggregated points on criterion ``code`` rank first."""

    code: str


@dataclass(frozen=True, slots=True)
class LowerRequestedTieBreak:
    """A lower requested grant ranks first (more offers fit in the money)."""


@dataclass(frozen=True, slots=True)
class DrawTieBreak:
    """A recorded draw: a lower position ranks first.

    ``positions`` is stored as sorted ``(offer_id, position)`` pairs so the rules stay
    hashable and immutable; a mapping is accepted and converted. Offers the draw did not
    include rank after those it did, and stay tied among themselves.
    """

    positions: tuple[tuple[OfferId, int], ...]

    def __post_init__(self) -> None:
        pairs = self.positions.items() if isinstance(self.positions, Mapping) else self.positions
        normalised = tuple(sorted((offer_id, position) for offer_id, position in pairs))
        offer_ids = [offer_id for offer_id, _ in normalised]
        positions = [position for _, position in normalised]
        if len(set(offer_ids)) != len(offer_ids):
            raise InvalidRulesError("A draw lists the same offer twice.")
        if not all(type(position) is int for position in positions):
            raise InvalidRulesError("Draw positions must be integers.")
        if len(set(positions)) != len(positions):
            raise InvalidRulesError("A draw gives two offers the same position.")
        object.__setattr__(self, "positions", normalised)

    def as_mapping(self) -> dict[OfferId, int]:
        return dict(self.positions)


TieBreakStep = CriterionTieBreak | LowerRequestedTieBreak | DrawTieBreak
_STEP_TYPES = (CriterionTieBreak, LowerRequestedTieBreak, DrawTieBreak)


def tie_break_step(spec: object) -> TieBreakStep:
    """Build a step from its step object or its tuple form.

    Tuple forms (lists work too, as they come back from JSON): ``("criterion", code)``,
    ``("lower_requested",)`` and ``("draw", {offer_id: position})``.
    """
    if isinstance(spec, _STEP_TYPES):
        return spec
    if isinstance(spec, Sequence) and not isinstance(spec, str) and spec:
        kind, arguments = spec[0], tuple(spec[1:])
        if kind == "criterion" and len(arguments) == 1 and isinstance(arguments[0], str):
            return CriterionTieBreak(arguments[0])
        if kind == "lower_requested" and not arguments:
            return LowerRequestedTieBreak()
        if kind == "draw" and len(arguments) == 1:
            return DrawTieBreak(arguments[0])
    raise InvalidRulesError(f"Unknown tie-break step {spec!r}.")


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """How a call turns score sheets into a ranking.

    ``aggregation`` names a method in ``scoring.aggregation.METHODS``. ``min_total`` is
    the minimum official score to pass. ``tie_break`` is the call's ladder applied after
    the score; offer id ascending always closes it. ``partial_last`` chooses the budget
    mode (see ``fit_budget``). An offer whose member totals spread by more than
    ``disagreement_share`` of the maximum total is flagged for discussion.
    """

    aggregation: str = "mean"
    min_total: Decimal | None = None
    allow_halves: bool = False
    tie_break: tuple[TieBreakStep, ...] = ()
    partial_last: bool = False
    disagreement_share: Decimal = Decimal("0.25")

    def __post_init__(self) -> None:
        object.__setattr__(self, "tie_break", tuple(tie_break_step(step) for step in self.tie_break))
        if self.min_total is not None and not _non_negative(self.min_total):
            raise InvalidRulesError(f"min_total must be a non-negative Decimal, got {describe(self.min_total)}.")
        if not _non_negative(self.disagreement_share):
            raise InvalidRulesError(
                f"disagreement_share must be a non-negative Decimal, got {describe(self.disagreement_share)}."
            )


def _non_negative(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite() and value >= 0
