"""The office's pages for programmes and calls (blueprint `office`, /office).

Views stay thin: load the object (another office's is 404), check the role, turn the HTML form
into the raw dict the schema reads, call one operation, then flash and redirect. Everything the
officer typed goes back into the form when an operation refuses it.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from grants.audit.log import entries_for
from grants.calls import operations, queries
from grants.calls.models import CallForm, CallStatus, Channel
from grants.clock import now_utc, to_warsaw
from grants.errors import Conflict, ValidationFailed
from grants.formatting import date_pl, datetime_pl, money_pl, points_pl

bp = Blueprint("office", __name__, url_prefix="/office")

# The form's field names are the schema's keys, so the API and the pages speak one vocabulary.
CALL_FIELDS = (
    "title",
    "task_type",
    "programme_priority",
    "form",
    "description",
    "budget_total",
    "grant_min",
    "grant_max",
    "own_contribution_min_percent",
    "admin_costs_max_percent",
    "cost_shift_tolerance_percent",
    "award_rules",
    "task_start",
    "task_end",
    "task_conditions",
    "submission_deadline",
    "selection_procedure",
    "selection_deadline",
    "correction_days",
    "min_total_points",
    "aggregation",
    "evaluators_per_offer",
    "same_type_tasks",
)
CRITERION_FIELDS = ("code", "name", "max_points", "min_points")
PRIORITY_FIELDS = ("code", "name", "budget")
BLANK_ROWS = 3
MAX_ROWS = 60
ROW_KEY = re.compile(r"^(criteria|priorities)-(\d{1,3})-(\w+)$")

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
    "correction_days": _l("Termin na usunięcie braków formalnych (dni)"),
    "cost_shift_tolerance_percent": _l("Dopuszczalne przesunięcie między pozycjami kosztorysu (%)"),
    "min_total_points": _l("Minimalna suma punktów"),
    "aggregation": _l("Sposób ustalania oceny komisji"),
    "evaluators_per_offer": _l("Liczba oceniających jedną ofertę"),
    "programme_priority": _l("Priorytet programu współpracy"),
    "programme_priority_id": _l("Priorytet programu współpracy"),
    "criteria": _l("Kryteria oceny ofert"),
    "status": _l("Status"),
    "publications": _l("Publikacje"),
    "reason": _l("Powód"),
    "year": _l("Rok"),
    "office_id": _l("Urząd"),
    "priorities": _l("Priorytety"),
}
ACTION_LABELS = {
    "call.create": _l("Utworzenie projektu ogłoszenia"),
    "call.update": _l("Zmiana projektu ogłoszenia"),
    "call.publish": _l("Publikacja ogłoszenia"),
    "call.amend": _l("Zmiana opublikowanego ogłoszenia"),
    "call.cancel": _l("Unieważnienie konkursu (art. 18a)"),
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
    },
}
CHANNEL_LABELS = {
    "bip": _l("Biuletyn Informacji Publicznej"),
    "noticeboard": _l("Tablica ogłoszeń urzędu"),
    "website": _l("Strona internetowa urzędu"),
}
MONEY_KEYS = {"budget_total", "grant_min", "grant_max", "budget", "amount"}
PERCENT_KEYS = {"own_contribution_min_percent", "admin_costs_max_percent", "cost_shift_tolerance_percent"}
DATE_KEYS = {"task_start", "task_end", "selection_deadline"}
DATETIME_KEYS = {"submission_deadline", "published_at", "cancelled_at"}


# ---------------------------------------------------------------- access


@bp.before_request
@login_required
def officers_only():
    # Every page here is the office's: anonymous → login, other roles → 403 (raised as Forbidden).
    operations.require_officer(current_user)


# ---------------------------------------------------------------- presentation helpers (templates)


@bp.app_template_global()
def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


@bp.app_template_global()
def channel_label(channel) -> str:
    value = getattr(channel, "value", channel)
    return str(CHANNEL_LABELS.get(value, value))


@bp.app_template_global()
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@bp.app_template_global()
def value_label(key: str, value) -> str:
    value = getattr(value, "value", value)
    return str(VALUE_LABELS.get(key, {}).get(value, value))


@bp.app_template_global()
def readable_value(key: str, value):
    """A value of an audit entry or an amendment (JSON: ISO strings, amounts as text) for people.

    Returns a string, or a list of strings for lists and mappings."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("tak") if value else _("nie")
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
        return [f"{field_label(k)}: {_flat(readable_value(k, v))}" for k, v in value.items()]
    if isinstance(value, list):
        return [_flat(readable_value(key, item)) for item in value]
    try:
        if key in MONEY_KEYS:
            return money_pl(Decimal(str(value)))
        if key in PERCENT_KEYS:
            return f"{points_pl(value)}\u00a0%"
        if key in ("min_total_points", "max_points", "min_points"):
            return points_pl(value)
        if key in DATETIME_KEYS:
            return datetime_pl(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
        if key in DATE_KEYS:
            return date_pl(value if isinstance(value, date) else date.fromisoformat(str(value)))
    except (ValueError, ArithmeticError):
        return str(value)
    if key == "programme_priority_id":
        priority = queries.get_priority(value)
        return f"{priority.code} — {priority.name}" if priority else str(value)
    if key in VALUE_LABELS:
        return value_label(key, value)
    return str(value)


ROW_LABELS = {
    "criteria": (
        _l("Kryterium %(n)d"),
        {"code": _l("kod"), "name": _l("nazwa"), "max_points": _l("maks. punktów"), "min_points": _l("min. punktów")},
    ),
    "priorities": (_l("Priorytet %(n)d"), {"code": _l("kod"), "name": _l("nazwa"), "budget": _l("budżet")}),
}


@bp.app_template_global()
def labelled_errors(errors: dict) -> dict:
    """The error summary's messages prefixed with their field, so that several "required"
    messages in the summary still say which field each one is about."""
    labelled = {}
    for name, messages in (errors or {}).items():
        match = re.match(r"^(criteria|priorities|publications)-(\d+)(?:-(\w+))?$", name)
        if match and match.group(1) == "publications":
            channels = list(Channel)
            index = int(match.group(2))
            label = (
                _("Publikacja: %(channel)s", channel=channel_label(channels[index]))
                if index < len(channels)
                else field_label("publications")
            )
        elif match:
            row, parts = ROW_LABELS[match.group(1)]
            label = str(row) % {"n": int(match.group(2)) + 1}
            if match.group(3) in parts:
                label += " — " + str(parts[match.group(3)])
        else:
            label = field_label(name)
        labelled[name] = [f"{label}: {message}" for message in messages]
    return labelled


def _flat(value) -> str:
    return "; ".join(value) if isinstance(value, list) else value


def _criterion_line(item: dict) -> str:
    line = _(
        "%(name)s (%(code)s): do %(max)s pkt",
        name=item.get("name"),
        code=item.get("code"),
        max=points_pl(item.get("max_points")),
    )
    if item.get("min_points") not in (None, ""):
        line += ", " + _("minimum %(min)s pkt", min=points_pl(item.get("min_points")))
    if item.get("advisory"):
        line += ", " + _("pomocnicze")
    return line


# ---------------------------------------------------------------- form ⇄ values


def _text(value) -> str:
    # Browsers send textarea line breaks as CRLF; stored texts use LF, so a resubmitted
    # unchanged text must not count as an amendment.
    return (value or "").replace("\r\n", "\n")


def _decimal_text(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _local_input(moment: datetime | None) -> str:
    """A UTC instant as the value of an <input type=datetime-local> in Warsaw time."""
    if moment is None:
        return ""
    local = to_warsaw(moment)
    return local.strftime("%Y-%m-%dT%H:%M:%S" if local.second else "%Y-%m-%dT%H:%M")


def _rows(form, group: str, fields: tuple[str, ...], flags: tuple[str, ...] = ()) -> list[dict] | None:
    """Repeated rows `group-N-field` in their order; None when the form has no such rows at all."""
    found: dict[int, dict] = {}
    for key in form:
        match = ROW_KEY.match(key)
        if match and match.group(1) == group and int(match.group(2)) < MAX_ROWS:
            found.setdefault(int(match.group(2)), {})[match.group(3)] = _text(form.get(key)).strip()
    if not found:
        return None
    rows = []
    for index in sorted(found):
        cells = found[index]
        row = {name: cells.get(name, "") for name in fields}
        row.update({flag: flag in cells for flag in flags})
        if any(row[name] for name in fields):  # a row left blank is not a row
            rows.append(row)
    return rows


def _field_errors(error: ValidationFailed) -> dict[str, list[str]]:
    # The schema names nested fields `criteria.2.max_points`; the form names them `criteria-2-max_points`.
    return {key.replace(".", "-"): messages for key, messages in error.fields.items()}


def _read_call_form(form) -> tuple[dict, dict]:
    """(values to show again, raw dict for the operation) from a submitted call form."""
    values = {name: _text(form.get(name)) for name in CALL_FIELDS if name in form}
    raw = dict(values)
    criteria = _rows(form, "criteria", CRITERION_FIELDS, flags=("advisory",))
    if criteria is not None:
        raw["criteria"] = criteria
    values["criteria"] = criteria or []
    for name in ("reason", "office_id"):
        if name in form:
            values[name] = raw[name] = _text(form.get(name))
    return values, raw


def _with_blank_rows(rows: list[dict], fields: tuple[str, ...], flags: tuple[str, ...] = ()) -> list[dict]:
    blank = {**dict.fromkeys(fields, ""), **dict.fromkeys(flags, False)}
    return list(rows) + [dict(blank) for _row in range(BLANK_ROWS)]


def _criteria_values(criteria) -> list[dict]:
    return [
        {
            "code": c["code"],
            "name": c["name"],
            "max_points": _decimal_text(c["max_points"]),
            "min_points": _decimal_text(c["min_points"]),
            "advisory": bool(c["advisory"]),
        }
        for c in criteria
    ]


def _new_call_values() -> dict:
    return {
        "office_id": str(current_user.office_id or ""),
        "form": CallForm.wspieranie.value,
        "aggregation": "mean",
        "correction_days": "7",
        "cost_shift_tolerance_percent": "10,00",
        "criteria": _criteria_values(operations.default_criteria(CallForm.wspieranie)),
    }


def _call_values(call) -> dict:
    values = dict.fromkeys(CALL_FIELDS, "")
    for name in (
        "title",
        "task_type",
        "description",
        "award_rules",
        "task_conditions",
        "selection_procedure",
        "same_type_tasks",
    ):
        values[name] = getattr(call, name) or ""
    for name in (
        "budget_total",
        "grant_min",
        "grant_max",
        "own_contribution_min_percent",
        "admin_costs_max_percent",
        "cost_shift_tolerance_percent",
        "min_total_points",
    ):
        values[name] = _decimal_text(getattr(call, name))
    for name in ("task_start", "task_end", "selection_deadline"):
        values[name] = getattr(call, name).isoformat() if getattr(call, name) else ""
    values.update(
        {
            "submission_deadline": _local_input(call.submission_deadline),
            "form": call.form.value,
            "aggregation": call.aggregation.value,
            "programme_priority": str(call.programme_priority_id or ""),
            "correction_days": str(call.correction_days if call.correction_days is not None else ""),
            "evaluators_per_offer": str(call.evaluators_per_offer or ""),
            "criteria": _criteria_values(
                [
                    {
                        "code": c.code,
                        "name": c.name,
                        "max_points": c.max_points,
                        "min_points": c.min_points,
                        "advisory": c.advisory,
                    }
                    for c in call.criteria
                ]
            ),
        }
    )
    return values


def _create_raw(raw: dict) -> dict:
    """On create a blank field means 'not given', so the operation supplies its default (the
    statutory texts and criteria, the computed item 7)."""
    result = {key: value for key, value in raw.items() if key == "criteria" or str(value).strip()}
    if not result.get("criteria"):
        result.pop("criteria", None)
    elif _is_untouched_default(result["criteria"]):
        # The prefilled rows are the wspieranie set; left as they were, they mean "the statutory
        # criteria for the chosen form", which for powierzanie has no own-contribution criterion.
        result.pop("criteria")
    return result


def _is_untouched_default(rows: list[dict]) -> bool:
    return rows == _criteria_values(operations.default_criteria(CallForm.wspieranie))


def _priority_options(office_id: int | None) -> list[dict]:
    programmes = queries.programmes_for_office(office_id) if office_id else queries.programmes_visible_to(current_user)
    return [
        {"value": str(p.id), "label": f"{programme.year} — {programme.title}: {p.code} — {p.name}"}
        for programme in programmes
        for p in programme.priorities
    ]


def _office_options() -> list[dict] | None:
    """Only an admin may act for another office (operations.actor_office_id), so only they choose."""
    if not current_user.is_admin:
        return None
    from grants.offices.queries import all_offices

    return [{"value": str(office.id), "label": office.name} for office in all_offices()]


def _same_type_help(call=None, values: dict | None = None) -> list[dict]:
    """Item 7 as OKO computes it, shown beside the text the officer may edit."""
    if call is None:
        from grants.calls.models import Call

        task_type = (values or {}).get("task_type", "").strip()
        if not task_type or current_user.office_id is None:
            return []
        # A transient, never-added call: same_type_tasks only reads its office and type.
        call = Call(office_id=current_user.office_id, task_type=task_type)
    return queries.same_type_tasks(call, now_utc().year)


def _render_call_form(mode: str, values: dict, errors=None, call=None, status: int = 200):
    values = dict(values)
    values["criteria"] = _with_blank_rows(values.get("criteria", []), CRITERION_FIELDS, ("advisory",))
    return render_template(
        "office/call_form.html",
        mode=mode,
        values=values,
        errors=errors or {},
        call=call,
        offices=_office_options() if mode == "create" else None,
        priorities=_priority_options(call.office_id if call else current_user.office_id),
        same_type=_same_type_help(call, values),
    ), status


# ---------------------------------------------------------------- dashboard and programmes


@bp.route("/")
def dashboard():
    return render_template(
        "office/dashboard.html",
        programmes=queries.programmes_visible_to(current_user),
        calls=queries.calls_for_office(current_user),
    )


def _read_programme_form(form) -> tuple[dict, dict]:
    values = {name: _text(form.get(name)).strip() for name in ("year", "title")}
    values["priorities"] = _rows(form, "priorities", PRIORITY_FIELDS) or []
    if "office_id" in form:
        values["office_id"] = _text(form.get("office_id"))
    return values, dict(values)


def _render_programme_form(values: dict, errors=None, programme=None, status: int = 200):
    values = dict(values)
    values["priorities"] = _with_blank_rows(values.get("priorities", []), PRIORITY_FIELDS)
    return render_template(
        "office/programme_form.html",
        values=values,
        errors=errors or {},
        programme=programme,
        offices=None if programme else _office_options(),
    ), status


@bp.route("/programmes/new", methods=["GET", "POST"])
def programme_new():
    if request.method == "GET":
        return _render_programme_form(
            {
                "year": str(now_utc().year + 1),
                "title": "",
                "priorities": [],
                "office_id": str(current_user.office_id or ""),
            }
        )
    values, raw = _read_programme_form(request.form)
    try:
        programme = operations.create_programme(actor=current_user, raw=raw)
    except ValidationFailed as error:
        return _render_programme_form(values, _field_errors(error), status=422)
    flash(_("Zapisano program współpracy „%(title)s”.", title=programme.title), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
def programme_edit(programme_id: int):
    programme = queries.get_programme_for_officer(programme_id, current_user)
    if request.method == "GET":
        values = {
            "year": str(programme.year),
            "title": programme.title,
            "priorities": [
                {"code": p.code, "name": p.name, "budget": _decimal_text(p.budget)} for p in programme.priorities
            ],
        }
        return _render_programme_form(values, programme=programme)
    values, raw = _read_programme_form(request.form)
    try:
        operations.update_programme(actor=current_user, programme=programme, raw=raw)
    except ValidationFailed as error:
        return _render_programme_form(values, _field_errors(error), programme=programme, status=422)
    flash(_("Zapisano zmiany programu współpracy."), "success")
    return redirect(url_for(".dashboard"))


# ---------------------------------------------------------------- calls


@bp.route("/calls/new", methods=["GET", "POST"])
def call_new():
    if request.method == "GET":
        return _render_call_form("create", _new_call_values())
    values, raw = _read_call_form(request.form)
    try:
        call = operations.create_call(actor=current_user, raw=_create_raw(raw))
    except ValidationFailed as error:
        return _render_call_form("create", values, _field_errors(error), status=422)
    flash(_("Zapisano projekt ogłoszenia. Nie jest jeszcze widoczny publicznie."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>")
def call_detail(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    return _render_call_page(call)


def _render_call_page(call, *, errors=None, publish_values=None, cancel_values=None, status: int = 200):
    if publish_values is None:
        now_local = _local_input(now_utc().replace(second=0, microsecond=0))
        publish_values = [{"channel": channel.value, "published_at": now_local} for channel in Channel]
    return render_template(
        "office/call.html",
        call=call,
        errors=errors or {},
        publish_values=publish_values,
        cancel_values=cancel_values or {"reason": ""},
        warnings=operations.deadline_warnings(call),
        can_publish=call.can_move_to(CallStatus.published),
        can_cancel=call.can_move_to(CallStatus.cancelled),
        can_edit=call.status == CallStatus.draft,
        can_amend=call.status == CallStatus.published,
        entries=entries_for("call", call.id),
    ), status


def _back_to_call(call):
    # The publish and cancel forms live on the call's page; a refused form is re-rendered under
    # their URL, so a GET there (a reload, the language switch) goes back to that page.
    lang = request.args.get("lang")
    return redirect(url_for(".call_detail", call_id=call.id, **({"lang": lang} if lang else {})))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
def call_edit(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if call.status == CallStatus.published:
        return redirect(url_for(".call_amend", call_id=call.id))
    if call.status != CallStatus.draft:
        raise Conflict(_("Tego naboru nie można już zmieniać."), code="not_amendable")
    if request.method == "GET":
        return _render_call_form("edit", _call_values(call), call=call)
    values, raw = _read_call_form(request.form)
    try:
        operations.update_call(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        return _render_call_form("edit", values, _field_errors(error), call=call, status=422)
    flash(_("Zapisano zmiany w projekcie ogłoszenia."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/amend", methods=["GET", "POST"])
def call_amend(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if call.status == CallStatus.draft:
        return redirect(url_for(".call_edit", call_id=call.id))
    if request.method == "GET":
        return _render_call_form("amend", {**_call_values(call), "reason": ""}, call=call)
    values, raw = _read_call_form(request.form)
    raw.setdefault("reason", "")  # an amendment without the field is an amendment without a reason
    try:
        amendment = operations.update_call(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        values.setdefault("reason", "")
        return _render_call_form("amend", values, _field_errors(error), call=call, status=422)
    except Conflict as error:
        if error.code != "deadline_passed":
            raise
        # Only the deadline may no longer move; the rest of what was typed stays in the form.
        return _render_call_form("amend", values, {"submission_deadline": [error.message]}, call=call, status=409)
    if amendment is None:
        flash(_("Nie wprowadzono żadnej zmiany w ogłoszeniu."), "info")
    else:
        flash(_("Ogłoszono zmianę ogłoszenia. Jest widoczna na stronie publicznej naboru."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/publish", methods=["GET", "POST"])
def call_publish(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if request.method == "GET":
        return _back_to_call(call)
    rows = [
        {
            "channel": _text(request.form.get(f"publications-{index}-channel", channel.value)).strip(),
            "published_at": _text(request.form.get(f"publications-{index}-published_at")).strip(),
        }
        for index, channel in enumerate(Channel)
    ]
    try:
        warnings = operations.publish_call(actor=current_user, call=call, publications_raw=rows)
    except ValidationFailed as error:
        return _render_call_page(call, errors=_field_errors(error), publish_values=rows, status=422)
    flash(
        _(
            "Ogłoszenie zostało opublikowane. Nabór przyjmuje oferty do %(deadline)s.",
            deadline=datetime_pl(call.submission_deadline),
        ),
        "success",
    )
    for warning in warnings:
        flash(warning["message"], "warning")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/cancel", methods=["GET", "POST"])
def call_cancel(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if request.method == "GET":
        return _back_to_call(call)
    reason = _text(request.form.get("reason"))
    try:
        operations.cancel_call(actor=current_user, call=call, reason=reason)
    except ValidationFailed as error:
        return _render_call_page(call, errors=_field_errors(error), cancel_values={"reason": reason}, status=422)
    flash(_("Konkurs został unieważniony. Informacja z powodem jest widoczna na stronie publicznej."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/audit")
def call_audit(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    return render_template("office/audit.html", call=call, entries=entries_for("call", call.id))
