"""Deadlines after the award: N days after the event (the event's day not counted), moved by KC art. 115."""

from datetime import date

import pytest

from settlement import (
    FINAL_REPORT_DAYS,
    PARTIAL_REPORT_MIN_DAYS,
    RETURN_DAYS,
    final_report_due,
    finding_return_due,
    partial_report_earliest_due,
    unused_return_due,
)


def test_the_statutory_numbers():
    assert FINAL_REPORT_DAYS == 30  # art. 18 ust. 1 of the Act
    assert PARTIAL_REPORT_MIN_DAYS == 30  # art. 18 ust. 3 of the Act
    assert RETURN_DAYS == 15  # ufp art. 251 ust. 3 and art. 252 ust. 1


@pytest.mark.parametrize(
    ("task_end", "due", "why"),
    [
        (date(2026, 2, 3), date(2026, 3, 5), "+30 is a Thursday"),
        (date(2026, 2, 5), date(2026, 3, 9), "+30 is Saturday 7 March → Monday"),
        (date(2026, 2, 6), date(2026, 3, 9), "+30 is Sunday 8 March → Monday"),
        (date(2027, 10, 2), date(2027, 11, 2), "+30 is 1 November (Mon) → Tuesday"),
        (date(2025, 11, 24), date(2025, 12, 29), "+30 is 24 December 2025 → Monday 29th"),
        (date(2026, 3, 7), date(2026, 4, 7), "+30 is Easter Monday 2026 → Tuesday"),
        (date(2024, 10, 2), date(2024, 11, 4), "+30 is 1 November 2024, a Friday → Monday"),
    ],
)
def test_final_report_is_due_30_days_after_the_task_art_18_ust_1(task_end, due, why):
    assert final_report_due(task_end) == due, why


def test_a_partial_report_may_be_demanded_for_no_sooner_than_30_days_art_18_ust_3():
    assert partial_report_earliest_due(date(2026, 5, 5)) == date(2026, 6, 5)  # +30 is Corpus Christi (Thu 4 June)
    assert partial_report_earliest_due(date(2026, 4, 1)) == date(2026, 5, 4)  # +30 is 1 May (Fri) → Mon 4


@pytest.mark.parametrize(
    ("use_end", "due", "why"),
    [
        (date(2026, 6, 30), date(2026, 7, 15), "+15 is a Wednesday"),
        (date(2026, 10, 16), date(2026, 11, 2), "+15 is Saturday 31 October, then 1 November → Monday"),
        (date(2026, 10, 27), date(2026, 11, 12), "+15 is 11 November (Wed) → Thursday"),
        (date(2025, 12, 9), date(2025, 12, 29), "+15 is 24 December 2025 → Monday 29th"),
        (date(2026, 3, 22), date(2026, 4, 7), "+15 is Easter Monday → Tuesday"),
        (date(2025, 7, 31), date(2025, 8, 18), "+15 is 15 August (Fri), then a weekend → Monday"),
    ],
)
def test_unused_grant_is_returned_15_days_after_the_term_of_use_ufp_art_251_ust_3(use_end, due, why):
    assert unused_return_due(use_end) == due, why


@pytest.mark.parametrize(
    ("year", "due"),
    [
        (2024, date(2025, 1, 31)),  # a Friday
        (2025, date(2026, 2, 2)),  # 31 January 2026 is a Saturday → Monday
        (2026, date(2027, 2, 1)),  # 31 January 2027 is a Sunday → Monday
    ],
)
def test_a_term_of_use_ending_with_the_budget_year_returns_by_31_january_ufp_art_251_ust_1(year, due):
    assert unused_return_due(date(year, 12, 31)) == due


def test_a_finding_is_returned_within_15_days_ufp_art_252_ust_1():
    assert finding_return_due(date(2026, 9, 1)) == date(2026, 9, 16)
    assert finding_return_due(date(2026, 12, 10)) == date(2026, 12, 28)  # 25 Dec (Fri), 26 (Sat), 27 (Sun)
