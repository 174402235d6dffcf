"""What the review's stored values read as on the pages: formal outcomes, roles, declarations, sheets."""

from flask_babel import lazy_gettext as _l

from grants.formatting import DASH

LABELS = {
    "formal": {
        "pending": _l("czeka na ocenę"),
        "accepted": _l("przyjęta"),
        "rejected": _l("odrzucona"),
        "correction_requested": _l("wezwanie do uzupełnienia braków"),
        "correction_open": _l("trwa termin na uzupełnienie braków"),
        "corrected": _l("uzupełniona — czeka na ocenę"),
        "correction_lapsed": _l("nie uzupełniona w terminie"),
    },
    # the public list of formal outcomes reads as the office's announcement of who meets the requirements
    "formal_public": {
        "pending": _l("czeka na ocenę formalną"),
        "accepted": _l("spełnia wymogi formalne"),
        "rejected": _l("nie spełnia wymogów formalnych"),
        "correction_requested": _l("wezwana do uzupełnienia braków formalnych"),
        "correction_open": _l("wezwana do uzupełnienia braków formalnych"),
        "corrected": _l("braki uzupełnione — czeka na ocenę"),
        "correction_lapsed": _l("braki nie uzupełnione w terminie"),
    },
    "role": {
        "chair": _l("przewodniczący(-a)"),
        "member": _l("członek(-ini)"),
        "expert": _l("ekspert(ka) z głosem doradczym (art. 15 ust. 2e)"),
    },
    "declaration": {
        "impartial": _l("bezstronność"),
        "conflict": _l("wyłączenie (art. 24 KPA)"),
        None: _l("brak oświadczenia"),
    },
    "sheet": {"draft": _l("wersja robocza"), "final": _l("zatwierdzona"), None: _l("nie rozpoczęta")},
    "mode": {"all": _l("każdy członek ocenia każdą ofertę"), "balanced": _l("po N oceniających na ofertę")},
    "justification": {"open": _l("czeka na odpowiedź"), "answered": _l("odpowiedziano")},
}


def review_label(kind: str, value) -> str:
    """The label of `value` (an enum or its value) among the `kind` labels; an unknown value as itself."""
    value = getattr(value, "value", value)
    return str(LABELS.get(kind, {}).get(value, value if value is not None else DASH))
