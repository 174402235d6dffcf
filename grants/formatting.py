"""One home for how OKO writes numbers and dates: pages, documents, messages and the API.

Polish formats for people (`12 345,67 zł`, `7,5`, `22 marca 2027 r.`) and plain strings for the API
(`"12345.67"`). Rounding is `scoring.decimals.round_half_up` (half-up to the grosz, as Polish public
administration rounds), never Decimal's default banker's rounding. This module imports nothing of
Flask, so the pure rule modules (the offer estimate) may use it.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from grants.clock import to_warsaw
from scoring.decimals import round_half_up

MONTHS_GENITIVE = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)
NBSP = "\u00a0"
DASH = "—"


def as_decimal(value) -> Decimal | None:
    """A stored or sent number (Decimal, int, "12.50") as a Decimal; None for nothing or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def money_pl(amount, *, currency: bool = True) -> str:
    """`12 345,67 zł` (non-breaking spaces), or `12 345,67` without the currency; `—` for nothing."""
    value = as_decimal(amount)
    if value is None:
        return DASH
    value = round_half_up(value)
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{NBSP.join(groups)},{cents}"
    return f"{text}{NBSP}zł" if currency else text


def percent_pl(value) -> str | None:
    """`12,50 %`; None for nothing."""
    number = as_decimal(value)
    return None if number is None else f"{round_half_up(number)}".replace(".", ",") + f"{NBSP}%"


def points_out(value):
    """Points as JSON numbers: integers when whole, otherwise with their fraction (7.5)."""
    number = as_decimal(value)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def points_pl(value) -> str:
    """Points as people write them: `20`, `7,5`; `—` for nothing."""
    number = points_out(value)
    return DASH if number is None else str(number).replace(".", ",")


def money_str(amount) -> str | None:
    """The API's money: a string with two decimals, rounded half-up."""
    value = as_decimal(amount)
    return None if value is None else f"{round_half_up(value)}"


def full_stop(sentence: str) -> str:
    """The sentence with its full stop, unless it already ends with one: a sentence that ends with a long date
    ends with the date's own abbreviation ("4 stycznia 2027 r.", "4 січня 2027 р."), never "r.."."""
    if sentence.rstrip().endswith("."):
        return sentence
    return sentence + "."  # Markup + str keeps it Markup (the "." needs no escaping)


def date_pl(value, locale: str | None = None) -> str:
    """ "22 marca 2027 r." — or, for a reader in another language (`locale` "uk", "en"), the long date of
    that language ("22 березня 2027 р.", "March 22, 2027"). Documents and the API always use Polish / ISO."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = to_warsaw(value).date()
    if locale not in (None, "pl"):
        return _long_date(value, locale)
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} r."


@lru_cache(maxsize=4096)
def _long_date(value: date, locale: str) -> str:
    # Babel's long date costs 15–20 µs (the locale's pattern found and applied each time); a Ukrainian or English
    # page prints the same few dates again and again (the call page ~8, a list's deadlines a row each).
    return format_date(value, "long", locale=locale)


def datetime_pl(value: datetime | None, locale: str | None = None) -> str:
    if value is None:
        return DASH
    local = to_warsaw(value)
    if locale not in (None, "pl"):
        return f"{date_pl(local.date(), locale)}, {local:%H:%M}"
    return f"{date_pl(local.date())}, godz. {local:%H:%M}"


def iso_warsaw(value: datetime | None) -> str | None:
    return to_warsaw(value).isoformat() if value is not None else None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def day_pl(value, locale: str | None = None) -> str:
    """An ISO date of JSON data ("2027-02-01") as "1 lutego 2027 r."; what is not a date, as it is."""
    if not value:
        return DASH
    try:
        return date_pl(date.fromisoformat(str(value)[:10]), locale)
    except ValueError:
        return str(value)


def moment_pl(value, locale: str | None = None) -> str:
    """An ISO datetime of API-shaped data ("2027-01-20T15:59:58+01:00") as the pages print moments."""
    try:
        return datetime_pl(datetime.fromisoformat(str(value)), locale)
    except ValueError:
        return str(value or DASH)


def filesize(size, locale: str | None = None) -> str:
    """`12,3 kB` below a megabyte, `4,5 MB` from one on — the decimal sign of the reader's `locale`
    ("35,2 kB" in pl and uk, "35.2 kB" in en; Polish when none is given)."""
    size = int(size or 0)
    value, unit = (size / 1024, "kB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_decimal(rounded, format='0.0', locale=locale or 'pl')}{NBSP}{unit}"


def money_input(value) -> str:
    """A stored amount ("1234.50") as a person types it into a form ("1234,50"); "" for nothing."""
    return "" if value in (None, "") else str(value).replace(".", ",")


def quantity_input(value) -> str:
    """A stored quantity as a person types it: no trailing zeros ("2,5", "10"); "" for nothing."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}".rstrip("0")
    return text.replace(".", ",")
