"""Grouping individual scores into score sheets and scoring one offer from them.

A sheet is everything one member gave one offer. Only complete sheets (every counting
criterion scored) enter the official figures: a half-filled sheet would pull the mean
towards zero, and mixing sheets of different completeness would make per-criterion
results inconsistent with the totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.aggregation import AggregationMethod
from scoring.criteria import Criterion, validate_points
from scoring.errors import InvalidInputError
from scoring.model import MemberId, OfferId, Score

Sheet = dict[str, Decimal]
SheetsByOffer = dict[OfferId, dict[MemberId, Sheet]]


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """Aggregated points of one offer on one criterion.

    ``meets_minimum`` is always true for advisory criteria and criteria without a
    minimum; ``points`` is None when no complete sheet scored the criterion.
    """

    code: str
    points: Decimal | None
    n_scores: int
    advisory: bool
    meets_minimum: bool


@dataclass(frozen=True, slots=True)
class OfferOutcome:
    """Everything the ranking and diagnostics need to know about one scored offer."""

    offer_id: OfferId
    score: Decimal | None
    per_criterion: tuple[CriterionScore, ...]
    totals: Mapping[MemberId, Decimal]
    spread: Decimal | None
    passes_threshold: bool
    incomplete_members: tuple[MemberId, ...]

    @property
    def n_scores(self) -> int:
        return len(self.totals)

    def criterion_points(self, code: str) -> Decimal | None:
        for criterion in self.per_criterion:
            if criterion.code == code:
                return criterion.points
        return None


def group_scores(
    scores: Iterable[Score],
    criteria: Sequence[Criterion],
    offer_ids: Iterable[OfferId],
    allow_halves: bool,
) -> SheetsByOffer:
    """Validate every score and group them by offer and member in one pass."""
    by_code = {criterion.code: criterion for criterion in criteria}
    sheets: SheetsByOffer = {offer_id: {} for offer_id in offer_ids}
    # Committees reuse a handful of point values, so each (criterion, points) pair is
    # validated once instead of once per score.
    valid: set[tuple[str, Decimal]] = set()
    for score in scores:
        code, points = score.criterion_code, score.points
        # The type check keeps a float equal to a validated Decimal (7.0 == Decimal(7))
        # from slipping through the cache.
        if type(points) is not Decimal or not points.is_finite() or (code, points) not in valid:
            criterion = by_code.get(code)
            if criterion is None:
                raise InvalidInputError(f"Score for unknown criterion {code!r} (offer {score.offer_id}).")
            valid.add((code, validate_points(criterion, points, allow_halves)))
        offer_sheets = sheets.get(score.offer_id)
        if offer_sheets is None:
            raise InvalidInputError(f"Score for offer {score.offer_id!r}, which is not in the call.")
        sheet = offer_sheets.setdefault(score.member_id, {})
        if code in sheet:
            raise InvalidInputError(
                f"Member {score.member_id!r} scored criterion {code!r} of offer {score.offer_id!r} twice."
            )
        sheet[code] = points
    return sheets


def score_offer(
    offer_id: OfferId,
    sheets: Mapping[MemberId, Sheet],
    criteria: Sequence[Criterion],
    aggregate: AggregationMethod,
    min_total: Decimal | None,
) -> OfferOutcome:
    """Official score, per-criterion results and threshold check of one offer."""
    counting = tuple(criterion.code for criterion in criteria if not criterion.advisory)
    required = set(counting)
    # Members in id order, so that even an order-sensitive aggregation method sees the
    # same sequence whatever order the scores arrived in.
    complete = {member: sheets[member] for member in sorted(sheets) if sheets[member].keys() >= required}
    totals = {member: sum([sheet[code] for code in counting], Decimal(0)) for member, sheet in complete.items()}
    score = aggregate(list(totals.values())) if totals else None
    per_criterion = tuple(_criterion_score(criterion, complete.values(), aggregate) for criterion in criteria)
    return OfferOutcome(
        offer_id=offer_id,
        score=score,
        per_criterion=per_criterion,
        totals=totals,
        spread=max(totals.values()) - min(totals.values()) if totals else None,
        passes_threshold=_passes(score, per_criterion, min_total),
        incomplete_members=tuple(sorted(member for member in sheets if member not in complete)),
    )


def _criterion_score(
    criterion: Criterion, complete_sheets: Iterable[Sheet], aggregate: AggregationMethod
) -> CriterionScore:
    values = [sheet[criterion.code] for sheet in complete_sheets if criterion.code in sheet]
    points = aggregate(values) if values else None
    return CriterionScore(
        code=criterion.code,
        points=points,
        n_scores=len(values),
        advisory=criterion.advisory,
        meets_minimum=_meets_minimum(criterion, points),
    )


def _meets_minimum(criterion: Criterion, points: Decimal | None) -> bool:
    if criterion.advisory or criterion.min_points is None:
        return True
    return points is not None and points >= criterion.min_points


def _passes(score: Decimal | None, per_criterion: Iterable[CriterionScore], min_total: Decimal | None) -> bool:
    if score is None:
        return False
    if min_total is not None and score < min_total:
        return False
    return all(criterion.meets_minimum for criterion in per_criterion)
