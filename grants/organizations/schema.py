"""Turning what a person or a machine sent about an organisation into typed values, with an error per field.

The web form and the API both pass a raw dict shaped like the API body (`address` nested,
`representatives` a list) through `parse_organization_input`, so a field is judged — and its
error worded — the same way in both. Error keys are the API's dotted paths (`address.postal_code`,
`representatives.1.full_name`).

Every message says how to fix the value, not only that it is wrong: the people who type these
numbers copy them from a KRS extract or a bank statement and need to know which digit to look at.
"""

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _
from stdnum import iban
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.pl import nip as nip_module
from stdnum.pl import regon as regon_module

from grants.errors import FieldErrors
from grants.organizations.models import LegalForm
from grants.parsing import is_blank, normalise_email, parse_enum, text

# Model columns ⇄ lengths; the address keys are nested in the API body.
TEXT_LIMITS = {
    "name": 300,
    "registry_name": 300,
    "registry_number": 64,
    "street": 200,
    "city": 100,
    "representation_rule": 2000,
}
ADDRESS_FIELDS = ("street", "postal_code", "city")
# The profile as the form shows it and the audit trail records it (model attributes: the address flat).
PROFILE_FIELDS = (
    "name",
    "legal_form",
    "krs",
    "registry_name",
    "registry_number",
    "nip",
    "regon",
    *ADDRESS_FIELDS,
    "email",
    "phone",
    "website",
    "bank_account",
    "representatives",
    "representation_rule",
)
MAX_REPRESENTATIVES = 30
POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")
KRS_RE = re.compile(r"^\d{10}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")
SEPARATORS_RE = re.compile(r"[\s\-]")

# ---------------------------------------------------------------- single values


def _number_text(errors: FieldErrors, path: str, value) -> str | None:
    """Registry numbers arrive as strings; a JSON integer would lose leading zeros, so it is refused."""
    if not isinstance(value, str):
        errors.add(path, _("Podaj numer jako tekst w cudzysłowie, razem z zerami na początku."))
        return None
    return SEPARATORS_RE.sub("", value)


def parse_nip(errors: FieldErrors, path: str, value) -> str | None:
    raw = _number_text(errors, path, value)
    if raw is None:
        return None
    try:
        return nip_module.validate(raw)
    except InvalidLength:
        errors.add(
            path,
            _(
                "NIP ma 10 cyfr (bez prefiksu PL, myślników i spacji); sprawdź, czy żadnej nie "
                "brakuje ani nie ma o jedną za dużo."
            ),
        )
    except InvalidFormat:
        errors.add(path, _("NIP składa się tylko z 10 cyfr; usuń litery i inne znaki."))
    except InvalidChecksum:
        errors.add(path, _("NIP ma 10 cyfr; sprawdź, czy nie zamieniono cyfr — suma kontrolna się nie zgadza."))
    except ValidationError:
        errors.add(path, _("To nie jest poprawny NIP; przepisz go z dokumentu rejestrowego."))
    return None


def parse_regon(errors: FieldErrors, path: str, value) -> str | None:
    raw = _number_text(errors, path, value)
    if raw is None:
        return None
    try:
        return regon_module.validate(raw)
    except InvalidLength:
        errors.add(path, _("REGON ma 9 albo 14 cyfr; sprawdź, czy żadnej nie brakuje."))
    except InvalidFormat:
        errors.add(path, _("REGON składa się tylko z cyfr (9 albo 14); usuń litery i inne znaki."))
    except InvalidChecksum:
        errors.add(
            path, _("REGON ma 9 albo 14 cyfr; sprawdź, czy nie zamieniono cyfr — suma kontrolna się nie zgadza.")
        )
    except ValidationError:
        errors.add(path, _("To nie jest poprawny REGON; przepisz go z zaświadczenia o numerze REGON."))
    return None


def parse_krs(errors: FieldErrors, path: str, value) -> str | None:
    # The KRS number has no check digit: 10 digits is all that can be verified.
    raw = _number_text(errors, path, value)
    if raw is None:
        return None
    if not KRS_RE.match(raw):
        errors.add(path, _("Numer KRS ma dokładnie 10 cyfr, razem z zerami na początku, np. 0000123456."))
        return None
    return raw


def parse_bank_account(errors: FieldErrors, path: str, value) -> str | None:
    """A Polish account as NRB (26 digits) or IBAN (PL + 26 digits); stored as the 26 bare digits."""
    if not isinstance(value, str):
        errors.add(path, _("Podaj numer rachunku jako tekst, np. 61 1090 1014 0000 0712 1981 2874."))
        return None
    raw = SEPARATORS_RE.sub("", value).upper()
    if raw[:2].isalpha():
        if raw[:2] != "PL":
            errors.add(path, _("Podaj rachunek w polskim banku (NRB albo IBAN zaczynający się od PL)."))
            return None
        digits = raw[2:]
    else:
        digits = raw
    if not digits.isdigit():
        errors.add(path, _("Numer rachunku składa się z 26 cyfr (można je poprzedzić literami PL); usuń inne znaki."))
        return None
    if len(digits) != 26:
        errors.add(
            path, _("Numer rachunku (NRB) ma 26 cyfr, a podano %(n)d; sprawdź, czy żadnej nie brakuje.", n=len(digits))
        )
        return None
    try:
        iban.validate("PL" + digits)
    except ValidationError:
        errors.add(
            path, _("Numer rachunku ma 26 cyfr; sprawdź, czy nie zamieniono cyfr — suma kontrolna się nie zgadza.")
        )
        return None
    return digits


def parse_postal_code(errors: FieldErrors, path: str, value) -> str | None:
    if not isinstance(value, str) or not POSTAL_CODE_RE.match(value.strip()):
        errors.add(path, _("Kod pocztowy zapisz w formacie NN-NNN, np. 45-068."))
        return None
    return value.strip()


def parse_email(errors: FieldErrors, path: str, value) -> str | None:
    email = normalise_email(value)
    if email is None:
        errors.add(path, _("Podaj poprawny adres e-mail, np. biuro@fundacja.org.pl."))
    return email


def parse_phone(errors: FieldErrors, path: str, value) -> str | None:
    if (
        not isinstance(value, str)
        or not PHONE_RE.match(value.strip())
        or not 9 <= sum(ch.isdigit() for ch in value) <= 15
    ):
        errors.add(path, _("Podaj numer telefonu: 9 cyfr, np. 77 123 45 67, albo z kierunkowym, np. +48 77 123 45 67."))
        return None
    typed = value.strip()
    if len(typed) > 40:
        errors.add(path, _("Najwyżej 40 znaków; usuń zbędne spacje."))
        return None
    return typed


def parse_website(errors: FieldErrors, path: str, value) -> str | None:
    if not isinstance(value, str):
        errors.add(path, _("Podaj adres strony, np. https://fundacja.org.pl."))
        return None
    typed = value.strip()
    if "://" not in typed:
        typed = "https://" + typed  # people type "www.fundacja.org.pl"; the link needs a scheme
    try:
        parts = urlsplit(typed)
    except ValueError:  # "https://[…" — an unclosed IPv6 bracket
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or "." not in parts.netloc
        or " " in typed
        or len(typed) > 300
    ):
        errors.add(path, _("Podaj adres strony, np. https://fundacja.org.pl."))
        return None
    return typed


def parse_legal_form(errors: FieldErrors, path: str, value) -> LegalForm | None:
    message = _(
        "Wybierz formę prawną z listy (art. 3 ust. 2 i 3 ustawy): %(forms)s.",
        forms=", ".join(form.value for form in LegalForm),
    )
    return parse_enum(errors, path, value, LegalForm, message)


def parse_representatives(errors: FieldErrors, raw) -> list[dict] | None:
    if not isinstance(raw, list) or not raw:
        errors.add(
            "representatives",
            _(
                "Podaj co najmniej jedną osobę upoważnioną do reprezentacji, "
                "z imieniem, nazwiskiem i funkcją, np. Anna Nowak — prezes zarządu."
            ),
        )
        return None
    if len(raw) > MAX_REPRESENTATIVES:
        errors.add("representatives", _("Najwyżej %(n)d osób.", n=MAX_REPRESENTATIVES))
        return None
    people = []
    for index, item in enumerate(raw):
        prefix = f"representatives.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Podaj imię i nazwisko oraz funkcję tej osoby."))
            continue
        full_name = text(errors, f"{prefix}.full_name", item.get("full_name"), limit=200, required=False)
        function = text(errors, f"{prefix}.function", item.get("function"), limit=200, required=False)
        if is_blank(item.get("full_name")):
            errors.add(f"{prefix}.full_name", _("Podaj imię i nazwisko osoby reprezentującej organizację."))
        if is_blank(item.get("function")):
            errors.add(
                f"{prefix}.function", _("Podaj funkcję tej osoby, np. prezes zarządu, członek zarządu, pełnomocnik.")
            )
        people.append({"full_name": full_name or "", "function": function or ""})
    return people


# ---------------------------------------------------------------- the whole body

OPTIONAL_PARSERS = {
    "krs": parse_krs,
    "nip": parse_nip,
    "regon": parse_regon,
    "phone": parse_phone,
    "website": parse_website,
}


def parse_organization_input(raw: dict, *, partial: bool) -> tuple[dict, FieldErrors]:
    """Model attributes (address flattened) for the fields present in `raw`.

    With partial=False (creation) the required fields must be there. With partial=True (a change)
    only the fields sent are judged; an optional field sent blank is cleared, a required one refused.
    """
    errors = FieldErrors()
    data: dict = {}

    def present(key: str) -> bool:
        return key in raw or not partial

    if present("name"):
        data["name"] = text(errors, "name", raw.get("name"), limit=TEXT_LIMITS["name"], required=True)
    if present("legal_form"):
        if is_blank(raw.get("legal_form")):
            errors.add("legal_form", _("Wybierz formę prawną organizacji."))
        else:
            data["legal_form"] = parse_legal_form(errors, "legal_form", raw["legal_form"])
    for field in ("registry_name", "registry_number", "representation_rule"):
        if field in raw:
            data[field] = text(errors, field, raw[field], limit=TEXT_LIMITS[field], required=False)
    for field, parser in OPTIONAL_PARSERS.items():
        if field in raw:
            data[field] = None if is_blank(raw[field]) else parser(errors, field, raw[field])
    if present("email"):
        if is_blank(raw.get("email")):
            errors.add("email", _("Podaj adres e-mail organizacji, np. biuro@fundacja.org.pl."))
        else:
            data["email"] = parse_email(errors, "email", raw["email"])
    if present("bank_account"):
        if is_blank(raw.get("bank_account")):
            errors.add(
                "bank_account",
                _("Podaj numer rachunku bankowego organizacji (26 cyfr NRB), na który ma wpłynąć dotacja."),
            )
        else:
            data["bank_account"] = parse_bank_account(errors, "bank_account", raw["bank_account"])
    if present("address"):
        _parse_address(errors, raw.get("address"), data, partial=partial)
    if present("representatives"):
        data["representatives"] = parse_representatives(errors, raw.get("representatives"))
    if "representation_rule" in data and data["representation_rule"] is None:
        data["representation_rule"] = ""  # the column is not nullable: "no rule given" is an empty text
    return data, errors


def _parse_address(errors: FieldErrors, address, data: dict, *, partial: bool) -> None:
    if not isinstance(address, dict):
        errors.add("address", _("Podaj adres siedziby: ulicę z numerem, kod pocztowy i miejscowość."))
        return
    messages = {
        "street": _("Podaj ulicę i numer budynku, np. ul. Krakowska 12/3."),
        "postal_code": _("Podaj kod pocztowy w formacie NN-NNN, np. 45-068."),
        "city": _("Podaj miejscowość siedziby."),
    }
    for field in ADDRESS_FIELDS:
        if partial and field not in address:
            continue
        path = f"address.{field}"
        if is_blank(address.get(field)):
            errors.add(path, messages[field])
        elif field == "postal_code":
            data[field] = parse_postal_code(errors, path, address[field])
        else:
            data[field] = text(errors, path, address[field], limit=TEXT_LIMITS[field], required=True)


def check_registry(errors: FieldErrors, *, krs, registry_name, registry_number) -> None:
    """The organisation is entered in KRS, or in another register or record (e.g. the starosta's record
    of ordinary associations, the register of rural housewives' circles): one of the two must be named."""
    if krs:
        return
    if registry_name and not registry_number:
        errors.add("registry_number", _("Podaj numer w rejestrze lub ewidencji „%(name)s”.", name=registry_name))
    elif registry_number and not registry_name:
        errors.add(
            "registry_name",
            _(
                "Podaj nazwę rejestru lub ewidencji, np. ewidencja stowarzyszeń "
                "zwykłych prowadzona przez Prezydenta Miasta Opola."
            ),
        )
    elif not registry_name and not registry_number:
        errors.add(
            "krs",
            _(
                "Podaj numer KRS (10 cyfr), a jeśli organizacji nie ma w KRS — nazwę i numer "
                "innego rejestru lub ewidencji."
            ),
        )
