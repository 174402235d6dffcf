"""The Polish working-day calendar for civil-law deadlines (contracts, reports, returns).

A day is free from work when it is a Saturday, a Sunday or a statutory holiday of the Act of 18 January
1951 on days free from work (ustawa o dniach wolnych od pracy). The holidays come from the `holidays`
package (country PL), asked in Polish so that names do not depend on the server's locale.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

# Wigilia, 24 December, is a day free from work from 2025 on: art. 1 pkt 1 of the Act on days free from
# work as amended by the Act of 6 December 2024 (Dz.U. 2024 poz. 1965, the ISAP entry the `holidays`
# package cites for it). The pinned `holidays` (0.108) has it; adding it here too keeps the calendar
# right should an older release ever be installed.
CHRISTMAS_EVE_FROM_YEAR = 2025
CHRISTMAS_EVE_NAME = "Wigilia Bożego Narodzenia"

SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> MappingProxyType[date, str]:
    names = dict(holidays.country_holidays("PL", years=year, language="pl"))
    if year >= CHRISTMAS_EVE_FROM_YEAR:
        names.setdefault(date(year, 12, 24), CHRISTMAS_EVE_NAME)
    return MappingProxyType(names)


def holiday_name_pl(d: date) -> str | None:
    """The Polish name of the statutory holiday on `d`, or None (an ordinary Sunday has no name)."""
    return _holidays_of(d.year).get(d)


def is_working_day(d: date) -> bool:
    """Neither a Saturday, nor a Sunday, nor a statutory holiday."""
    return d.weekday() < SATURDAY and d not in _holidays_of(d.year)


def next_working_day_if_free(d: date) -> date:
    """KC art. 115: a term that ends on a day free from work or on a Saturday ends on the next day that is
    neither. A working day is returned unchanged."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """The `n`-th working day after `d` (`d` itself is not counted, as in KC art. 111 § 2), e.g. the
    "7 dni roboczych" of art. 19a ust. 3 of the Act. `n == 0` returns `d`."""
    if n < 0:
        raise ValueError("n must not be negative")
    while n:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d
