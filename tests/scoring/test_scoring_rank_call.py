"""rank_call end to end: a realistic call, input validation and immutability."""

import copy
from decimal import Decimal
from pathlib import Path

import pytest
from scoring_builders import TWO, D, criterion, offers, run, sheet

import scoring
from scoring import (
    InvalidInputError,
    InvalidPointsError,
    InvalidRulesError,
    OfferInput,
    RankedOffer,
    Score,
    ScoringError,
    ScoringRules,
    rank_call,
    statutory_criteria,
)


def statutory_sheet(member_id, offer_id, ability, costs, quality, own_funds, non_financial, track_record):
    return sheet(
        member_id,
        offer_id,
        ability=ability,
        costs=costs,
        quality=quality,
        own_funds=own_funds,
        non_financial=non_financial,
        track_record=track_record,
    )


class TestRealisticCall:
    """Three members, four offers, statutory criteria for wspieranie, 100 000 PLN."""

    def call(self, **rule_options):
        scores = [
            *statutory_sheet(1, 101, 18, 17, 25, 8, 9, 10),  # 87
            *statutory_sheet(2, 101, 17, 16, 27, 7, 8, 10),  # 85
            *statutory_sheet(3, 101, 19, 18, 26, 9, 9, 9),  # 90
            *statutory_sheet(1, 102, 15, 15, 20, 5, 5, 5),  # 65
            *statutory_sheet(2, 102, 16, 14, 22, 6, 5, 7),  # 70
            *statutory_sheet(3, 102, 12, 10, 15, 3, 5, 5),  # 50
            *statutory_sheet(1, 103, 10, 8, 12, 2, 3, 5),  # 40
            *statutory_sheet(2, 103, 9, 9, 10, 2, 2, 3),  # 35
            *statutory_sheet(3, 103, 11, 10, 14, 3, 3, 4),  # 45
            *statutory_sheet(1, 104, 17, 15, 24, 5, 2, 2),  # 65
            *statutory_sheet(2, 104, 15, 16, 20, 5, 4, 0),  # 60
            *statutory_sheet(3, 104, 16, 16, 23, 5, 5, 0),  # 65
        ]
        offer_list = [
            OfferInput(101, D("45000.00")),
            OfferInput(102, D("30000.00")),
            OfferInput(103, D("20000.00")),
            OfferInput(104, D("40000.00")),
        ]
        rules = ScoringRules(min_total=D(50), tie_break=(("criterion", "quality"),), **rule_options)
        return rank_call(statutory_criteria("wspieranie"), rules, offer_list, scores, D("100000.00"))

    def test_ranking(self):
        result = self.call()
        assert [(i.offer_id, i.score, i.rank) for i in result.items] == [
            (101, D("87.33"), 1),
            (104, D("63.33"), 2),
            (102, D("61.67"), 3),
            (103, D("40.00"), None),
        ]
        assert result.max_total == D(100)

    def test_partial_funding_of_the_last_offer(self):
        result = self.call(partial_last=True)
        assert [i.proposed_amount for i in result.items] == [
            D("45000.00"),
            D("40000.00"),
            D("15000.00"),
            D("0.00"),
        ]
        assert (result.allocated, result.remaining) == (D("100000.00"), D("0.00"))

    def test_skipping_the_last_offer(self):
        result = self.call(partial_last=False)
        assert [i.proposed_amount for i in result.items] == [
            D("45000.00"),
            D("40000.00"),
            D("0.00"),
            D("0.00"),
        ]
        assert result.remaining == D("15000.00")

    def test_item_fields(self):
        item = self.call().item(102)
        assert isinstance(item, RankedOffer)
        assert item.n_scores == 3 and item.spread == D(20) and item.passes_threshold
        assert item.disagreement is False  # 20 is not above 25
        assert item.criterion("quality").points == D("19.00")
        assert [c.code for c in item.per_criterion] == [c.code for c in statutory_criteria("wspieranie")]

    def test_median_rules(self):
        assert self.call(aggregation="median").item(102).score == D("65.00")

    def test_unknown_offer_in_item_lookup(self):
        with pytest.raises(KeyError):
            self.call().item(999)


class TestValidation:
    def test_unknown_aggregation(self):
        with pytest.raises(InvalidRulesError, match=r"'trimmed'.*mean, median"):
            run(sheet(1, 1, a=1, b=1), aggregation="trimmed")

    def test_invalid_points_abort_the_call(self):
        with pytest.raises(InvalidPointsError):
            run(sheet(1, 1, a=11, b=1))

    def test_half_points_need_the_rule(self):
        with pytest.raises(InvalidPointsError):
            run(sheet(1, 1, a="0.5", b=1))

    def test_float_equal_to_a_validated_decimal_is_still_rejected(self):
        scores = [*sheet(1, 1, a=7, b=1), Score(2, 1, "a", 7.0)]
        with pytest.raises(InvalidPointsError):
            run(scores)

    def test_score_for_unknown_criterion(self):
        with pytest.raises(InvalidInputError, match="unknown criterion 'c'"):
            run(sheet(1, 1, a=1, c=1))

    def test_score_for_offer_outside_the_call(self):
        with pytest.raises(InvalidInputError, match="offer 2"):
            run(sheet(1, 2, a=1), offer_list=offers((1, 10)))

    def test_duplicate_score(self):
        with pytest.raises(InvalidInputError, match="twice"):
            run([*sheet(1, 1, a=1, b=1), *sheet(1, 1, a=2)])

    def test_duplicate_offer(self):
        with pytest.raises(InvalidInputError, match="appears twice"):
            run([], offer_list=offers((1, 10), (1, 20)))

    def test_requested_grant_in_whole_grosze(self):
        with pytest.raises(InvalidInputError, match="grosze"):
            run([], offer_list=offers((1, "10.001")))

    def test_budget_must_be_money(self):
        with pytest.raises(InvalidInputError, match="Budget"):
            run([], offer_list=[], budget="-1")

    def test_invalid_rules_are_rejected_when_built(self):
        with pytest.raises(InvalidRulesError):
            ScoringRules(min_total=D(-1))
        with pytest.raises(InvalidRulesError):
            ScoringRules(disagreement_share=0.25)

    def test_every_error_is_a_value_error(self):
        for error in (InvalidInputError, InvalidPointsError, InvalidRulesError):
            assert issubclass(error, ScoringError) and issubclass(error, ValueError)


class TestPurity:
    def test_inputs_are_not_mutated(self):
        criteria = [criterion("a"), criterion("b")]
        offer_list = offers((2, 100), (1, 50))
        scores = [*sheet(2, 1, a=1, b=2), *sheet(1, 2, a=3, b=4), *sheet(1, 1, a=9)]
        before = copy.deepcopy((criteria, offer_list, scores))
        rank_call(criteria, ScoringRules(tie_break=(("draw", {1: 1, 2: 2}),)), offer_list, scores, D(120))
        assert (criteria, offer_list, scores) == before

    def test_accepts_generators(self):
        scores = sheet(1, 1, a=1, b=2)
        result = rank_call(iter(TWO), ScoringRules(), (o for o in offers((1, 5))), (s for s in scores), D(5))
        assert result.item(1).score == D("3.00")

    def test_results_are_frozen(self):
        result = run(sheet(1, 1, a=1, b=1))
        with pytest.raises(AttributeError):
            result.allocated = D(0)  # type: ignore[misc]
        with pytest.raises(AttributeError):
            result.items[0].rank = 5  # type: ignore[misc]

    def test_money_and_points_in_results_are_decimal(self):
        result = run(sheet(1, 1, a=1, b=1))
        item = result.item(1)
        for value in (item.score, item.proposed_amount, item.spread, result.allocated, result.remaining):
            assert isinstance(value, Decimal)

    def test_scoring_imports_no_web_or_database_code(self):
        import subprocess
        import sys

        forbidden = "{'grants', 'flask', 'sqlalchemy', 'flask_sqlalchemy'}"
        code = f"import sys, scoring; print([m for m in sys.modules if m.split('.')[0] in {forbidden}])"
        root = Path(scoring.__file__).resolve().parent.parent
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
        assert out.stdout.strip() == "[]"
