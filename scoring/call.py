"""The one entry point the application calls: score, rank and fund a whole call."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.aggregation import METHODS, AggregationMethod
from scoring.budget import BudgetFit, fit_budget
from scoring.criteria import Criterion, max_total, validate_criteria
from scoring.decimals import ZERO, require_money
from scoring.diagnostics import MemberStrictness, krippendorff_alpha_interval, member_strictness
from scoring.errors import InvalidInputError, InvalidRulesError
from scoring.model import CriterionTieBreak, MemberId, OfferId, OfferInput, Score, ScoringRules
from scoring.ranking import Placement, place_offers
from scoring.sheets import CriterionScore, OfferOutcome, group_scores, score_offer


@dataclass(frozen=True, slots=True)
class RankedOffer:
    """One line of the ranking list.

    ``score`` is the official score (aggregated member totals, rounded half-up to 0.01)
    or None without any complete sheet; ``n_scores`` counts complete sheets. ``rank`` is
    None for offers that do not pass. ``tied_with`` lists offers ranked next to this
    one only by the offer-id fallback, i.e. still tied after the whole ladder.
    """

    offer_id: OfferId
    requested_grant: Decimal
    score: Decimal | None
    per_criterion: tuple[CriterionScore, ...]
    n_scores: int
    spread: Decimal | None
    passes_threshold: bool
    rank: int | None
    proposed_amount: Decimal
    disagreement: bool
    tied_with: tuple[OfferId, ...]

    def criterion(self, code: str) -> CriterionScore:
        for criterion in self.per_criterion:
            if criterion.code == code:
                return criterion
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Diagnostics:
    """Advisory figures about the committee; they never change the official result.

    ``alpha`` is Krippendorff's alpha (interval) over member totals per offer.
    ``incomplete_sheets`` lists (member_id, offer_id) sheets left out for missing points.
    """

    alpha: float | None
    strictness: tuple[MemberStrictness, ...]
    disagreements: tuple[OfferId, ...]
    incomplete_sheets: tuple[tuple[MemberId, OfferId], ...]


@dataclass(frozen=True, slots=True)
class RankingResult:
    """The ranking of a call: passing offers by rank, then the others in score order."""

    items: tuple[RankedOffer, ...]
    budget: Decimal
    allocated: Decimal
    remaining: Decimal
    max_total: Decimal
    diagnostics: Diagnostics | None

    def item(self, offer_id: OfferId) -> RankedOffer:
        for item in self.items:
            if item.offer_id == offer_id:
                return item
        raise KeyError(offer_id)


def rank_call(
    criteria: Sequence[Criterion],
    rules: ScoringRules,
    offers: Iterable[OfferInput],
    scores: Iterable[Score],
    budget: Decimal,
    *,
    diagnostics: bool = True,
) -> RankingResult:
    """Score every offer, rank the passing ones, fit them into ``budget``.

    Raises a ``ScoringError`` (a ``ValueError``) for inconsistent input: invalid points,
    unknown criteria or offers, a member scoring the same criterion twice, money not in
    whole grosze, or tie-break steps naming unknown criteria. The result depends only on
    the contents of ``offers`` and ``scores``, never on their order.
    """
    money = require_money(budget, "Budget")
    checked = validate_criteria(criteria)
    aggregate = _aggregation(rules, checked)
    requested = _requested_grants(offers)
    sheets = group_scores(scores, checked, requested, rules.allow_halves)
    outcomes = [
        score_offer(offer_id, offer_sheets, checked, aggregate, rules.min_total)
        for offer_id, offer_sheets in sheets.items()
    ]
    placements = place_offers(outcomes, rules.tie_break, requested)
    ranked = [OfferInput(p.offer_id, requested[p.offer_id]) for p in placements if p.rank is not None]
    fit = fit_budget(ranked, money, rules.partial_last)
    highest = max_total(checked)
    items = _items(outcomes, placements, requested, fit, highest * rules.disagreement_share)
    return RankingResult(
        items=items,
        budget=money,
        allocated=fit.allocated,
        remaining=fit.remaining,
        max_total=highest,
        diagnostics=_diagnostics(outcomes, items) if diagnostics else None,
    )


def _aggregation(rules: ScoringRules, criteria: Sequence[Criterion]) -> AggregationMethod:
    method = METHODS.get(rules.aggregation)
    if method is None:
        known = ", ".join(sorted(METHODS))
        raise InvalidRulesError(f"Unknown aggregation {rules.aggregation!r}; known methods: {known}.")
    codes = {criterion.code for criterion in criteria}
    for step in rules.tie_break:
        if isinstance(step, CriterionTieBreak) and step.code not in codes:
            raise InvalidRulesError(f"Tie-break names unknown criterion {step.code!r}.")
    return method


def _requested_grants(offers: Iterable[OfferInput]) -> dict[OfferId, Decimal]:
    requested: dict[OfferId, Decimal] = {}
    for offer in offers:
        if offer.offer_id in requested:
            raise InvalidInputError(f"Offer {offer.offer_id!r} appears twice in the call.")
        requested[offer.offer_id] = require_money(offer.requested_grant, f"Requested grant of offer {offer.offer_id!r}")
    # Sorting here is what makes the grouping, and everything after it, independent of
    # the order the application happened to load the offers in.
    return {offer_id: requested[offer_id] for offer_id in sorted(requested)}


def _items(
    outcomes: Sequence[OfferOutcome],
    placements: Sequence[Placement],
    requested: dict[OfferId, Decimal],
    fit: BudgetFit,
    disagreement_limit: Decimal,
) -> tuple[RankedOffer, ...]:
    by_id = {outcome.offer_id: outcome for outcome in outcomes}
    amounts = {allocation.offer_id: allocation.proposed_amount for allocation in fit.allocations}
    return tuple(
        _item(by_id[placement.offer_id], placement, requested, amounts, disagreement_limit) for placement in placements
    )


def _item(
    outcome: OfferOutcome,
    placement: Placement,
    requested: dict[OfferId, Decimal],
    amounts: dict[OfferId, Decimal],
    disagreement_limit: Decimal,
) -> RankedOffer:
    return RankedOffer(
        offer_id=outcome.offer_id,
        requested_grant=requested[outcome.offer_id],
        score=outcome.score,
        per_criterion=outcome.per_criterion,
        n_scores=outcome.n_scores,
        spread=outcome.spread,
        passes_threshold=outcome.passes_threshold,
        rank=placement.rank,
        proposed_amount=amounts.get(outcome.offer_id, ZERO),
        disagreement=outcome.spread is not None and outcome.spread > disagreement_limit,
        tied_with=placement.tied_with,
    )


def _diagnostics(outcomes: Sequence[OfferOutcome], items: Sequence[RankedOffer]) -> Diagnostics:
    totals = {outcome.offer_id: outcome.totals for outcome in outcomes}
    return Diagnostics(
        alpha=krippendorff_alpha_interval(list(offer_totals.values()) for offer_totals in totals.values()),
        strictness=member_strictness(totals),
        disagreements=tuple(sorted(item.offer_id for item in items if item.disagreement)),
        incomplete_sheets=tuple(
            sorted((member, outcome.offer_id) for outcome in outcomes for member in outcome.incomplete_members)
        ),
    )
