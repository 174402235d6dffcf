"""What people read for the programme's year: its status, the consultation's channels, the outcome of a
comment, the year's audit actions and the fields of its forms. Nothing here reads the database."""

from grants.i18n import lazy_gettext as _l
from grants.programmes.schema import CHANNELS, OUTCOMES

STATUS_LABELS = {
    "draft": _l("projekt"),
    "consultation": _l("w konsultacjach"),
    "consulted": _l("po konsultacjach"),
    "adopted": _l("uchwalony"),
}
CHANNEL_LABELS = {
    "bip": _l("Biuletyn Informacji Publicznej"),
    "website": _l("Strona internetowa urzędu"),
    "noticeboard": _l("Tablica ogłoszeń urzędu"),
    "meeting": _l("Otwarte spotkanie konsultacyjne"),
    "rdpp": _l("Opinia rady działalności pożytku publicznego (art. 5a ust. 2a)"),
    "email": _l("Wiadomości e-mail do organizacji"),
}
OUTCOME_LABELS = {
    "accepted": _l("uwzględniona"),
    "partly": _l("uwzględniona częściowo"),
    "rejected": _l("nieuwzględniona"),
}
ACTION_LABELS = {
    "programme.create": _l("Utworzenie programu współpracy"),
    "programme.update": _l("Zmiana projektu programu"),
    "programme.consultation": _l("Ogłoszenie konsultacji projektu"),
    "programme.comment": _l("Uwaga organizacji do projektu"),
    "programme.answer": _l("Odpowiedź urzędu na uwagę"),
    "programme.consultation_report": _l("Publikacja sprawozdania z konsultacji"),
    "programme.adopt": _l("Uchwalenie programu"),
    "programme.amend": _l("Zmiana uchwalonego programu"),
}
FIELD_LABELS = {
    "starts_on": _l("Początek konsultacji"),
    "ends_on": _l("Koniec konsultacji"),
    "channels": _l("Sposoby konsultacji"),
    "text": _l("Treść"),
    "organization_id": _l("Organizacja"),
    "answer": _l("Odpowiedź urzędu"),
    "outcome": _l("Sposób uwzględnienia uwagi"),
    "resolution_number": _l("Numer uchwały"),
    "adopted_on": _l("Data uchwały"),
    "reason": _l("Uzasadnienie zmiany"),
    "priorities": _l("Priorytety"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))


def outcome_label(code: str | None) -> str:
    return str(OUTCOME_LABELS.get(code or "", ""))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def channel_options() -> list[dict]:
    return [{"value": code, "label": channel_label(code)} for code in CHANNELS]


def outcome_options() -> list[dict]:
    return [{"value": code, "label": outcome_label(code)} for code in OUTCOMES]


def labelled_errors(errors: dict) -> dict:
    """The form's errors, each message prefixed by its field's name (the error summary at the top)."""
    labelled = {}
    for key, messages in (errors or {}).items():
        base = key.split("-")[0]
        label = FIELD_LABELS.get(base)
        labelled[key] = [f"{label}: {m}" if label else m for m in messages]
    return labelled
