"""What every document's context is made of: the Polish formats of its figures and dates, paragraphs of
text, the letterhead, an organisation's block (Annex 1 II.1) and the frame every builder returns."""

import re
from datetime import date, datetime
from decimal import Decimal

from grants.formatting import as_decimal, date_pl, datetime_pl, money_pl, percent_pl, points_pl
from scoring.decimals import round_half_up

ZERO = Decimal("0.00")
NOT_APPLICABLE = "nie dotyczy"
ADMIN = "admin"
LEGAL_FORMS = {
    "stowarzyszenie": "stowarzyszenie",
    "stowarzyszenie_zwykle": "stowarzyszenie zwykłe",
    "fundacja": "fundacja",
    "koscielna_osoba_prawna": "kościelna osoba prawna lub jednostka organizacyjna",
    "stowarzyszenie_jst": "stowarzyszenie jednostek samorządu terytorialnego",
    "spoldzielnia_socjalna": "spółdzielnia socjalna",
    "spolka_non_profit": "spółka niedziałająca w celu osiągnięcia zysku",
    "kolo_gospodyn_wiejskich": "koło gospodyń wiejskich",
    "inna": "inna osoba prawna lub jednostka organizacyjna",
}


# The builders print through these short names; the rules are grants.formatting's.
decimal = as_decimal
money = money_pl
percent = percent_pl
points = points_pl


def q(value) -> Decimal:
    return round_half_up(Decimal(value))


def day(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return date_pl(value)


def moment(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return datetime_pl(value)


def paragraphs(text, *, empty: str | None = None) -> list[str]:
    """Text as paragraphs (blank lines separate them; single line breaks stay, CSS pre-line)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    found = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return found or ([empty] if empty else [])


def or_na(text) -> list[str]:
    return paragraphs(text, empty=NOT_APPLICABLE)


def amount_in_words(value) -> str:
    """Contract style amounts in words: `sto dwadzieścia tysięcy złotych, zero groszy`."""
    # Lazy: num2words loads its language tables (~0.1 s) and only the contract prints amounts in words,
    # while every web process imports the builders to hash a document's source.
    from num2words import num2words

    amount = decimal(value)
    if amount is None:
        return "—"
    return num2words(q(amount), lang="pl", to="currency", currency="PLN")


def clean(value) -> str:
    return "" if value is None else str(value).strip()


def header(raw: dict) -> dict:
    """The office's letterhead: name, parent body, address lines, optional logo under static/."""
    raw = raw or {}
    address = clean(raw.get("address"))
    return {
        "name": clean(raw.get("name")),
        "parent_body": clean(raw.get("parent_body")),
        "address_lines": [line.strip() for line in re.split(r"\n|;", address) if line.strip()],
        "logo": raw.get("logo") or None,
        "logo_alt": clean(raw.get("logo_alt")) or clean(raw.get("name")),
    }


def organization(raw: dict) -> dict:
    """An organisation's block as Annex 1 II.1 asks for it."""
    raw = raw or {}
    address = raw.get("address") or {}
    if isinstance(address, dict):
        street, postal, city = address.get("street"), address.get("postal_code"), address.get("city")
    else:
        street, postal, city = address, None, None
    street = clean(street or raw.get("street"))
    postal = clean(postal or raw.get("postal_code"))
    city = clean(city or raw.get("city"))
    if raw.get("krs"):
        registry = f"Krajowy Rejestr Sądowy, nr KRS {raw['krs']}"
    elif raw.get("registry_name") or raw.get("registry_number"):
        registry = f"{clean(raw.get('registry_name'))} {clean(raw.get('registry_number'))}".strip()
    else:
        registry = NOT_APPLICABLE
    legal_form = raw.get("legal_form")
    return {
        "name": clean(raw.get("name")),
        "legal_form": LEGAL_FORMS.get(legal_form, clean(legal_form)),
        "registry": registry,
        "nip": clean(raw.get("nip")) or None,
        "regon": clean(raw.get("regon")) or None,
        "address": ", ".join(part for part in (street, f"{postal} {city}".strip()) if part),
        "website": clean(raw.get("website")) or None,
        "email": clean(raw.get("email")) or None,
        "phone": clean(raw.get("phone")) or None,
        "bank_account": format_account(raw.get("bank_account")),
        "representatives": [
            {"full_name": clean(r.get("full_name")), "function": clean(r.get("function"))}
            for r in raw.get("representatives") or []
            if clean(r.get("full_name"))
        ],
        "representation_rule": clean(raw.get("representation_rule")) or None,
    }


def format_account(number) -> str | None:
    """NRB as printed on paper: `12 3456 7890 1234 5678 9012 3456`."""
    digits = re.sub(r"\D", "", clean(number))
    if len(digits) != 26:
        return clean(number) or None
    return " ".join([digits[:2]] + [digits[i : i + 4] for i in range(2, 26, 4)])


def base(kind_title: str, subject: str, raw_header: dict, **extra) -> dict:
    data = {
        "title": f"{kind_title} — {subject}" if subject else kind_title,
        "kind_title": kind_title,
        "header": header(raw_header),
    }
    data.update(extra)
    return data
