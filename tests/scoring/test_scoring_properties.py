"""Property tests: order independence, monotonic ranking, budget safety, alpha bounds."""

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise, product

from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_builders import D, criterion

from scoring import OfferInput, Score, ScoringRules, fit_budget, krippendorff_alpha_interval, rank_call

# No example database: the suite must not write files outside its own folders.
FAST = settings(max_examples=60, deadline=None, database=None)

CRITERIA = (
    criterion("a", 10, min_points=2),
    criterion("b", 5),
    criterion("note", 3, advisory=True),
)
MEMBERS = (1, 2, 3, 4)
HALF_STEPS = {c.code: [Decimal(step) / 2 for step in range(int(c.max_points) * 2 + 1)] for c in CRITERIA}

money = st.integers(min_value=0, max_value=200_000).map(lambda grosze: Decimal(grosze).scaleb(-2))
tie_steps = st.sampled_from(
    [("criterion", "a"), ("criterion", "note"), ("lower_requested",), ("draw", {1: 3, 2: 1, 4: 2, 6: 4})]
)
rules_strategy = st.builds(
    ScoringRules,
    aggregation=st.sampled_from(["mean", "median"]),
    min_total=st.none() | st.integers(0, 15).map(Decimal),
    allow_halves=st.just(True),
    tie_break=st.lists(tie_steps, max_size=3).map(tuple),
    partial_last=st.booleans(),
    disagreement_share=st.sampled_from([D("0.1"), D("0.25"), D("1")]),
)


@st.composite
def calls(draw):
    offer_ids = draw(st.sets(st.integers(1, 8), max_size=6))
    offer_list = [OfferInput(offer_id, draw(money)) for offer_id in sorted(offer_ids)]
    scores = []
    for member, offer_id, c in product(MEMBERS, sorted(offer_ids), CRITERIA):
        # Mostly complete sheets, with some gaps to exercise incomplete ones.
        if draw(st.integers(0, 9)) < 8:
            scores.append(Score(member, offer_id, c.code, draw(st.sampled_from(HALF_STEPS[c.code]))))
    return draw(rules_strategy), offer_list, scores, draw(money)


@FAST
@given(calls(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(call, rng):
    rules, offer_list, scores, budget = call
    expected = rank_call(CRITERIA, rules, offer_list, scores, budget)
    shuffled_offers, shuffled_scores = offer_list[:], scores[:]
    rng.shuffle(shuffled_offers)
    rng.shuffle(shuffled_scores)
    assert rank_call(CRITERIA, rules, shuffled_offers, shuffled_scores, budget) == expected


@FAST
@given(calls())
def test_higher_score_never_ranks_lower(call):
    result = rank_call(CRITERIA, *call)
    ranked = [item for item in result.items if item.rank is not None]
    assert [item.rank for item in ranked] == list(range(1, len(ranked) + 1))
    for better, worse in pairwise(ranked):
        assert better.score >= worse.score
    assert all(item.passes_threshold for item in ranked)
    assert all(not item.passes_threshold for item in result.items[len(ranked) :])


@FAST
@given(calls())
def test_budget_is_never_exceeded_and_nobody_gets_more_than_requested(call):
    rules, offer_list, scores, budget = call
    result = rank_call(CRITERIA, rules, offer_list, scores, budget)
    amounts = [item.proposed_amount for item in result.items]
    assert sum(amounts, Decimal(0)) == result.allocated <= budget
    assert result.remaining == budget - result.allocated >= 0
    for item in result.items:
        assert Decimal(0) <= item.proposed_amount <= item.requested_grant
        if not item.passes_threshold:
            assert item.proposed_amount == 0


@FAST
@given(st.lists(money, max_size=8), money, st.booleans())
def test_fit_budget_walk_invariants(requests, budget, partial_last):
    ranked = [OfferInput(offer_id, amount) for offer_id, amount in enumerate(requests)]
    fit = fit_budget(ranked, budget, partial_last)
    assert fit.allocated + fit.remaining == budget and fit.remaining >= 0
    short = [a for a in fit.allocations if a.proposed_amount < a.requested_grant]
    if partial_last:
        # Full grants, then one offer that gets whatever was left, then nothing at all.
        first_short = next((i for i, a in enumerate(fit.allocations) if a in short), len(fit.allocations))
        assert all(a.proposed_amount == a.requested_grant for a in fit.allocations[:first_short])
        assert all(a.proposed_amount == 0 for a in fit.allocations[first_short + 1 :])
        assert not short or fit.remaining == 0
    else:
        # A skipped offer did not fit then, so it cannot fit in what is left at the end.
        assert all(a.proposed_amount == 0 and a.requested_grant > fit.remaining for a in short)


def reference_alpha(units):
    """Textbook alpha: coincidence matrix, marginals and squared differences, all exact."""
    pairable = [[Fraction(v) for v in unit] for unit in units if len(unit) >= 2]
    coincidences = Counter()
    for unit in pairable:
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    coincidences[c, k] += Fraction(1, len(unit) - 1)
    marginals = Counter()
    for (c, _), count in coincidences.items():
        marginals[c] += count
    n = sum(marginals.values())
    observed = sum(count * (c - k) ** 2 for (c, k), count in coincidences.items()) / n if n else 0
    expected_sum = sum(marginals[c] * marginals[k] * (c - k) ** 2 for c in marginals for k in marginals)
    if not pairable or expected_sum == 0:
        return None
    return float(1 - observed / (expected_sum / (n * (n - 1))))


unit_values = st.lists(st.integers(0, 40).map(lambda halves: Decimal(halves) / 2), max_size=5)


@FAST
@given(st.lists(unit_values, max_size=8))
def test_alpha_matches_the_coincidence_matrix_definition_and_is_at_most_one(units):
    alpha = krippendorff_alpha_interval(units)
    assert alpha == reference_alpha(units)
    assert alpha is None or alpha <= 1.0


@FAST
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 6)), max_size=8))
def test_alpha_is_one_when_all_members_agree(agreed):
    units = [[Decimal(value)] * members for value, members in agreed]
    pairable_values = {value for value, members in agreed if members >= 2}
    alpha = krippendorff_alpha_interval(units)
    if len(pairable_values) >= 2:
        assert alpha == 1.0
    else:
        assert alpha is None  # no variation at all: alpha is undefined


@FAST
@given(calls())
def test_alpha_of_a_call_is_at_most_one(call):
    diagnostics = rank_call(CRITERIA, *call).diagnostics
    assert diagnostics.alpha is None or diagnostics.alpha <= 1.0
