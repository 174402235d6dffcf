"""The one clock of OKO.

Every time-derived rule (is a call open, is a deadline passed) takes `now` explicitly and
defaults to `now_utc()`. Tests freeze this with freezegun; nothing else reads the wall clock.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")

# Set only by `clock_at`, which the demo uses to build a past cycle (a call from last year, its contract and
# report) through the same operations people use, so that every row carries the date it would have had.
_moment: ContextVar[datetime | None] = ContextVar("oko_clock_moment", default=None)


def now_utc() -> datetime:
    moment = _moment.get()
    return moment if moment is not None else datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Within the block, OKO's clock reads `moment` (never used while serving requests)."""
    token = _moment.set(as_utc(moment))
    try:
        yield
    finally:
        _moment.reset(token)


def to_warsaw(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(WARSAW)


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes in OKO are UTC (that is how the database stores them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def warsaw_midnight(day: date) -> datetime:
    """The instant a calendar day starts in Warsaw, as UTC (DST-safe)."""
    return datetime.combine(day, time(0, 0), tzinfo=WARSAW).astimezone(UTC)


def warsaw_date(moment: datetime) -> date:
    return to_warsaw(moment).date()


def days_between(start: date, end: date) -> int:
    return (end - start).days


__all__ = [
    "WARSAW",
    "now_utc",
    "clock_at",
    "to_warsaw",
    "as_utc",
    "warsaw_midnight",
    "warsaw_date",
    "days_between",
    "timedelta",
]
