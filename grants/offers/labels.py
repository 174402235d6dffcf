"""What the offer pages, messages and documents call an offer's fields, statuses and files.

Labels are lazy (`_l`): this module is imported before any request, and each page shows them in the
person's language. Templates reach them through `grants.templating` under the names `offer_field_label`,
`offer_status_label`, `attachment_kind_label`, `content_type_label` and `confirmation_channel_label`.
"""

from grants.i18n import lazy_gettext as _l
from grants.offers import storage

ATTACHMENT_KINDS = (
    ("statut", _l("Statut organizacji")),
    ("odpis_rejestru", _l("Odpis z KRS lub innego rejestru")),
    ("pelnomocnictwo", _l("Pełnomocnictwo")),
    ("umowa_partnerska", _l("Umowa partnerska (oferta wspólna)")),
    ("oswiadczenie", _l("Oświadczenie")),
    ("kosztorys", _l("Kosztorys lub harmonogram (załącznik)")),
    ("other", _l("Inny dokument")),
)
CONTENT_TYPE_LABELS = {
    storage.PDF: "PDF",
    storage.PNG: "PNG",
    storage.JPEG: "JPEG",
    storage.ODT: "ODT",
    storage.DOCX: "DOCX",
}
STATUS_LABELS = {
    "draft": _l("wersja robocza"),
    "submitted": _l("złożona"),
    "withdrawn": _l("wycofana"),
    "correction": _l("do poprawy"),
}
# The NGO's list filters by the status it shows: the offer's own, or after the results their outcome.
LIST_STATUS_LABELS = {**STATUS_LABELS, "funded": _l("z dotacją"), "not_funded": _l("bez dotacji")}
CHANNEL_LABELS = {"paper": _l("papier (podpisany wydruk)"), "epuap": _l("ePUAP")}

FIELD_LABELS = {
    "title": _l("Tytuł zadania publicznego (III.1)"),
    "task_start": _l("Data rozpoczęcia (III.2)"),
    "task_end": _l("Data zakończenia (III.2)"),
    "place": _l("Miejsce realizacji (III.3)"),
    "target_group": _l("Grupa docelowa (III.3)"),
    "summary": _l("Syntetyczny opis zadania (III.3)"),
    "actions": _l("Plan i harmonogram działań (III.4)"),
    "expected_effects": _l("Opis zakładanych rezultatów (III.5)"),
    "results": _l("Rezultaty (III.6)"),
    "experience": _l("Wcześniejsza działalność (IV.1)"),
    "resources": _l("Zasoby kadrowe, rzeczowe i finansowe (IV.2)"),
    "cost_items": _l("Kosztorys (V.A)"),
    "requested_grant": _l("Wnioskowana dotacja (V.B)"),
    "admin_costs": _l("Koszty administracyjne (V.A)"),
    "own_contribution": _l("Wkład własny (V.B)"),
    "own_financial": _l("Wkład finansowy (V.B 3.1)"),
    "own_non_financial_personal": _l("Wkład niefinansowy osobowy (V.B 3.2)"),
    "own_non_financial_in_kind": _l("Wkład niefinansowy rzeczowy (V.B 3.2)"),
    "beneficiary_fees": _l("Świadczenia pieniężne od odbiorców zadania"),
    "paid_activity": _l("Odpłatne lub nieodpłatne wykonanie zadania (VI.1)"),
    "partners_actions": _l("Działania poszczególnych oferentów (VI.2)"),
    "other_information": _l("Inne informacje (VI.3)"),
    "contact.name": _l("Osoba do kontaktu: imię i nazwisko (II.2)"),
    "contact.phone": _l("Osoba do kontaktu: telefon (II.2)"),
    "contact.email": _l("Osoba do kontaktu: e-mail (II.2)"),
    "contact": _l("Osoba do kontaktu (II.2)"),
    "correspondence_address": _l("Adres do korespondencji (II.1)"),
    "statements": _l("Oświadczenia (VII)"),
    "statements.tax_arrears": _l("Oświadczenie 3: zobowiązania podatkowe (VII)"),
    "statements.social_insurance_arrears": _l("Oświadczenie 4: składki na ubezpieczenia społeczne (VII)"),
    "statements.register": _l("Oświadczenie 5: rejestr (VII)"),
    "statements.confirmed": _l("Potwierdzenie oświadczeń (VII)"),
    "cost_split": _l("Podział kosztów między oferentów (V.C)"),
    "partners": _l("Partnerzy oferty wspólnej"),
    "partner": _l("Organizacja partnerska"),
    "file": _l("Plik"),
    "kind": _l("Rodzaj załącznika"),
    "lock_version": _l("Wersja robocza"),
    "organization_id": _l("Organizacja"),
    "call_id": _l("Nabór"),
    "control_code": _l("Kod kontrolny"),
    "received_at": _l("Data wpływu potwierdzenia"),
    "channel": _l("Sposób doręczenia"),
}
# Repeated rows: the row's label (numbered from 1 on the page) and its cells' labels.
ROW_LABELS = {
    "actions": (
        _l("Działanie %(n)d"),
        {
            "name": _l("nazwa"),
            "description": _l("opis"),
            "target_group": _l("grupa docelowa"),
            "period": _l("planowany termin"),
            "subcontractor": _l("zakres realizowany przez podmiot niebędący stroną umowy"),
            "remove": _l("usunięcie"),
        },
    ),
    "results": (
        _l("Rezultat %(n)d"),
        {"name": _l("nazwa"), "target_value": _l("wartość docelowa"), "monitoring": _l("sposób monitorowania")},
    ),
    "cost_items": (
        _l("Pozycja kosztorysu %(n)d"),
        {
            "action": _l("działanie"),
            "name": _l("rodzaj kosztu"),
            "unit": _l("rodzaj miary"),
            "quantity": _l("liczba jednostek"),
            "unit_cost": _l("koszt jednostkowy"),
            "grant_part": _l("z dotacji"),
            "year_values": _l("podział na lata"),
        },
    ),
    "cost_split": (
        _l("Podział kosztów (V.C), oferent %(n)d"),
        {"amount": _l("kwota"), "organization_id": _l("organizacja")},
    ),
    "partners": (_l("Partner %(n)d"), {}),
}


def field_label(path: str) -> str:
    """The label of an error's path (`cost_items.2.grant_part` → "Pozycja kosztorysu 3 — z dotacji")."""
    if path in FIELD_LABELS:
        return str(FIELD_LABELS[path])
    parts = path.split(".")
    if parts[0] in ROW_LABELS and len(parts) > 1 and parts[1].isdigit():
        row, names = ROW_LABELS[parts[0]]
        label = str(row) % {"n": int(parts[1]) + 1}
        if len(parts) > 2:
            label += " — " + str(names.get(parts[2], parts[2]))
        return label
    return str(FIELD_LABELS.get(parts[0], path))


def labelled(messages: dict) -> dict:
    """The error summary's items say which field each message is about."""
    return {path: [f"{field_label(path)}: {m}" for m in items] for path, items in messages.items()}


def status_label(value) -> str:
    value = getattr(value, "value", value)
    return str(STATUS_LABELS.get(value, value))


def status_options() -> list[dict]:
    """The NGO's list's status filter: the offer's own statuses, then the published outcomes."""
    return [{"value": value, "label": str(label)} for value, label in LIST_STATUS_LABELS.items()]


def attachment_kind_label(kind: str) -> str:
    return str(dict(ATTACHMENT_KINDS).get(kind, kind))


def attachment_kind_options() -> list[dict]:
    return [{"value": kind, "label": str(label)} for kind, label in ATTACHMENT_KINDS]


def content_type_label(content_type: str) -> str:
    return CONTENT_TYPE_LABELS.get(content_type, content_type)


def channel_label(value) -> str:
    return str(CHANNEL_LABELS.get(value, value))
