"""Krippendorff's alpha, member strictness and the diagnostics block of rank_call."""

import math
from fractions import Fraction

import pytest
from scoring_builders import D, run, sheet

from scoring import krippendorff_alpha_interval, member_strictness

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, missing values as None. Published: interval alpha = 0.849.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Three coders, fifteen units: the example used on Wikipedia's Krippendorff's alpha page
# and in the reference implementation's tests (interval alpha = 0.810845).
THREE_CODERS = [
    [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
    [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
    [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
]


def units_of(matrix):
    """Coder-by-unit matrix to a list of present values per unit."""
    return [[row[unit] for row in matrix if row[unit] is not None] for unit in range(len(matrix[0]))]


class TestKrippendorffAlpha:
    def test_textbook_example_interval(self):
        alpha = krippendorff_alpha_interval(units_of(KRIPPENDORFF_2011))
        assert round(alpha, 3) == 0.849
        assert alpha == pytest.approx(951 / 1120, abs=1e-15)  # the exact rational value

    def test_three_coder_example(self):
        assert round(krippendorff_alpha_interval(units_of(THREE_CODERS)), 6) == 0.810845

    def test_decimals_give_the_same_value_as_integers(self):
        as_decimals = [[D(value) for value in unit] for unit in units_of(KRIPPENDORFF_2011)]
        assert krippendorff_alpha_interval(as_decimals) == krippendorff_alpha_interval(units_of(KRIPPENDORFF_2011))

    def test_scale_and_shift_do_not_change_alpha(self):
        units = units_of(THREE_CODERS)
        scaled = [[D(value) * D("2.5") + D(40) for value in unit] for unit in units]
        assert krippendorff_alpha_interval(scaled) == pytest.approx(krippendorff_alpha_interval(units), abs=1e-12)

    def test_hand_worked_two_units(self):
        # o(1,2)=o(2,1)=o(3,4)=o(4,3)=1, n=4: D_o = 4/4 = 1, D_e = 40/12, alpha = 1 - 3/10
        assert krippendorff_alpha_interval([[1, 2], [3, 4]]) == pytest.approx(0.7)

    def test_systematic_disagreement_is_negative(self):
        # D_o = 2 * 2 / 4 = 1, D_e = 2 * 4 / 12 = 2/3
        assert krippendorff_alpha_interval([[1, 2], [2, 1]]) == pytest.approx(-0.5)

    def test_perfect_agreement_is_one(self):
        assert krippendorff_alpha_interval([[3, 3, 3], [7, 7], [1, 1, 1, 1]]) == 1.0

    def test_single_values_are_not_pairable_and_are_ignored(self):
        assert krippendorff_alpha_interval([[1, 2], [3, 4], [100]]) == pytest.approx(0.7)

    def test_undefined_without_pairable_units(self):
        assert krippendorff_alpha_interval([]) is None
        assert krippendorff_alpha_interval([[1], [2], []]) is None

    def test_undefined_without_any_variation(self):
        assert krippendorff_alpha_interval([[5, 5], [5, 5, 5]]) is None

    def test_accepts_fractions(self):
        assert krippendorff_alpha_interval([[Fraction(1, 3), Fraction(2, 3)], [1, Fraction(4, 3)]]) == pytest.approx(
            0.7
        )


class TestMemberStrictness:
    def test_hand_worked_z_scores(self):
        totals = {
            1: {1: D(10), 2: D(20)},  # mean 15: member 1 -5, member 2 +5
            2: {1: D(30), 2: D(40), 3: D(50)},  # mean 40: -10, 0, +10
        }
        result = member_strictness(totals)
        assert [m.member_id for m in result] == [1, 2, 3]
        assert [m.n_offers for m in result] == [2, 2, 1]
        assert [m.mean_deviation for m in result] == [-7.5, 2.5, 10.0]
        centre = (-7.5 + 2.5 + 10) / 3
        deviation = math.sqrt(sum((v - centre) ** 2 for v in (-7.5, 2.5, 10)) / 3)
        expected = [(v - centre) / deviation for v in (-7.5, 2.5, 10)]
        assert [m.z_score for m in result] == pytest.approx(expected)
        assert result[0].z_score == pytest.approx(-1.2787, abs=1e-4)

    def test_harsh_member_has_negative_z(self):
        totals = {offer: {1: D(5), 2: D(15), 3: D(16)} for offer in range(3)}
        harsh, *_ = member_strictness(totals)
        assert harsh.z_score < -1

    def test_offers_with_a_single_sheet_are_left_out(self):
        result = member_strictness({1: {1: D(10)}, 2: {1: D(10), 2: D(14)}})
        assert [(m.n_offers, m.mean_deviation) for m in result] == [(1, -2.0), (1, 2.0)]

    def test_member_with_nothing_comparable_has_no_figures(self):
        result = member_strictness({1: {1: D(10)}, 2: {2: D(10)}})
        assert [(m.member_id, m.n_offers, m.mean_deviation, m.z_score) for m in result] == [
            (1, 0, None, None),
            (2, 0, None, None),
        ]

    def test_identical_deviations_have_no_z_score(self):
        result = member_strictness({1: {1: D(10), 2: D(10)}})
        assert [m.z_score for m in result] == [None, None]
        assert [m.mean_deviation for m in result] == [0.0, 0.0]

    def test_single_member_has_no_z_score(self):
        assert member_strictness({1: {1: D(10)}, 2: {1: D(5)}})[0].z_score is None

    def test_empty(self):
        assert member_strictness({}) == ()


class TestDiagnosticsOfRankCall:
    def scores(self):
        return [
            *sheet(1, 1, a=9, b=9),
            *sheet(2, 1, a=8, b=8),
            *sheet(3, 1, a=2, b=2),
            *sheet(1, 2, a=4, b=4),
            *sheet(2, 2, a=3, b=3),
            *sheet(3, 2, a=2, b=2),
            *sheet(3, 3, a=1),
        ]

    def test_alpha_is_over_member_totals_of_complete_sheets(self):
        result = run(self.scores())
        expected = krippendorff_alpha_interval([[18, 16, 4], [8, 6, 4]])
        assert result.diagnostics.alpha == expected

    def test_strictness_uses_complete_sheets(self):
        strictness = run(self.scores()).diagnostics.strictness
        assert [m.member_id for m in strictness] == [1, 2, 3]
        assert strictness[2].z_score < 0 < strictness[0].z_score

    def test_diagnostics_block(self):
        diagnostics = run(self.scores()).diagnostics
        assert diagnostics.disagreements == (1,)  # spreads 14 > 5 and 4 <= 5
        assert diagnostics.incomplete_sheets == ((3, 3),)

    def test_diagnostics_can_be_switched_off_without_changing_the_ranking(self):
        from scoring_builders import TWO, offers

        from scoring import ScoringRules, rank_call

        offer_list = offers((1, 100), (2, 100), (3, 100))
        with_diagnostics = rank_call(TWO, ScoringRules(), offer_list, self.scores(), D(150))
        without = rank_call(TWO, ScoringRules(), offer_list, self.scores(), D(150), diagnostics=False)
        assert without.diagnostics is None
        assert without.items == with_diagnostics.items

    def test_diagnostics_do_not_change_the_official_score(self):
        result = run(self.scores())
        assert result.item(1).score == D("12.67")
