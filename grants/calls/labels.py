"""What people read for a call's fields, values, channels and audit actions.

Plain functions over plain data: `grants.templating` makes them Jinja globals, the review pages
and documents call them directly. Nothing here reads the database: what a label needs beyond the
value itself (a programme priority's name) is handed in by the page builder.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from markupsafe import Markup, escape

from grants.calls.models import Channel
from grants.calls.rules import add_working_days
from grants.clock import warsaw_date
from grants.formatting import date_pl, datetime_pl, money_pl, points_pl
from grants.i18n import gettext as _  # Flask-Babel's, without its per-string lookups (rows of lists print these)
from grants.i18n import lazy_gettext as _l


def correction_window(days: int | None) -> str:
    """The time to remove formal defects, worded once for the announcement (its PDF too), the public call page
    and the formal check — as `review.rules.correction_deadline` counts it: working days after the day of the
    request (that day not counted; Saturdays, Sundays and public holidays skipped), to the end of the last."""
    return _(
        "%(n)d dni roboczych od dnia wezwania (dnia wezwania nie liczy się; soboty, niedziele i święta pomija się)",
        n=days or 0,
    )


FIELD_LABELS = {
    "title": _l("Tytuł ogłoszenia"),
    "task_type": _l("Rodzaj zadania publicznego"),
    "description": _l("Opis zadania"),
    "budget_total": _l("Wysokość środków publicznych przeznaczonych na realizację zadania"),
    "award_rules": _l("Zasady przyznawania dotacji"),
    "task_start": _l("Początek realizacji zadania"),
    "task_end": _l("Koniec realizacji zadania"),
    "task_conditions": _l("Warunki realizacji zadania"),
    "submission_deadline": _l("Termin składania ofert"),
    "selection_procedure": _l("Tryb wyboru ofert"),
    "selection_deadline": _l("Termin dokonania wyboru ofert"),
    "same_type_tasks": _l("Zadania publiczne tego samego rodzaju w roku ogłoszenia i w roku poprzednim"),
    "form": _l("Forma zlecenia zadania"),
    "grant_min": _l("Najniższa kwota dotacji"),
    "grant_max": _l("Najwyższa kwota dotacji"),
    "own_contribution_min_percent": _l("Minimalny wkład własny (%)"),
    "admin_costs_max_percent": _l("Najwyższy udział kosztów administracyjnych (%)"),
    "results_table_required": _l("Dodatkowe informacje dotyczące rezultatów (III.6 oferty)"),
    "contact_name": _l("Osoba do kontaktu w sprawie konkursu"),
    "contact_email": _l("E-mail osoby do kontaktu"),
    "contact_phone": _l("Telefon osoby do kontaktu"),
    "confirmation_days": _l(
        "Termin na dostarczenie podpisanego potwierdzenia złożenia oferty (dni robocze po terminie)"
    ),
    "correction_days": _l("Termin na usunięcie braków formalnych (dni robocze)"),
    "update_days": _l("Termin na aktualizację oferty po przyznaniu niższej dotacji (dni)"),
    "cost_shift_tolerance_percent": _l("Dopuszczalne przesunięcie między pozycjami kosztorysu (%)"),
    "min_total_points": _l("Minimalna suma punktów"),
    "aggregation": _l("Sposób ustalania oceny komisji"),
    "evaluators_per_offer": _l("Liczba oceniających jedną ofertę"),
    "programme_priority": _l("Priorytet programu współpracy"),
    "programme_priority_id": _l("Priorytet programu współpracy"),
    "criteria": _l("Kryteria oceny ofert"),
    # The selection rules beside the criteria (grants.review.operations.settings): amended like the rest.
    "allow_half_points": _l("Połówki punktów w ocenie"),
    "partial_last": _l("Dotacja w wysokości pozostałych środków dla kolejnej oferty z listy"),
    "tie_break": _l("Rozstrzyganie remisów"),
    "status": _l("Status"),
    "publications": _l("Publikacje"),
    "reason": _l("Powód"),
    "year": _l("Rok"),
    "office_id": _l("Urząd"),
    "priorities": _l("Priorytety"),
    "announcement_act_number": _l("Numer aktu ogłaszającego konkurs (np. zarządzenia)"),
    "announcement_act_date": _l("Data aktu ogłaszającego konkurs"),
    "ground": _l("Podstawa"),
    "kind": _l("Rodzaj aktu"),
}
ACTION_LABELS = {
    "call.create": _l("Utworzenie projektu ogłoszenia"),
    "call.update": _l("Zmiana projektu ogłoszenia"),
    "call.publish": _l("Publikacja ogłoszenia"),
    "call.amend": _l("Zmiana opublikowanego ogłoszenia"),
    "call.cancel": _l("Unieważnienie (art. 18a) albo odwołanie konkursu"),
    "call.delete": _l("Usunięcie projektu ogłoszenia"),
    "programme.create": _l("Utworzenie programu współpracy"),
    "programme.update": _l("Zmiana programu współpracy"),
}
VALUE_LABELS = {
    "form": {"wspieranie": _l("wspieranie (współfinansowanie)"), "powierzanie": _l("powierzanie (finansowanie)")},
    "aggregation": {"mean": _l("średnia ocen członków komisji"), "median": _l("mediana ocen członków komisji")},
    "status": {
        "draft": _l("projekt"),
        "published": _l("opublikowany"),
        "under_review": _l("w ocenie"),
        "resolved": _l("rozstrzygnięty"),
        "cancelled": _l("unieważniony"),
        "deleted": _l("usunięty"),
    },
    "kind": {"cancellation": _l("unieważnienie (art. 18a ustawy)"), "withdrawal": _l("odwołanie konkursu")},
    "ground": {
        "no_offers": _l("art. 18a ust. 1 pkt 1 — nie złożono żadnej oferty"),
        "no_valid_offers": _l("art. 18a ust. 1 pkt 2 — żadna oferta nie spełniła wymogów ogłoszenia"),
    },
}
# The public list's tabs, one a phase of grants.calls.queries.PUBLIC_PHASES, in the order shown.
PHASE_LABELS = {
    "open": _l("Otwarte"),
    "closed": _l("Zamknięte — w ocenie"),
    "resolved": _l("Rozstrzygnięte"),
    "cancelled": _l("Unieważnione"),
}
CHANNEL_LABELS = {
    "bip": _l("Biuletyn Informacji Publicznej"),
    "noticeboard": _l("Tablica ogłoszeń urzędu"),
    "website": _l("Strona internetowa urzędu"),
}
ROW_LABELS = {
    "criteria": (
        _l("Kryterium %(n)d"),
        {"code": _l("kod"), "name": _l("nazwa"), "max_points": _l("maks. punktów"), "min_points": _l("min. punktów")},
    ),
    "priorities": (_l("Priorytet %(n)d"), {"code": _l("kod"), "name": _l("nazwa"), "budget": _l("budżet")}),
}
MONEY_KEYS = {"budget_total", "grant_min", "grant_max", "budget", "amount"}
PERCENT_KEYS = {"own_contribution_min_percent", "admin_costs_max_percent", "cost_shift_tolerance_percent"}
POINTS_KEYS = {"min_total_points", "max_points", "min_points"}
DATE_KEYS = {"task_start", "task_end", "selection_deadline", "announcement_act_date"}
DATETIME_KEYS = {"submission_deadline", "published_at", "cancelled_at"}
# The form names repeated rows `criteria-2-max_points`; publications are numbered in Channel's order.
ERROR_KEY = re.compile(r"^(criteria|priorities|publications)-(\d+)(?:-(\w+))?$")
PRIORITY_KEY = "programme_priority_id"


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


# A call's badge (templates/public/_call.html, phase_badge): its phase as `Call.phase` gives it.
BADGE_LABELS = {
    "draft": _l("projekt — niewidoczny publicznie"),
    "published": _l("otwarty — przyjmuje oferty"),
    "closed": _l("zamknięty — termin składania ofert minął"),
    "under_review": _l("w ocenie"),
    "resolved": _l("rozstrzygnięty"),
    "cancelled": _l("unieważniony"),
}


def badge_css(phase: str) -> str:
    """The badge's colour: an open call's and a call in review's share those of the list's tabs."""
    return BADGE_CSS.get(phase, phase)


BADGE_CSS = {"published": "open", "under_review": "closed"}


def badge_label(phase: str, cancel_kind=None) -> str:
    """The badge's words for a phase; a call called off before its results (no art. 18a) is "odwołany"."""
    if phase == "cancelled" and getattr(cancel_kind, "value", None) == "withdrawal":
        return _("odwołany")
    label = BADGE_LABELS.get(phase)
    return phase if label is None else str(label)


def phase_tabs() -> list[tuple[str, str]]:
    return [(phase, str(label)) for phase, label in PHASE_LABELS.items()]


def channel_label(channel) -> str:
    value = getattr(channel, "value", channel)
    return str(CHANNEL_LABELS.get(value, value))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def value_label(key: str, value) -> str:
    value = getattr(value, "value", value)
    return str(VALUE_LABELS.get(key, {}).get(value, value))


def readable_value(key: str, value, priorities: Mapping[int, str] | None = None):
    """A value of an audit entry or an amendment (JSON: ISO strings, amounts as text) for people.

    Returns a string, or a list of strings for lists and mappings. `priorities` names the programme
    priorities the values refer to by id (see `calls.pages.priority_names`)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("tak") if value else _("nie")
    if isinstance(value, (list, dict)):
        return _readable_collection(key, value, priorities)
    try:
        formatted = _formatted_scalar(key, value)
    except (ValueError, ArithmeticError):
        return str(value)
    if formatted is not None:
        return formatted
    if key == PRIORITY_KEY:
        name = (priorities or {}).get(int(value)) if str(value).isdigit() else None
        return name if name is not None else str(value)
    if key in VALUE_LABELS:
        return value_label(key, value)
    return str(value)


def readable_pairs(data: Mapping, priorities: Mapping[int, str] | None = None) -> list[tuple[str, object]]:
    """(label, `readable_value`) of each key of an audit entry's before or after, in one call from the template
    (the office's log prints some 250 of them a page; two template calls per key cost more than the work)."""
    return [(field_label(key), readable_value(key, value, priorities)) for key, value in data.items()]


def key_values(data: Mapping | None, priorities: Mapping[int, str] | None = None) -> Markup:
    """An audit entry's before or after as the log prints it: a definition list of `readable_pairs`, or a dash.
    Markup built here rather than by a template macro: the office's log prints two a row, 100 a page, and a
    macro's call and loops cost ten times the strings' own work. The same HTML as the macro it replaced."""
    if not data:
        return Markup("—")
    parts = ['    <dl class="kv">\n']
    for label, shown in readable_pairs(data, priorities):
        if isinstance(shown, str):
            value = f'<span class="prose">{escape(shown)}</span>'
        else:
            value = "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in shown) + "</ul>"
        parts.append(f"        <dt>{escape(label)}</dt>\n        <dd>{value}</dd>\n")
    parts.append("    </dl>\n")
    return Markup("".join(parts))


def _readable_collection(key: str, value, priorities) -> list[str]:
    if key == "criteria" and isinstance(value, list):
        return [_criterion_line(item) for item in value if isinstance(item, dict)]
    if key == "priorities" and isinstance(value, list):
        return [
            f"{item.get('code')} — {item.get('name')}: {readable_value('budget', item.get('budget'))}"
            for item in value
            if isinstance(item, dict)
        ]
    if key == "publications" and isinstance(value, dict):
        return [
            f"{channel_label(channel)}: {readable_value('published_at', moment)}" for channel, moment in value.items()
        ]
    if isinstance(value, dict):
        return [f"{field_label(k)}: {_flat(readable_value(k, v, priorities))}" for k, v in value.items()]
    return [_flat(readable_value(key, item, priorities)) for item in value]


def _formatted_scalar(key: str, value) -> str | None:
    """Amounts, percents, points and dates in Polish form; None for a key that has no format."""
    if key in MONEY_KEYS:
        return money_pl(Decimal(str(value)))
    if key in PERCENT_KEYS:
        return f"{points_pl(value)}\u00a0%"
    if key in POINTS_KEYS:
        return points_pl(value)
    if key in DATETIME_KEYS:
        return datetime_pl(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
    if key in DATE_KEYS:
        return date_pl(value if isinstance(value, date) else date.fromisoformat(str(value)))
    return None


def labelled_errors(errors: dict) -> dict:
    """The error summary's messages prefixed with their field, so that several "required"
    messages in the summary still say which field each one is about."""
    return {
        name: [f"{_error_label(name)}: {message}" for message in messages] for name, messages in (errors or {}).items()
    }


def _error_label(name: str) -> str:
    match = ERROR_KEY.match(name)
    if match is None:
        return field_label(name)
    group, index, part = match.group(1), int(match.group(2)), match.group(3)
    if group == "publications":
        channels = list(Channel)
        if index < len(channels):
            return _("Publikacja: %(channel)s", channel=channel_label(channels[index]))
        return field_label("publications")
    row, parts = ROW_LABELS[group]
    label = str(row) % {"n": index + 1}
    if part in parts:
        label += " — " + str(parts[part])
    return label


def _flat(value) -> str:
    return "; ".join(value) if isinstance(value, list) else value


# An officer's short label: "K1", "A.2", "III-3" — a few characters with a digit or a capital letter.
SHORT_LABEL = re.compile(r"^(?=.*[\dA-ZĄĆĘŁŃÓŚŹŻ])[^\W_][\w.-]{0,7}$")


def criterion_tag(code) -> str | None:
    """A criterion's code as people may read it beside the name ("K1"), or None: a machine code such as
    `ability` or `own_funds` (the statutory defaults) is never shown on a page or in a document."""
    code = str(code or "")
    return code if SHORT_LABEL.fullmatch(code) else None


def criterion_label(name, code=None) -> str:
    """The criterion as people read it: its name, with the officer's short label first when there is one."""
    tag = criterion_tag(code)
    return f"{tag} — {name}" if tag else str(name or "")


def _criterion_line(item: dict) -> str:
    line = _(
        "%(name)s: do %(max)s pkt",
        name=criterion_label(item.get("name"), item.get("code")),
        max=points_pl(item.get("max_points")),
    )
    if item.get("min_points") not in (None, ""):
        line += ", " + _("minimum %(min)s pkt", min=points_pl(item.get("min_points")))
    if item.get("advisory"):
        line += ", " + _("pomocnicze")
    return line


# ---------------------------------------------------------------- how to apply: the public page and the announcement


def days_left(deadline: datetime, now: datetime) -> str:
    """The time left to submit, in words, counted in Warsaw days: "zostało 12 dni", "ostatni dzień", "termin
    minął". A deadline at midnight is the end of the day before (the last day people can act on)."""
    if now >= deadline:
        return _("termin minął")
    days = (warsaw_date(deadline - timedelta(microseconds=1)) - warsaw_date(now)).days
    if days == 0:
        return _("ostatni dzień")
    if days == 1:
        return _("został 1 dzień")
    # Polish agrees the verb and the noun with the number: 2–4, 22–24, … "zostały … dni", the rest "zostało".
    if days % 10 in (2, 3, 4) and days % 100 not in (12, 13, 14):
        return _("zostały %(n)d dni", n=days)
    return _("zostało %(n)d dni", n=days)


def confirmation_last_day(deadline: datetime, working_days: int) -> date:
    """The last day (Warsaw) for the signed confirmation: `working_days` working days after the day of the
    submission deadline (its day not counted, KC art. 111 § 2; weekends and holidays skipped), or that day
    itself for 0."""
    day = warsaw_date(deadline)
    return add_working_days(day, working_days) if working_days > 0 else day


def confirmation_rule(deadline: datetime, working_days: int) -> str:
    """How and by when the signed confirmation of submission reaches the office — one sentence for the NGO's
    confirmation page, the public call page and the announcement's PDF."""
    if working_days > 0:
        term = _(
            "do %(day)s (%(n)d dni roboczych po dniu, w którym upływa termin składania ofert)",
            day=date_pl(confirmation_last_day(deadline, working_days)),
            n=working_days,
        )
    else:
        term = _("do %(moment)s (w terminie składania ofert)", moment=datetime_pl(deadline))
    return _(
        "Potwierdzenie złożenia oferty wygenerowane przez OKO, z tym samym kodem kontrolnym co oferta, podpisane "
        "przez osoby upoważnione do reprezentowania oferenta, należy dostarczyć do urzędu (osobiście lub pocztą; "
        "decyduje data wpływu) albo przesłać przez ePUAP, podpisane kwalifikowanym podpisem elektronicznym, "
        "podpisem zaufanym lub osobistym, %(term)s.",
        term=term,
    )


# The 2018 form (Dz.U. 2018 poz. 2057) has no fixed list of attachments: the announcement names them. Without
# a call's own list, the ones most offices ask for, each with the case it applies to.
STATUTORY_ATTACHMENTS = (
    (
        _l("Odpis z rejestru lub ewidencji, w której oferent jest wpisany"),
        _l("gdy oferent nie jest wpisany do Krajowego Rejestru Sądowego (oświadczenie nr 5 w części VII oferty)"),
    ),
    (
        _l(
            "Umowa partnerska lub inny dokument określający zakres działań każdego z oferentów i sposób "
            "ich reprezentacji"
        ),
        _l("gdy składana jest oferta wspólna (art. 14 ust. 2 i 3 ustawy)"),
    ),
    (
        _l("Pełnomocnictwo do podpisania oferty i potwierdzenia jej złożenia"),
        _l("gdy podpisują je osoby inne niż uprawnione do reprezentacji według rejestru"),
    ),
)


def required_attachments() -> list[dict]:
    return [{"name": str(name), "when": str(when)} for name, when in STATUTORY_ATTACHMENTS]
