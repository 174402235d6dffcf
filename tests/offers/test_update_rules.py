"""The update window's last day (grants.review.rules.update_last_day): the call's days from the day of the
results, that day not counted (KC art. 111 § 2), moved off Saturdays, Sundays and holidays (KC art. 115)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from grants.clock import WARSAW, warsaw_midnight
from grants.offers.operations.update import reduced_results, share_rises
from grants.review.rules import update_closes_at, update_last_day


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("published", "days", "last_day"),
    [
        (date(2026, 12, 1), 7, date(2026, 12, 8)),  # a Tuesday: an ordinary working day
        (date(2026, 11, 28), 7, date(2026, 12, 7)),  # 5 December 2026 is a Saturday → Monday 7 December
        (date(2026, 12, 18), 7, date(2026, 12, 28)),  # 25 Dec (Christmas), 26 (Saturday), 27 (Sunday) → Monday
        (date(2026, 12, 17), 7, date(2026, 12, 28)),  # 24 Dec, Wigilia: a holiday since 2025 → … → Monday
        (date(2027, 4, 28), 3, date(2027, 5, 4)),  # 1 May (Saturday), 2 (Sunday), 3 May (holiday) → Tuesday
    ],
)
def test_the_last_day_moves_off_weekends_and_holidays(published, days, last_day):
    assert update_last_day(_at(published), days) == last_day
    assert update_closes_at(_at(published), days) == warsaw_midnight(last_day + timedelta(days=1))


def test_a_late_evening_publication_counts_by_the_warsaw_date():
    # 23:30 UTC on 30 November is already 1 December in Warsaw: seven days from 1 December, a Tuesday.
    assert update_last_day(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 7) == date(2026, 12, 8)
    assert update_last_day(datetime(2026, 11, 30, 22, 30, tzinfo=UTC), 7) == date(2026, 12, 7)


def test_the_share_is_compared_exactly():
    from decimal import Decimal as D

    assert not share_rises(D("8510.00"), D("9760.00"), D("17020.00"), D("19520.00"))  # equal
    assert share_rises(D("8510.00"), D("9759.99"), D("17020.00"), D("19520.00"))  # a hair above
    assert not share_rises(D("8510.00"), D("9760.01"), D("17020.00"), D("19520.00"))
    assert share_rises(D("1.00"), D("0.00"), D("1.00"), D("2.00"))  # no costs: refused, never a division by zero


def test_reduced_results_are_found_by_name_and_level():
    before = [{"name": "Uczestnicy", "target_value": "32 osoby"}, {"name": "Broszura", "target_value": "1 szt."}]
    assert reduced_results(before, before) == []
    assert reduced_results(before, [before[0]]) == [1]  # dropped
    assert reduced_results(before, [{"name": "uczestnicy ", "target_value": "20 osób"}, before[1]]) == [0]
    assert reduced_results(before, [{"name": "Uczestnicy", "target_value": "40 osób"}, before[1]]) == []
    assert reduced_results(before, [{"name": "Uczestnicy", "target_value": "wszyscy"}, before[1]]) == [0]


def test_the_update_form_reads_rows_and_year_splits(app):
    from werkzeug.datastructures import MultiDict

    from grants.offers.update_form import form_errors, read_update_form

    form = MultiDict(
        {
            "actions.0.name": "Kurs",
            "actions.0.description": "Zajęcia",
            "actions.1.name": "",  # a blank new row is left out
            "results.0.name": "Uczestnicy",
            "results.0.target_value": "20",
            "results.3.name": "Usunięty",
            "results.3.remove": "on",
            "cost_items.0.action": "0",
            "cost_items.0.name": "Lektor",
            "cost_items.0.quantity": "10",
            "cost_items.0.unit_cost": "100,00",
            "cost_items.0.grant_part": "1000,00",
            "cost_items.0.year_values.2027": "400,00",
            "cost_items.0.year_values.2028": "600,00",
            "cost_items.5.name": "Podręczniki",
            "own_financial": "0",
            "results_note": "Mniej osób.",
        }
    )
    reading = read_update_form(form)
    assert [a["name"] for a in reading.raw["actions"]] == ["Kurs"]
    assert [r["name"] for r in reading.raw["results"]] == ["Uczestnicy"]
    assert reading.raw["cost_items"][0]["year_values"] == {"2027": "400,00", "2028": "600,00"}
    assert reading.raw["results_note"] == "Mniej osób."
    # An error at the second line sent is shown at its row on the page (5).
    assert form_errors({"cost_items.1.unit_cost": ["x"]}, reading) == {"cost_items.5.unit_cost": ["x"]}
