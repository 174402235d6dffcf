"""Words for the report's values and fields (Annex 5 of Dz.U. 2018 poz. 2057): statuses, kinds, and what the
error summary says each field is."""

from flask_babel import gettext as _

from grants.i18n import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("wersja robocza"),
    "submitted": _l("złożone, czeka na ocenę"),
    "accepted": _l("przyjęte"),
    "returned": _l("zwrócone do poprawy"),
}
KIND_LABELS = {"partial": _l("częściowe"), "final": _l("końcowe")}
FIELD_LABELS = {
    "results_description": _l("I.1 Opis osiągniętych rezultatów"),
    "actions_description": _l("I.2 Opis wykonania działań"),
    "results": _l("I.1 Rezultaty"),
    "expenses": _l("II.1 Wydatki"),
    "sources": _l("II.2 Źródła finansowania"),
    "other_revenue": _l("II.3 Inne przychody"),
    "fees": _l("II.4 Świadczenia pieniężne od odbiorców"),
    "additional_information": _l("III. Dodatkowe informacje"),
    "attachments": _l("Załączniki"),
    "due_date": _l("Termin złożenia sprawozdania"),
    "period_start": _l("Początek okresu sprawozdawczego"),
    "period_end": _l("Koniec okresu sprawozdawczego"),
    "outcome": _l("Ocena"),
    "note": _l("Uwagi"),
    "lock_version": _l("Wersja robocza"),
}
PART_LABELS = {
    "actual_total": _l("poniesiony koszt"),
    "actual_grant": _l("w tym z dotacji"),
    "cost_item_id": _l("pozycja kosztorysu"),
    "achieved": _l("osiągnięcie"),
    "name": _l("nazwa"),
    "description": _l("opis"),
    "amount": _l("kwota"),
    "own_financial": _l("wkład własny finansowy"),
    "other_public": _l("inne środki publiczne"),
    "personal": _l("wkład osobowy"),
    "in_kind": _l("wkład rzeczowy"),
}


def status_label(value) -> str:
    value = getattr(value, "value", value)
    return str(STATUS_LABELS.get(value, value))


def kind_label(value) -> str:
    value = getattr(value, "value", value)
    return str(KIND_LABELS.get(value, value))


def field_label(path: str) -> str:
    parts = path.split(".")
    label = str(FIELD_LABELS.get(parts[0], parts[0]))
    if len(parts) == 3 and parts[1].isdigit():
        return _(
            "%(field)s, wiersz %(n)d, %(part)s",
            field=label,
            n=int(parts[1]) + 1,
            part=PART_LABELS.get(parts[2], parts[2]),
        )
    if len(parts) == 2:
        return f"{label}, {PART_LABELS.get(parts[1], parts[1])}"
    return label


def labelled(messages: dict) -> dict:
    """The error summary's items say which field each message is about."""
    return {path: [f"{field_label(path)}: {m}" for m in items] for path, items in messages.items()}
