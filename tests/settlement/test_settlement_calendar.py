"""Working days and the KC art. 115 shift, on dates checked against a printed calendar."""

from datetime import date

import pytest

from settlement import add_working_days, holiday_name_pl, is_working_day, next_working_day_if_free


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Nowy Rok"),
        (date(2026, 1, 6), "Święto Trzech Króli"),
        (date(2026, 4, 5), "Niedziela Wielkanocna"),
        (date(2026, 4, 6), "Poniedziałek Wielkanocny"),
        (date(2026, 5, 3), "Święto Narodowe Trzeciego Maja"),
        (date(2026, 6, 4), "Dzień Bożego Ciała"),
        (date(2026, 11, 1), "Uroczystość Wszystkich Świętych"),
        (date(2026, 11, 11), "Narodowe Święto Niepodległości"),
        (date(2025, 12, 24), "Wigilia Bożego Narodzenia"),
        (date(2026, 12, 26), "Boże Narodzenie (drugi dzień)"),
    ],
)
def test_statutory_holidays_have_their_polish_names(day, name):
    assert holiday_name_pl(day) == name
    assert not is_working_day(day)


def test_christmas_eve_is_free_from_2025_under_the_2024_amendment_and_not_before():
    # Act of 6 December 2024 amending the Act on days free from work (Dz.U. 2024 poz. 1965).
    assert not is_working_day(date(2025, 12, 24))
    assert not is_working_day(date(2030, 12, 24))
    assert is_working_day(date(2024, 12, 24))  # a Tuesday, still a working day in 2024
    assert holiday_name_pl(date(2024, 12, 24)) is None


def test_weekends_are_free_but_an_ordinary_sunday_has_no_holiday_name():
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert holiday_name_pl(date(2026, 3, 8)) is None
    assert is_working_day(date(2026, 3, 9))  # Monday


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (date(2026, 3, 4), date(2026, 3, 4), "a Wednesday stays"),
        (date(2026, 3, 7), date(2026, 3, 9), "Saturday → Monday"),
        (date(2026, 3, 8), date(2026, 3, 9), "Sunday → Monday"),
        (date(2027, 11, 1), date(2027, 11, 2), "1 November on a Monday → Tuesday"),
        (date(2025, 12, 24), date(2025, 12, 29), "24 Dec 2025 (Wed), 25-26, Sat 27, Sun 28 → Mon 29"),
        (date(2024, 12, 24), date(2024, 12, 24), "24 Dec 2024 was still a working day"),
        (date(2026, 4, 6), date(2026, 4, 7), "Easter Monday → Tuesday"),
        (date(2024, 11, 1), date(2024, 11, 4), "1 November on a Friday, then a weekend → Monday"),
        (date(2025, 8, 15), date(2025, 8, 18), "15 August on a Friday, then a weekend → Monday"),
        (date(2026, 5, 1), date(2026, 5, 4), "1 May Fri, Sat 2, 3 May on a Sunday → Monday 4"),
    ],
)
def test_kc_art_115_moves_a_term_off_saturdays_and_days_free_from_work(day, expected, why):
    assert next_working_day_if_free(day) == expected, why


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 4), 0, date(2026, 3, 4)),
        (date(2026, 3, 4), 1, date(2026, 3, 5)),  # the start day is not counted
        (date(2026, 3, 4), 7, date(2026, 3, 13)),  # Thu 5, Fri 6, Mon 9 ... Fri 13
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday
        # Art. 19a ust. 3 "7 dni roboczych" over Christmas 2025: 22, 23, 29, 30, 31 Dec, 2 Jan, 5 Jan
        # (24-26 Dec and 1 Jan are holidays, 6 Jan too but it comes after).
        (date(2025, 12, 19), 7, date(2026, 1, 5)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 3, 4), -1)
