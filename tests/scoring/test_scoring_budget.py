"""Fitting the ranking into the budget, in both modes."""

import pytest
from scoring_builders import D, offers, run, sheet

from scoring import InvalidInputError, OfferInput, fit_budget


def proposed(fit) -> list:
    return [allocation.proposed_amount for allocation in fit.allocations]


RANKED = offers((1, 400), (2, 300), (3, 200), (4, 100))


class TestFitBudget:
    def test_everything_fits(self):
        fit = fit_budget(RANKED, D(2000), partial_last=True)
        assert proposed(fit) == [D(400), D(300), D(200), D(100)]
        assert (fit.allocated, fit.remaining) == (D(1000), D(1000))

    def test_budget_exactly_exhausted(self):
        for partial_last in (True, False):
            fit = fit_budget(RANKED, D(1000), partial_last)
            assert proposed(fit) == [D(400), D(300), D(200), D(100)]
            assert fit.remaining == D(0)

    def test_partial_last_gives_the_rest_to_the_first_offer_that_does_not_fit_then_stops(self):
        fit = fit_budget(RANKED, D(800), partial_last=True)
        assert proposed(fit) == [D(400), D(300), D(100), D(0)]
        assert (fit.allocated, fit.remaining) == (D(800), D(0))
        assert fit.allocations[2].partial and not fit.allocations[1].partial

    def test_partial_last_stops_even_if_a_later_offer_would_fit(self):
        fit = fit_budget(offers((1, 400), (2, 500), (3, 50)), D(450), partial_last=True)
        assert proposed(fit) == [D(400), D(50), D(0)]

    def test_skip_mode_skips_what_does_not_fit_and_funds_a_smaller_one_below(self):
        fit = fit_budget(offers((1, 400), (2, 500), (3, 50), (4, 10)), D(450), partial_last=False)
        assert proposed(fit) == [D(400), D(0), D(50), D(0)]
        assert (fit.allocated, fit.remaining) == (D(450), D(0))

    def test_skip_mode_never_funds_partially(self):
        fit = fit_budget(RANKED, D(850), partial_last=False)
        assert proposed(fit) == [D(400), D(300), D(0), D(100)]
        assert fit.remaining == D(50)
        assert not any(allocation.partial for allocation in fit.allocations)

    def test_zero_budget(self):
        for partial_last in (True, False):
            fit = fit_budget(RANKED, D(0), partial_last)
            assert proposed(fit) == [D(0)] * 4
            assert (fit.allocated, fit.remaining) == (D(0), D(0))

    def test_partial_grant_keeps_grosze(self):
        fit = fit_budget(offers((1, "100.10"), (2, "99.99")), D("150.15"), partial_last=True)
        assert proposed(fit) == [D("100.10"), D("50.05")]

    def test_amounts_are_in_cents(self):
        fit = fit_budget(offers((1, 100)), D(1000), partial_last=True)
        assert all(a.proposed_amount.as_tuple().exponent == -2 for a in fit.allocations)
        assert fit.allocated.as_tuple().exponent == -2 and fit.remaining.as_tuple().exponent == -2

    def test_zero_request_is_funded_with_zero(self):
        fit = fit_budget(offers((1, 0), (2, 5)), D(5), partial_last=False)
        assert proposed(fit) == [D(0), D(5)]

    def test_nothing_ranked(self):
        fit = fit_budget([], D(100), partial_last=True)
        assert fit.allocations == () and (fit.allocated, fit.remaining) == (D(0), D(100))

    def test_amount_for(self):
        fit = fit_budget(RANKED, D(450), partial_last=True)
        assert fit.amount_for(2) == D(50)
        with pytest.raises(KeyError):
            fit.amount_for(99)

    @pytest.mark.parametrize("budget", [D(-1), D("10.001"), D("NaN"), 100, 100.0])
    def test_invalid_budget_is_rejected(self, budget):
        with pytest.raises(InvalidInputError, match="Budget"):
            fit_budget(RANKED, budget, partial_last=True)

    @pytest.mark.parametrize("requested", [D(-1), D("0.005"), 10])
    def test_invalid_requested_grant_is_rejected(self, requested):
        with pytest.raises(InvalidInputError, match="Requested grant"):
            fit_budget([OfferInput(1, requested)], D(100), partial_last=True)

    def test_duplicate_offer_is_rejected(self):
        with pytest.raises(InvalidInputError, match="twice"):
            fit_budget(offers((1, 10), (1, 10)), D(100), partial_last=True)

    def test_trailing_zeros_are_accepted(self):
        fit = fit_budget([OfferInput(1, D("10.000"))], D("100.0000"), partial_last=True)
        assert fit.allocations[0].proposed_amount == D("10.00")


class TestBudgetInRankCall:
    def scores(self):
        # offer 1: 18, offer 2: 14, offer 3: 10, offer 4: 2 (fails min_total 5)
        return [
            *sheet(1, 1, a=9, b=9),
            *sheet(1, 2, a=7, b=7),
            *sheet(1, 3, a=5, b=5),
            *sheet(1, 4, a=1, b=1),
        ]

    def call(self, budget, partial_last):
        return run(
            self.scores(),
            offer_list=offers((1, 500), (2, 400), (3, 100), (4, 10)),
            budget=budget,
            min_total=D(5),
            partial_last=partial_last,
        )

    def test_rules_choose_partial_mode(self):
        result = self.call(700, partial_last=True)
        assert [item.proposed_amount for item in result.items] == [D(500), D(200), D(0), D(0)]
        assert (result.allocated, result.remaining) == (D(700), D(0))

    def test_rules_choose_skip_mode(self):
        result = self.call(700, partial_last=False)
        assert [item.proposed_amount for item in result.items] == [D(500), D(0), D(100), D(0)]
        assert (result.allocated, result.remaining) == (D(600), D(100))

    def test_non_passing_offer_gets_nothing_even_with_money_left(self):
        result = self.call(10_000, partial_last=False)
        assert result.item(4).proposed_amount == D(0)
        assert result.remaining == D(9000)
        assert result.budget == D("10000.00")
