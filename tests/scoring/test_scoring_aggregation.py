from decimal import Decimal

import pytest
from scoring_builders import TWO, D, run, sheet

import scoring.aggregation
from scoring import METHODS, divide_half_up, mean, median, round_half_up


def values(*items: str | int) -> list[Decimal]:
    return [D(item) for item in items]


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("2.345", "2.35"), ("2.344", "2.34"), ("2.355", "2.36"), ("-2.345", "-2.35"), ("7", "7.00")],
    )
    def test_round_half_up(self, value, expected):
        rounded = round_half_up(D(value))
        assert rounded == D(expected)
        assert rounded.as_tuple().exponent == -2

    @pytest.mark.parametrize(
        ("total", "count", "expected"),
        [
            ("10", 3, "3.33"),
            ("20", 3, "6.67"),
            ("0.05", 2, "0.03"),  # exactly 0.025: half-up, not half-even (0.02)
            ("0.01", 8, "0.00"),  # 0.00125
            ("1", 8, "0.13"),  # 0.125 exactly
            ("-1", 8, "-0.13"),
            ("0", 5, "0.00"),
        ],
    )
    def test_divide_half_up_rounds_the_exact_quotient_once(self, total, count, expected):
        result = divide_half_up(D(total), count)
        assert result == D(expected)
        assert result.as_tuple().exponent == -2

    def test_divide_by_zero_is_refused(self):
        with pytest.raises(ValueError):
            divide_half_up(D(1), 0)


class TestMean:
    def test_mean_of_totals(self):
        assert mean(values(80, 90, 95)) == D("88.33")

    def test_mean_half_up(self):
        assert mean(values("70.5", 71, 70, 70)) == D("70.38")  # 70.375

    def test_mean_of_one(self):
        assert mean(values("7.5")) == D("7.50")

    def test_empty_is_refused(self):
        with pytest.raises(ValueError):
            mean([])


class TestMedian:
    def test_odd_count_takes_the_middle_value(self):
        assert median(values(90, 10, 50)) == D("50.00")

    def test_even_count_averages_the_two_middle_values(self):
        assert median(values(10, 40, 50, 100)) == D("45.00")

    def test_even_count_with_halves_rounds_half_up(self):
        assert median(values("10.5", 11, 0, 20)) == D("10.75")
        assert median(values(0, 1)) == D("0.50")

    def test_median_ignores_outliers_that_move_the_mean(self):
        assert median(values(80, 82, 84, 0)) == D("81.00")
        assert mean(values(80, 82, 84, 0)) == D("61.50")

    def test_empty_is_refused(self):
        with pytest.raises(ValueError):
            median([])


class TestRegistry:
    def test_registry_holds_mean_and_median(self):
        assert METHODS["mean"] is mean
        assert METHODS["median"] is median

    def test_a_registered_method_can_be_chosen_by_name(self, monkeypatch):
        def maximum(points):
            return round_half_up(max(points))

        monkeypatch.setitem(scoring.aggregation.METHODS, "max", maximum)
        result = run([*sheet(1, 1, a=2, b=2), *sheet(2, 1, a=9, b=9)], criteria=TWO, aggregation="max")
        assert result.item(1).score == D("18.00")

    def test_official_score_uses_chosen_method(self):
        scores = [*sheet(1, 1, a=1, b=0), *sheet(2, 1, a=5, b=5), *sheet(3, 1, a=10, b=10)]
        assert run(scores, aggregation="mean").item(1).score == D("10.33")
        assert run(scores, aggregation="median").item(1).score == D("10.00")
