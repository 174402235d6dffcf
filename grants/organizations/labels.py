"""What people read for an organisation's legal form and bank account.

Plain functions: `grants.templating` makes them visible to Jinja (`legal_form_label`, the `nrb`
filter), the profile form and the API's JSON call them directly.
"""

from grants.i18n import lazy_gettext as _l
from grants.organizations.models import LegalForm

LEGAL_FORM_LABELS = {
    LegalForm.stowarzyszenie: _l("stowarzyszenie"),
    LegalForm.stowarzyszenie_zwykle: _l("stowarzyszenie zwykłe"),
    LegalForm.fundacja: _l("fundacja"),
    LegalForm.koscielna_osoba_prawna: _l(
        "kościelna osoba prawna lub jednostka organizacyjna kościoła albo związku wyznaniowego (art. 3 ust. 3 pkt 1)"
    ),
    LegalForm.stowarzyszenie_jst: _l("stowarzyszenie jednostek samorządu terytorialnego (art. 3 ust. 3 pkt 2)"),
    LegalForm.spoldzielnia_socjalna: _l("spółdzielnia socjalna (art. 3 ust. 3 pkt 3)"),
    LegalForm.spolka_non_profit: _l(
        "spółka lub klub sportowy niedziałające w celu osiągnięcia zysku (art. 3 ust. 3 pkt 4)"
    ),
    LegalForm.kolo_gospodyn_wiejskich: _l("koło gospodyń wiejskich (art. 3 ust. 3 pkt 5)"),
    LegalForm.inna: _l("inna organizacja pozarządowa (art. 3 ust. 2)"),
}


def legal_form_label(value) -> str:
    try:
        return str(LEGAL_FORM_LABELS[LegalForm(getattr(value, "value", value))])
    except (ValueError, KeyError):
        return str(value or "")


def legal_form_options() -> list[dict]:
    """The profile form's choices, in the order of art. 3 ust. 2 and 3."""
    return [{"value": form.value, "label": str(LEGAL_FORM_LABELS[form])} for form in LegalForm]


def format_nrb(digits: str | None) -> str:
    """26 bare digits → `61 1090 1014 0000 0712 1981 2874`, the way a bank statement prints them."""
    if not digits:
        return ""
    return " ".join([digits[:2]] + [digits[i : i + 4] for i in range(2, len(digits), 4)])
