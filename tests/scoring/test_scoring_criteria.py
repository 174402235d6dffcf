from decimal import Decimal

import pytest
from scoring_builders import D, criterion

from scoring import (
    Criterion,
    Form,
    InvalidCriterionError,
    InvalidPointsError,
    ScoringError,
    max_total,
    statutory_criteria,
    validate_criteria,
    validate_points,
)


class TestStatutoryCriteria:
    def test_wspieranie_has_all_six_points_of_art_15_summing_to_100(self):
        criteria = statutory_criteria("wspieranie")
        assert [c.code for c in criteria] == [
            "ability",
            "costs",
            "quality",
            "own_funds",
            "non_financial",
            "track_record",
        ]
        assert [c.max_points for c in criteria] == [D(20), D(20), D(30), D(10), D(10), D(10)]
        assert max_total(criteria) == D(100)

    def test_powierzanie_drops_own_funds(self):
        criteria = statutory_criteria(Form.POWIERZANIE)
        assert "own_funds" not in {c.code for c in criteria}
        assert max_total(criteria) == D(90)

    def test_names_are_polish_and_nothing_is_advisory_or_has_a_minimum(self):
        criteria = statutory_criteria("wspieranie")
        assert criteria[0].name == "Możliwość realizacji zadania publicznego"
        assert all(not c.advisory and c.min_points is None for c in criteria)
        assert all(isinstance(c.max_points, Decimal) for c in criteria)

    def test_unknown_form_is_rejected(self):
        with pytest.raises(ValueError):
            statutory_criteria("regranting")

    def test_defaults_pass_validation(self):
        assert validate_criteria(statutory_criteria("wspieranie"))


class TestCriterionDefinition:
    @pytest.mark.parametrize("max_points", [D(0), D(-5), Decimal("NaN"), Decimal("Infinity"), 10, 10.0])
    def test_max_points_must_be_a_positive_decimal(self, max_points):
        with pytest.raises(InvalidCriterionError, match="max_points"):
            Criterion("x", "X", max_points)

    @pytest.mark.parametrize("min_points", [D(-1), D(11), 5])
    def test_min_points_must_lie_within_the_scale(self, min_points):
        with pytest.raises(InvalidCriterionError, match="min_points"):
            Criterion("x", "X", D(10), min_points)

    def test_min_points_may_equal_zero_or_max(self):
        assert Criterion("x", "X", D(10), D(0)).min_points == 0
        assert Criterion("x", "X", D(10), D(10)).min_points == 10

    def test_code_must_be_non_empty(self):
        with pytest.raises(InvalidCriterionError):
            Criterion("", "X", D(10))

    def test_criterion_is_immutable(self):
        with pytest.raises(AttributeError):
            criterion("a").max_points = D(5)  # type: ignore[misc]


class TestValidateCriteria:
    def test_duplicate_codes_are_rejected(self):
        with pytest.raises(InvalidCriterionError, match=r"unique.*a"):
            validate_criteria([criterion("a"), criterion("a")])

    def test_all_advisory_is_rejected(self):
        with pytest.raises(InvalidCriterionError, match="not advisory"):
            validate_criteria([criterion("a", advisory=True)])

    def test_non_criterion_is_rejected(self):
        with pytest.raises(InvalidCriterionError):
            validate_criteria([("a", 10)])

    def test_max_total_ignores_advisory(self):
        assert max_total([criterion("a", 10), criterion("b", 5, advisory=True)]) == D(10)


class TestValidatePoints:
    @pytest.mark.parametrize("points", ["0", "1", "10", "7.00"])
    def test_whole_points_within_range_are_accepted(self, points):
        assert validate_points(criterion("a", 10), D(points), allow_halves=False) == D(points)

    @pytest.mark.parametrize("points", ["0.5", "9.5", "10.0"])
    def test_halves_are_accepted_when_allowed(self, points):
        assert validate_points(criterion("a", 10), D(points), allow_halves=True) == D(points)

    def test_half_is_rejected_when_not_allowed(self):
        with pytest.raises(InvalidPointsError, match="whole points") as caught:
            validate_points(criterion("a", 10), D("7.5"), allow_halves=False)
        assert caught.value.criterion_code == "a"
        assert caught.value.points == D("7.5")

    @pytest.mark.parametrize("points", ["0.25", "7.3", "0.1"])
    def test_other_fractions_are_rejected_even_with_halves(self, points):
        with pytest.raises(InvalidPointsError, match="whole or half points"):
            validate_points(criterion("a", 10), D(points), allow_halves=True)

    @pytest.mark.parametrize("points", ["-1", "-0.5", "10.5", "11"])
    def test_out_of_range_is_rejected_with_the_range_in_the_message(self, points):
        with pytest.raises(InvalidPointsError, match=r"between 0 and 10"):
            validate_points(criterion("a", 10), D(points), allow_halves=True)

    @pytest.mark.parametrize("points", [7, 7.0, "7", None, Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
    def test_non_decimal_or_non_finite_is_rejected(self, points):
        with pytest.raises(InvalidPointsError, match="finite Decimal"):
            validate_points(criterion("a", 10), points, allow_halves=True)

    def test_error_is_a_value_error(self):
        assert issubclass(InvalidPointsError, ScoringError)
        assert issubclass(InvalidPointsError, ValueError)

    def test_message_does_not_use_scientific_notation(self):
        with pytest.raises(InvalidPointsError) as caught:
            validate_points(criterion("a", 10), Decimal("1E+2"), allow_halves=False)
        assert "100" in str(caught.value)
