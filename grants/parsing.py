"""One home for turning raw input into typed values, with an error per field.

Pages send strings from forms, the API sends JSON values; every feature's schema passes them through
these functions so a field is judged the same way everywhere (and bad input is refused here, before it
can reach the database).
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from grants.clock import WARSAW
from grants.errors import FieldErrors

MAX_AMOUNT = Decimal("99999999999.99")
# Amounts, percents and points are stored as hundredths and come back from the database with
# two places; parsed values get the same form so "50" and "50.00" are not an audited change.
HUNDREDTHS = Decimal("0.01")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(value, *, places: int = 2) -> Decimal:
    """Accepts 12345.67, "12345.67", "12 345,67"; refuses floats' noise and extra places."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        cleaned = value.strip().replace("\u00a0", "").replace(" ", "").replace("zł", "").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise ValueError
        number = Decimal(cleaned)
    else:
        raise ValueError
    if not number.is_finite() or -number.as_tuple().exponent > places:
        raise ValueError
    return number


def money(errors: FieldErrors, field: str, value, *, positive: bool = False) -> Decimal | None:
    try:
        amount = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj kwotę w złotych, np. 12345,67 (najwyżej dwa miejsca po przecinku)."))
        return None
    if amount < 0 or (positive and amount == 0):
        errors.add(field, _("Kwota musi być większa od zera.") if positive else _("Kwota nie może być ujemna."))
        return None
    if amount > MAX_AMOUNT:
        errors.add(field, _("Kwota jest za duża."))
        return None
    return amount.quantize(HUNDREDTHS)


def percent(errors: FieldErrors, field: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj procent od 0 do 100, np. 10 lub 12,5."))
        return None
    if not Decimal(0) <= number <= Decimal(100):
        errors.add(field, _("Procent musi być między 0 a 100."))
        return None
    return number.quantize(HUNDREDTHS)


def points(errors: FieldErrors, field: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except (ValueError, InvalidOperation):
        errors.add(field, _("Podaj liczbę punktów, np. 10 lub 7,5."))
        return None
    if number < 0 or number > 1000:
        errors.add(field, _("Liczba punktów musi być między 0 a 1000."))
        return None
    return number.quantize(HUNDREDTHS)


def parse_date(errors: FieldErrors, field: str, value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        text = str(value).strip()
        return (
            date.fromisoformat(text[:10])
            if len(text) >= 10 and text[10:11] in ("", "T", " ")
            else date.fromisoformat(text)
        )
    except ValueError:
        errors.add(field, _("Podaj datę w formacie RRRR-MM-DD, np. 2027-03-22."))
        return None


def parse_datetime(errors: FieldErrors, field: str, value) -> datetime | None:
    """ISO 8601; without an offset the time is read as Warsaw time, the office's zone."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace(" ", "T")
        if len(text) == 10:
            errors.add(field, _("Podaj datę i godzinę, np. 2027-03-22T16:00."))
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            errors.add(field, _("Podaj datę i godzinę w formacie RRRR-MM-DDTGG:MM, np. 2027-03-22T16:00."))
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    # UTC, as the database gives it back: the audit diff compares ISO texts, and the same
    # instant written with +01:00 would otherwise count as a change.
    return moment.astimezone(UTC)


def integer(errors: FieldErrors, field: str, value, *, low: int, high: int) -> int | None:
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        errors.add(field, _("Podaj liczbę całkowitą."))
        return None
    if not low <= number <= high:
        errors.add(field, _("Podaj liczbę od %(low)d do %(high)d.", low=low, high=high))
        return None
    return number


def parse_enum(errors: FieldErrors, field: str, value, enum_cls, message: str):
    try:
        return enum_cls(str(value).strip())
    except ValueError:
        errors.add(field, message)
        return None


def normalise_email(raw) -> str | None:
    """An e-mail address as accounts and invitations store it (validated, lower case); None if it is not one."""
    if not isinstance(raw, str):
        return None
    try:
        return validate_email(raw.strip(), check_deliverability=False, globally_deliverable=False).normalized.lower()
    except EmailNotValidError:
        return None


def form_text(value) -> str:
    """A submitted form field as typed, with a textarea's CRLF as LF; None (a field not sent) as "".

    Not trimmed: a refused form shows back exactly what was typed, and the schema trims when it judges.
    """
    return (value or "").replace("\r\n", "\n")


def clean_text(value: str) -> str:
    """Browsers send CRLF from a textarea; stored and compared text uses LF."""
    return value.replace("\r\n", "\n").strip()


def text(errors: FieldErrors, field: str, value, *, limit: int, required: bool = False, blank=None):
    """A string of at most `limit` characters (after trimming); `blank` is what empty input gives."""
    if is_blank(value):
        if required:
            errors.add(field, _("To pole jest wymagane."))
        return blank
    if not isinstance(value, str):
        errors.add(field, _("Podaj tekst."))
        return None
    cleaned = clean_text(value)
    if len(cleaned) > limit:
        errors.add(field, _("Najwyżej %(n)d znaków; skróć tekst.", n=limit))
        return None
    return cleaned


def boolean(errors: FieldErrors, field: str, value, *, default=None) -> bool | None:
    if value is None and default is not None:
        return default
    if not isinstance(value, bool):
        errors.add(field, _("Podaj true albo false."))
        return None
    return value


# Who signs an Annex 3 contract for a party (the office's settings, each contract's draft).
MAX_SIGNATORIES = 10


def signatories(errors: FieldErrors, field: str, value) -> list[dict] | None:
    """[{full_name, function}], at most MAX_SIGNATORIES; None (and an error on the field) when unusable."""
    if not isinstance(value, list) or len(value) > MAX_SIGNATORIES:
        errors.add(field, _("Podaj listę osób: imię i nazwisko oraz funkcję (najwyżej %(n)d).", n=MAX_SIGNATORIES))
        return None
    result = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            errors.add(f"{field}.{index}", _("Podaj imię i nazwisko oraz funkcję."))
            continue
        name = text(errors, f"{field}.{index}.full_name", item.get("full_name"), limit=200, required=True)
        function = text(errors, f"{field}.{index}.function", item.get("function"), limit=200, blank="")
        if name is not None and function is not None:
            result.append({"full_name": name, "function": function})
    return result
