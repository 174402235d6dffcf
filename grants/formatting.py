"""Polish number and date formats for pages and documents (`12 345,67 zł`, `22 marca 2027 r.`)."""

from datetime import date, datetime
from decimal import Decimal

from grants.clock import to_warsaw

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


def money_pl(amount, *, currency: bool = True) -> str:
    if amount is None:
        return "—"
    value = Decimal(amount).quantize(Decimal("0.01"))
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{NBSP.join(groups)},{cents}"
    return f"{text}{NBSP}zł" if currency else text


def date_pl(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_warsaw(value).date()
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} r."


def datetime_pl(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = to_warsaw(value)
    return f"{date_pl(local.date())}, godz. {local:%H:%M}"


def iso_warsaw(value: datetime | None) -> str | None:
    return to_warsaw(value).isoformat() if value is not None else None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def money_str(amount) -> str | None:
    """The API's money: a string with two decimals."""
    return None if amount is None else f"{Decimal(amount).quantize(Decimal('0.01'))}"
