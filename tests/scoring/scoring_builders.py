"""Small builders shared by the scoring tests (imported as a plain module, no conftest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from scoring import Criterion, OfferInput, RankingResult, Score, ScoringRules, rank_call


def D(value: str | int) -> Decimal:
    return Decimal(str(value))


def criterion(code: str, max_points: int | str = 10, min_points: str | int | None = None, advisory: bool = False):
    return Criterion(
        code=code,
        name=code.title(),
        max_points=D(max_points),
        min_points=None if min_points is None else D(min_points),
        advisory=advisory,
    )


TWO = (criterion("a"), criterion("b"))


def sheet(member_id: int, offer_id: int, **points: str | int) -> list[Score]:
    """All scores one member gave one offer, e.g. ``sheet(1, 10, a=5, b="7.5")``."""
    return [Score(member_id, offer_id, code, D(value)) for code, value in points.items()]


def offers(*pairs: tuple[int, str | int]) -> list[OfferInput]:
    return [OfferInput(offer_id, D(requested)) for offer_id, requested in pairs]


def run(
    scores: Iterable[Score],
    *,
    criteria=TWO,
    offer_list: list[OfferInput] | None = None,
    budget: str | int = "1000000",
    **rule_options,
) -> RankingResult:
    """rank_call with sensible defaults: offers are inferred from the scores if not given."""
    score_list = list(scores)
    if offer_list is None:
        offer_list = offers(*((offer_id, 1000) for offer_id in sorted({s.offer_id for s in score_list})))
    return rank_call(criteria, ScoringRules(**rule_options), offer_list, score_list, D(budget))


def order(result: RankingResult) -> list[int]:
    return [item.offer_id for item in result.items]


def ranks(result: RankingResult) -> Mapping[int, int | None]:
    return {item.offer_id: item.rank for item in result.items}
