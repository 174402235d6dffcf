"""The statute's numbers for announcing a call, as functions of dates (no database, no request)."""

from datetime import date, datetime, timedelta

from grants.clock import warsaw_date, warsaw_midnight
from settlement.calendar import add_working_days, holiday_name_pl, is_working_day
from settlement.calendar import next_working_day_if_free as next_working_day

__all__ = ["add_working_days", "is_working_day", "next_working_day"]  # the calls' and review's names for them

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


def days_for_offers(deadline: datetime, last_publication: datetime) -> int:
    """The full days art. 13 ust. 1 counts between the publication and the deadline: the calendar days after
    the publication day and before the deadline's day (a deadline at midnight starts its day, so the 22nd day
    at 00:00 leaves exactly 21); never below zero."""
    deadline_day = warsaw_date(deadline)
    return max((deadline_day - warsaw_date(last_publication)).days - 1, 0)


def polish_holiday(day: date) -> str | None:
    """The Polish name of a public holiday on that day, or None — always in Polish, whatever the server's
    locale (one calendar for the whole project: settlement.calendar)."""
    return holiday_name_pl(day)


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
