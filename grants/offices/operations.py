import re

from flask_babel import gettext as _
from stdnum import iban
from stdnum.exceptions import ValidationError

from grants.audit.log import record
from grants.errors import FieldErrors, Forbidden, NotFound
from grants.extensions import db
from grants.offices.models import Office
from grants.parsing import MAX_SIGNATORIES, is_blank, normalise_email, signatories, text

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
PATTERN_PLACEHOLDERS = {"case_sign", "seq", "year"}
SEPARATORS_RE = re.compile(r"[\s\-]")
MAX_REPRESENTATIVES = MAX_SIGNATORIES
CONTRACT_SETTINGS = (
    "contract_number_pattern",
    "representatives",
    "treasurer",
    "contract_place",
    "bank_account",
    "organ_name",
)
# The office's contact on its public pages (privacy clause, accessibility statement): kept as it is when left out.
CONTACT_SETTINGS = ("contact_email", "contact_phone", "dpo_email")


def create_office(
    *, slug: str, name: str, actor=None, parent_body: str = "", address: str = "", case_sign: str = ""
) -> Office:
    errors = FieldErrors()
    slug = (slug or "").strip().lower()
    name = (name or "").strip()
    if not SLUG_RE.match(slug):
        errors.add("slug", _("Użyj 2–63 małych liter, cyfr lub myślników."))
    elif db.session.scalar(db.select(Office.id).where(Office.slug == slug)):
        errors.add("slug", _("Urząd o tym identyfikatorze już istnieje."))
    if not name:
        errors.add("name", _("Podaj nazwę urzędu."))
    errors.raise_if_any()
    office = Office(slug=slug, name=name, parent_body=parent_body, address=address, case_sign=case_sign)
    db.session.add(office)
    db.session.flush()
    record(
        "office.create",
        "office",
        office.id,
        actor=actor,
        office_id=office.id,
        summary=name,
        after={"slug": slug, "name": name},
    )
    return office


# ---------------------------------------------------------------- contract settings (Annex 3)


def contract_settings(office: Office) -> dict:
    return {
        "contract_number_pattern": office.contract_number_pattern,
        "representatives": list(office.representatives or []),
        "treasurer": office.treasurer,
        "contract_place": office.contract_place,
        "bank_account": office.bank_account,
        "contact_email": office.contact_email,
        "contact_phone": office.contact_phone,
        "dpo_email": office.dpo_email,
        "organ_name": office.organ_name,
    }


def _parse_email(errors: FieldErrors, field: str, value) -> str | None:
    if is_blank(value):
        return ""
    address = normalise_email(value)
    if address is None or len(address) > 254:
        errors.add(field, _("Podaj adres e-mail w postaci nazwa@domena.pl albo zostaw pole puste."))
    return address


def _parse_pattern(errors: FieldErrors, value) -> str | None:
    pattern = text(errors, "contract_number_pattern", value, limit=120, required=True)
    if pattern is None:
        return None
    if "{seq}" not in pattern:
        # Numbers of contracts must never repeat: the office's sequence is what makes each one unique.
        errors.add("contract_number_pattern", _("Wzór numeru musi zawierać {seq} (kolejny numer umowy)."))
        return None
    unknown = sorted(set(PLACEHOLDER_RE.findall(pattern)) - PATTERN_PLACEHOLDERS)
    if unknown:
        errors.add(
            "contract_number_pattern",
            _("Nieznane pole we wzorze: %(names)s; dozwolone: {case_sign}, {seq}, {year}.", names=", ".join(unknown)),
        )
        return None
    return pattern


def _parse_bank_account(errors: FieldErrors, value) -> str | None:
    """The office's account for returns (Annex 3 § 10): NRB (26 digits) or PL IBAN, stored as 26 digits."""
    if is_blank(value):
        return ""
    if not isinstance(value, str):
        errors.add("bank_account", _("Podaj numer rachunku jako tekst, np. 61 1090 1014 0000 0712 1981 2874."))
        return None
    raw = SEPARATORS_RE.sub("", value).upper()
    digits = raw[2:] if raw.startswith("PL") else raw
    if not digits.isdigit() or len(digits) != 26:
        errors.add("bank_account", _("Numer rachunku (NRB) ma 26 cyfr, można je poprzedzić literami PL."))
        return None
    try:
        iban.validate("PL" + digits)
    except ValidationError:
        errors.add("bank_account", _("Suma kontrolna numeru rachunku się nie zgadza; sprawdź cyfry."))
        return None
    return digits


def update_contract_settings(*, actor, office: Office, raw: dict) -> Office:
    """What each new contract copies from its office: the number pattern, who signs, the treasurer's
    countersignature (art. 46 ust. 3 of the Act on municipal self-government), the place and the account; and
    the office's public contact (e-mail, phone, the data protection officer's e-mail) when `raw` names them.

    Contracts already drawn up keep their copies. No commit: the request commits."""
    if actor is None or not (actor.is_admin or actor.is_officer):
        raise Forbidden(_("Ustawienia umów zmienia urzędnik urzędu."))
    if not actor.is_admin and actor.office_id != office.id:
        raise NotFound(_("Nie ma takiego urzędu."))
    errors = FieldErrors()
    pattern = _parse_pattern(errors, raw.get("contract_number_pattern"))
    representatives = signatories(errors, "representatives", raw.get("representatives", []))
    treasurer = text(errors, "treasurer", raw.get("treasurer"), limit=200, blank="")
    place = text(errors, "contract_place", raw.get("contract_place"), limit=100, blank="")
    account = _parse_bank_account(errors, raw.get("bank_account"))
    contact = {}
    for field in CONTACT_SETTINGS:
        if field not in raw:
            continue
        if field == "contact_phone":
            contact[field] = text(errors, field, raw[field], limit=40, blank="")
        else:
            contact[field] = _parse_email(errors, field, raw[field])
    # Left out of a request that does not know it (older clients): kept as it is.
    organ = text(errors, "organ_name", raw.get("organ_name"), limit=300, blank="") if "organ_name" in raw else None
    errors.raise_if_any()
    before = contract_settings(office)
    office.contract_number_pattern = pattern
    office.representatives = representatives
    office.treasurer = treasurer
    office.contract_place = place
    office.bank_account = account
    for field, value in contact.items():
        setattr(office, field, value)
    if organ is not None:
        office.organ_name = organ
    db.session.flush()
    record(
        "office.contract_settings",
        "office",
        office.id,
        actor=actor,
        office_id=office.id,
        summary=office.name,
        before=before,
        after=contract_settings(office),
    )
    return office
