"""Official score, per-criterion results, completeness and passing of a single offer."""

from scoring_builders import D, criterion, offers, run, sheet

from scoring import Score

WITH_ADVISORY = (criterion("a", 10), criterion("b", 10), criterion("note", 5, advisory=True))


class TestOfficialScore:
    def test_score_is_mean_of_member_totals(self):
        result = run([*sheet(1, 1, a=8, b=9), *sheet(2, 1, a=6, b=7), *sheet(3, 1, a=10, b=10)])
        item = result.item(1)
        assert item.score == D("16.67")  # (17 + 13 + 20) / 3
        assert item.n_scores == 3
        assert item.spread == D(7)

    def test_score_is_median_of_member_totals_not_sum_of_criterion_medians(self):
        scores = [*sheet(1, 1, a=10, b=0), *sheet(2, 1, a=0, b=10), *sheet(3, 1, a=5, b=4)]
        item = run(scores, aggregation="median").item(1)
        assert item.score == D("10.00")  # median of totals 10, 10, 9
        assert item.criterion("a").points + item.criterion("b").points == D(9)  # 5 + 4

    def test_median_with_even_number_of_sheets(self):
        scores = [score for m, t in ((1, 2), (2, 3), (3, 8), (4, 10)) for score in sheet(m, 1, a=t, b=0)]
        assert run(scores, aggregation="median").item(1).score == D("5.50")

    def test_halves_are_allowed_when_the_rules_say_so(self):
        item = run([*sheet(1, 1, a="7.5", b="0.5"), *sheet(2, 1, a=8, b=1)], allow_halves=True).item(1)
        assert item.score == D("8.50")  # (8 + 9) / 2
        assert item.criterion("a").points == D("7.75")

    def test_scores_are_decimals_rounded_to_cents(self):
        item = run([*sheet(1, 1, a=1, b=0), *sheet(2, 1, a=1, b=0), *sheet(3, 1, a=0, b=0)]).item(1)
        assert item.score == D("0.67")
        assert item.score.as_tuple().exponent == -2
        assert item.criterion("a").points == D("0.67")

    def test_offer_without_scores_has_no_score_and_does_not_pass(self):
        result = run([], offer_list=offers((1, 100)))
        item = result.item(1)
        assert (item.score, item.n_scores, item.spread, item.passes_threshold, item.rank) == (
            None,
            0,
            None,
            False,
            None,
        )
        assert item.criterion("a").points is None and item.criterion("a").n_scores == 0
        assert item.proposed_amount == D(0)


class TestAdvisoryCriteria:
    def test_advisory_points_are_not_part_of_the_total(self):
        item = run([*sheet(1, 1, a=5, b=5, note=5)], criteria=WITH_ADVISORY).item(1)
        assert item.score == D("10.00")

    def test_advisory_criterion_is_reported_and_flagged(self):
        item = run([*sheet(1, 1, a=5, b=5, note=4), *sheet(2, 1, a=5, b=5, note=1)], criteria=WITH_ADVISORY).item(1)
        note = item.criterion("note")
        assert note.advisory and note.points == D("2.50") and note.n_scores == 2
        assert not item.criterion("a").advisory

    def test_sheet_without_advisory_points_is_still_complete(self):
        item = run([*sheet(1, 1, a=5, b=5), *sheet(2, 1, a=7, b=7, note=3)], criteria=WITH_ADVISORY).item(1)
        assert item.n_scores == 2
        assert item.criterion("note").n_scores == 1

    def test_advisory_minimum_never_fails_an_offer(self):
        criteria = (criterion("a", 10), criterion("note", 5, min_points=4, advisory=True))
        item = run([*sheet(1, 1, a=9, note=0)], criteria=criteria).item(1)
        assert item.passes_threshold
        assert item.criterion("note").meets_minimum

    def test_advisory_points_do_not_count_towards_min_total(self):
        item = run([*sheet(1, 1, a=5, b=4, note=5)], criteria=WITH_ADVISORY, min_total=D(10)).item(1)
        assert item.score == D("9.00") and not item.passes_threshold


class TestIncompleteSheets:
    def test_incomplete_sheet_is_ignored_in_score_count_and_spread(self):
        scores = [*sheet(1, 1, a=10, b=10), *sheet(2, 1, a=8, b=8), *sheet(3, 1, a=0)]
        item = run(scores).item(1)
        assert item.score == D("18.00")
        assert item.n_scores == 2
        assert item.spread == D(4)

    def test_incomplete_sheet_is_ignored_per_criterion_too(self):
        scores = [*sheet(1, 1, a=10, b=10), *sheet(3, 1, a=0)]
        item = run(scores).item(1)
        assert item.criterion("a").points == D("10.00") and item.criterion("a").n_scores == 1

    def test_only_incomplete_sheets_means_no_score(self):
        item = run([*sheet(1, 1, a=10), *sheet(2, 1, b=10)]).item(1)
        assert item.score is None and item.n_scores == 0 and not item.passes_threshold

    def test_incomplete_sheets_are_listed_in_diagnostics(self):
        result = run([*sheet(1, 1, a=10, b=1), *sheet(2, 1, a=3), *sheet(2, 2, b=1), *sheet(1, 2, a=1, b=1)])
        assert result.diagnostics.incomplete_sheets == ((2, 1), (2, 2))


class TestPassing:
    def test_no_thresholds_means_every_scored_offer_passes(self):
        assert run([*sheet(1, 1, a=0, b=0)]).item(1).passes_threshold

    def test_min_total_is_inclusive(self):
        assert run([*sheet(1, 1, a=5, b=5)], min_total=D(10)).item(1).passes_threshold
        assert not run([*sheet(1, 1, a=5, b=4)], min_total=D(10)).item(1).passes_threshold

    def test_min_total_is_checked_against_the_rounded_published_score(self):
        # 199 x 60 and one 59: the mean 59.995 is published as 60.00, so it passes 60.
        criteria = (criterion("a", 100),)
        scores = [Score(m, 1, "a", D(p)) for m, p in enumerate(["60"] * 199 + ["59"], start=1)]
        item = run(scores, criteria=criteria, min_total=D(60)).item(1)
        assert item.score == D("60.00") and item.passes_threshold

    def test_per_criterion_minimum_fails_an_offer_with_a_high_total(self):
        criteria = (criterion("a", 10, min_points=5), criterion("b", 90))
        result = run([*sheet(1, 1, a=4, b=90), *sheet(1, 2, a=5, b=10)], criteria=criteria, min_total=D(10))
        high = result.item(1)
        assert high.score == D("94.00")
        assert not high.passes_threshold and high.rank is None
        assert not high.criterion("a").meets_minimum and high.criterion("b").meets_minimum
        assert result.item(2).rank == 1

    def test_per_criterion_minimum_uses_the_aggregated_points(self):
        criteria = (criterion("a", 10, min_points=5), criterion("b", 10))
        scores = [*sheet(1, 1, a=4, b=1), *sheet(2, 1, a=6, b=1)]
        assert run(scores, criteria=criteria).item(1).passes_threshold  # mean 5.00
        assert not run(scores[:2], criteria=criteria).item(1).passes_threshold

    def test_both_thresholds_must_hold(self):
        criteria = (criterion("a", 10, min_points=2), criterion("b", 10))
        scores = [*sheet(1, 1, a=2, b=1)]
        assert not run(scores, criteria=criteria, min_total=D(5)).item(1).passes_threshold
        assert run(scores, criteria=criteria, min_total=D(3)).item(1).passes_threshold


class TestDisagreement:
    def test_spread_above_share_of_max_total_is_flagged(self):
        # max total 20, default share 0.25 -> limit 5 points
        at_limit = run([*sheet(1, 1, a=10, b=10), *sheet(2, 1, a=5, b=10)])
        above = run([*sheet(1, 1, a=10, b=10), *sheet(2, 1, a=4, b=10)])
        assert at_limit.item(1).spread == D(5) and not at_limit.item(1).disagreement
        assert above.item(1).disagreement
        assert above.diagnostics.disagreements == (1,)

    def test_share_is_configurable(self):
        result = run([*sheet(1, 1, a=10, b=10), *sheet(2, 1, a=9, b=10)], disagreement_share=D("0.04"))
        assert result.item(1).disagreement  # spread 1 > 0.8

    def test_single_sheet_or_no_sheet_never_disagrees(self):
        result = run([*sheet(1, 1, a=10, b=0), *sheet(1, 2, a=1)])
        assert not result.item(1).disagreement and not result.item(2).disagreement
