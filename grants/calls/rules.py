"""The statute's numbers for announcing a call, as functions of dates (no database, no request)."""

from datetime import date, datetime, timedelta

import holidays

from grants.clock import warsaw_date, warsaw_midnight

# Art. 13 ust. 1: the deadline for offers may not be shorter than 21 days from the day of the
# last publication under ust. 3. The day of the publication itself is not counted (KC art. 111
# § 2), so the 21 full days are the next 21 calendar days and offers may be cut off no earlier
# than the start of the 22nd day after the publication day.
MIN_SUBMISSION_DAYS = 21


def earliest_deadline(last_publication: datetime) -> datetime:
    first_counted_day = warsaw_date(last_publication) + timedelta(days=1)
    return warsaw_midnight(first_counted_day + timedelta(days=MIN_SUBMISSION_DAYS))


def deadline_long_enough(deadline: datetime, last_publication: datetime) -> bool:
    return deadline >= earliest_deadline(last_publication)


def polish_holiday(day: date) -> str | None:
    """The name of a Polish public holiday on that day, or None (python-holidays, kept current)."""
    return holidays.Poland(years=day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and polish_holiday(day) is None


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start` (weekends and Polish public holidays skipped)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def deadline_day_problem(deadline: datetime) -> tuple[str, str | None] | None:
    """('saturday'|'sunday'|'holiday', holiday name) when the deadline is not a working day."""
    day = warsaw_date(deadline)
    name = polish_holiday(day)
    if name:
        return "holiday", name
    if day.weekday() == 5:
        return "saturday", None
    if day.weekday() == 6:
        return "sunday", None
    return None
