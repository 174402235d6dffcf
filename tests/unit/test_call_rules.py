"""The statute's numbers as pure functions: art. 13 ust. 1 (21 days), working days, holidays."""

from datetime import UTC, date, datetime

import pytest

from grants.calls import rules
from grants.clock import WARSAW


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.mark.parametrize(
    "published, earliest",
    [
        (warsaw(2027, 3, 1, 8, 0), warsaw(2027, 3, 23, 0, 0)),
        (warsaw(2027, 3, 1, 23, 59), warsaw(2027, 3, 23, 0, 0)),
        # across the spring DST change (28 March 2027): midnight is still Warsaw midnight
        (warsaw(2027, 3, 20, 12, 0), warsaw(2027, 4, 11, 0, 0)),
        # a publication late in the evening UTC is already the next day in Warsaw
        (datetime(2027, 3, 1, 23, 30, tzinfo=UTC), warsaw(2027, 3, 24, 0, 0)),
    ],
)
def test_earliest_deadline_is_start_of_22nd_day(published, earliest):
    assert rules.earliest_deadline(published) == earliest


def test_one_second_short_is_refused():
    published = warsaw(2027, 3, 1, 8, 0)
    assert not rules.deadline_long_enough(warsaw(2027, 3, 22, 23, 59, 59), published)
    assert rules.deadline_long_enough(warsaw(2027, 3, 23, 0, 0, 0), published)


def test_minimum_is_the_statutory_21_days():
    assert rules.MIN_SUBMISSION_DAYS == 21  # art. 13 ust. 1 ustawy o działalności pożytku publicznego


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2027, 11, 11), "holiday"),  # Narodowe Święto Niepodległości
        (date(2027, 12, 24), "holiday"),  # Wigilia, a public holiday since 2025
        (date(2027, 11, 13), "saturday"),
        (date(2027, 11, 14), "sunday"),
        (date(2027, 11, 15), None),
    ],
)
def test_deadline_day_problem(day, expected):
    problem = rules.deadline_day_problem(warsaw(day.year, day.month, day.day, 12, 0))
    assert (problem[0] if problem else None) == expected


def test_working_days_skip_weekends_and_holidays():
    # Friday 5 Nov 2027 + 5 working days: 8, 9, 10, (11 holiday), 12, 15
    assert rules.add_working_days(date(2027, 11, 5), 5) == date(2027, 11, 15)
    assert rules.next_working_day(date(2027, 11, 13)) == date(2027, 11, 15)
    assert rules.is_working_day(date(2027, 11, 10))


def test_holiday_names_are_polish_whatever_the_servers_locale(monkeypatch):
    """Issue 11: under C.UTF-8 or an English locale the deadline warning named "Christmas Eve"; the statute's
    calendar (ustawa o dniach wolnych od pracy) is asked for its Polish names."""
    from settlement.calendar import _holidays_of

    for variable, value in (("LANGUAGE", "en_US"), ("LC_ALL", "C.UTF-8"), ("LANG", "en_GB.UTF-8")):
        monkeypatch.setenv(variable, value)
    _holidays_of.cache_clear()
    try:
        assert rules.polish_holiday(date(2026, 12, 24)) == "Wigilia Bożego Narodzenia"
        assert rules.polish_holiday(date(2027, 11, 11)) == "Narodowe Święto Niepodległości"
        assert rules.deadline_day_problem(datetime(2027, 5, 3, 10, tzinfo=UTC)) == (
            "holiday",
            "Święto Narodowe Trzeciego Maja",
        )
    finally:
        _holidays_of.cache_clear()
