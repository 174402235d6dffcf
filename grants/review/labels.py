"""What the review's stored values read as on the pages: formal outcomes, roles, declarations, sheets."""

from collections.abc import Mapping

from grants.formatting import DASH
from grants.i18n import gettext as _  # Flask-Babel's answer without its per-string lookups (the call page's rules)
from grants.i18n import lazy_gettext as _l

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


# ---------------------------------------------------------------- the selection rules, as the announcement states them


def tie_break_step_text(step, names: Mapping[str, str]) -> str:
    """One rung of the ladder in words: `["criterion", "quality"]` → 'wyższa liczba punktów w kryterium „Jakość”'."""
    kind = step[0]
    if kind == "criterion":
        name = names.get(step[1], step[1])
        return _("wyższa liczba punktów w kryterium „%(name)s”", name=name)
    if kind == "lower_requested":
        return _("niższa wnioskowana kwota dotacji")
    if kind == "draw":
        return _("losowanie")
    return str(kind)


def tie_break_text(ladder, names: Mapping[str, str]) -> str:
    """The whole ladder as one sentence of the announcement (art. 13 ust. 2 pkt 6)."""
    if not ladder:
        return _(
            "Ogłoszenie nie przewiduje rozstrzygania remisów: oferty z równą liczbą punktów są na liście "
            "rankingowej ex aequo."
        )
    steps = ", ".join(f"{n}) {tie_break_step_text(step, names)}" for n, step in enumerate(ladder, start=1))
    return _("Przy równej liczbie punktów decyduje kolejno: %(steps)s.", steps=steps)


def selection_rules_lines(ladder, names: Mapping[str, str], *, allow_half_points: bool, partial_last: bool) -> list:
    """The rules of choosing offers beside the criteria, in plain words, in the order the announcement prints
    them: how points are given, how ties are broken, what the first offer the money no longer covers gets."""
    points = (
        _("Członkowie komisji przyznają punkty w pełnych punktach lub w połówkach punktu (np. 7,5).")
        if allow_half_points
        else _("Członkowie komisji przyznają punkty w pełnych punktach.")
    )
    money = (
        _(
            "Jeżeli na kolejną ofertę z listy rankingowej nie wystarcza środków na pełną wnioskowaną kwotę, może ona "
            "otrzymać dotację w wysokości pozostałych środków; oferty niżej na liście nie otrzymują dotacji."
        )
        if partial_last
        else _(
            "Jeżeli na kolejną ofertę z listy rankingowej nie wystarcza środków na pełną wnioskowaną kwotę, nie "
            "otrzymuje ona dotacji częściowej; dotację mogą otrzymać oferty niżej na liście, których kwota się mieści."
        )
    )
    return [points, tie_break_text(ladder, names), money]
