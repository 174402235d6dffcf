"""Ranking order, the tie-break ladder and the reporting of unresolved ties."""

import pytest
from scoring_builders import D, criterion, offers, order, ranks, run, sheet

from scoring import (
    CriterionTieBreak,
    DrawTieBreak,
    InvalidRulesError,
    LowerRequestedTieBreak,
    ScoringRules,
    tie_break_step,
)


def totals(*offer_points: tuple[int, int, int]):
    """One member's sheets: (offer_id, a, b) each."""
    return [score for offer_id, a, b in offer_points for score in sheet(1, offer_id, a=a, b=b)]


class TestOrder:
    def test_passing_offers_are_ranked_by_score_descending(self):
        result = run(totals((1, 5, 5), (2, 9, 9), (3, 7, 7)))
        assert order(result) == [2, 3, 1]
        assert ranks(result) == {2: 1, 3: 2, 1: 3}

    def test_non_passing_offers_come_after_unranked_in_score_order(self):
        scores = totals((1, 1, 1), (2, 9, 9), (3, 3, 3), (4, 6, 6))
        result = run(scores + sheet(1, 5, a=9), min_total=D(10))
        assert order(result) == [2, 4, 3, 1, 5]
        assert ranks(result) == {2: 1, 4: 2, 3: None, 1: None, 5: None}
        assert result.item(5).score is None

    def test_ranks_are_consecutive_from_one(self):
        result = run(totals(*((offer_id, offer_id % 4, 3) for offer_id in range(1, 9))))
        assert sorted(r for r in ranks(result).values()) == list(range(1, 9))

    def test_empty_call(self):
        result = run([], offer_list=[])
        assert result.items == ()
        assert result.allocated == D(0) and result.remaining == D("1000000.00")
        assert result.diagnostics.alpha is None and result.diagnostics.strictness == ()


class TestTieBreakLadder:
    def test_without_ladder_ties_fall_back_to_offer_id_and_are_reported(self):
        result = run(totals((3, 5, 5), (1, 6, 4), (2, 9, 9)))
        assert order(result) == [2, 1, 3]
        assert result.item(1).tied_with == (3,)
        assert result.item(3).tied_with == (1,)
        assert result.item(2).tied_with == ()

    def test_three_way_tie_lists_the_other_two(self):
        result = run(totals((5, 5, 5), (6, 5, 5), (7, 5, 5)))
        assert result.item(6).tied_with == (5, 7)

    def test_criterion_step_prefers_higher_points_on_that_criterion(self):
        scores = totals((1, 4, 6), (2, 6, 4))
        result = run(scores, tie_break=(("criterion", "a"),))
        assert order(result) == [2, 1]
        assert result.item(1).tied_with == () and result.item(2).tied_with == ()
        assert order(run(scores, tie_break=(("criterion", "b"),))) == [1, 2]

    def test_criterion_step_uses_aggregated_points(self):
        scores = [
            *sheet(1, 1, a=2, b=8),
            *sheet(2, 1, a=8, b=2),
            *sheet(1, 2, a=4, b=6),
            *sheet(2, 2, a=4, b=6),
        ]
        result = run(scores, tie_break=(CriterionTieBreak("a"),), aggregation="mean")
        assert result.item(1).score == result.item(2).score
        assert order(result) == [1, 2]  # a: 5.00 vs 4.00

    def test_criterion_step_on_an_advisory_criterion_ranks_missing_points_last(self):
        criteria = (criterion("a"), criterion("note", 5, advisory=True))
        scores = [*sheet(1, 1, a=5), *sheet(1, 2, a=5, note=0), *sheet(1, 3, a=5, note=3)]
        result = run(scores, criteria=criteria, tie_break=(("criterion", "note"),))
        assert order(result) == [3, 2, 1]

    def test_lower_requested_step(self):
        scores = totals((1, 5, 5), (2, 5, 5), (3, 5, 5))
        result = run(scores, offer_list=offers((1, 3000), (2, 1000), (3, 2000)), tie_break=(("lower_requested",),))
        assert order(result) == [2, 3, 1]
        assert all(item.tied_with == () for item in result.items)

    def test_draw_step_prefers_lower_position(self):
        scores = totals((1, 5, 5), (2, 5, 5), (3, 5, 5))
        result = run(scores, tie_break=(("draw", {1: 3, 2: 1, 3: 2}),))
        assert order(result) == [2, 3, 1]
        assert all(item.tied_with == () for item in result.items)

    def test_offers_missing_from_the_draw_come_after_and_stay_tied(self):
        scores = totals((1, 5, 5), (2, 5, 5), (3, 5, 5))
        result = run(scores, tie_break=(("draw", {3: 1}),))
        assert order(result) == [3, 1, 2]
        assert result.item(1).tied_with == (2,) and result.item(3).tied_with == ()

    def test_steps_apply_in_order_and_later_steps_only_break_remaining_ties(self):
        scores = totals((1, 6, 4), (2, 6, 4), (3, 4, 6), (4, 9, 9))
        result = run(
            scores,
            offer_list=offers((1, 500), (2, 100), (3, 50), (4, 900)),
            tie_break=(("criterion", "a"), ("lower_requested",)),
        )
        # 1 and 2 win on criterion a over 3 (which asks for the least); 2 asks less than 1.
        assert order(result) == [4, 2, 1, 3]

    def test_full_ladder_then_offer_id(self):
        scores = totals((1, 5, 5), (2, 5, 5), (3, 5, 5), (4, 5, 5))
        result = run(
            scores,
            offer_list=offers((1, 100), (2, 100), (3, 100), (4, 50)),
            tie_break=(("criterion", "a"), ("lower_requested",), ("draw", {2: 2, 1: 1})),
        )
        assert order(result) == [4, 1, 2, 3]
        assert result.item(3).tied_with == ()  # the draw placed 1 and 2 before it

    def test_tie_break_does_not_override_a_higher_score(self):
        scores = totals((1, 5, 6), (2, 10, 0))
        assert order(run(scores, tie_break=(("criterion", "a"),))) == [1, 2]

    def test_non_passing_offers_are_not_reported_as_tied(self):
        result = run(totals((1, 1, 1), (2, 1, 1)), min_total=D(5))
        assert [item.tied_with for item in result.items] == [(), ()]


class TestTieBreakSteps:
    def test_tuple_forms_are_normalised(self):
        rules = ScoringRules(tie_break=(("criterion", "a"), ["lower_requested"], ("draw", {2: 1, 1: 2})))
        assert rules.tie_break == (
            CriterionTieBreak("a"),
            LowerRequestedTieBreak(),
            DrawTieBreak(((1, 2), (2, 1))),
        )

    def test_draw_step_is_hashable_and_keeps_positions(self):
        step = tie_break_step(("draw", {5: 2, 4: 1}))
        assert hash(step) == hash(DrawTieBreak({4: 1, 5: 2}))
        assert step.as_mapping() == {4: 1, 5: 2}

    @pytest.mark.parametrize(
        "spec",
        [
            ("criterion",),
            ("criterion", 1),
            ("lower_requested", 1),
            ("draw",),
            ("coin",),
            (),
            "criterion",
            None,
        ],
    )
    def test_malformed_steps_are_rejected(self, spec):
        with pytest.raises(InvalidRulesError):
            tie_break_step(spec)

    def test_draw_with_shared_position_is_rejected(self):
        with pytest.raises(InvalidRulesError, match="same position"):
            DrawTieBreak({1: 1, 2: 1})

    def test_draw_positions_must_be_integers(self):
        with pytest.raises(InvalidRulesError, match="integers"):
            DrawTieBreak({1: "first", 2: 2})

    def test_criterion_step_must_name_a_known_criterion(self):
        with pytest.raises(InvalidRulesError, match="unknown criterion 'zzz'"):
            run(totals((1, 5, 5)), tie_break=(("criterion", "zzz"),))
