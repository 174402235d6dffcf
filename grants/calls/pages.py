"""What the office's call and programme templates are given: each builder returns the context of one
template, read through the queries; the views only choose which one to render."""

from datetime import datetime

from flask import current_app, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from grants.audit.log import entries_for
from grants.calls import forms, office_list, queries
from grants.calls.labels import PRIORITY_KEY
from grants.calls.models import Call, CallStatus
from grants.calls.office_list import NEAR_DEADLINE
from grants.calls.operations import days_text, deadline_warnings, publication_warnings, short_deadline_warning
from grants.calls.rules import days_for_offers, earliest_deadline
from grants.clock import now_utc, warsaw_date
from grants.contracts.contract_pages import priority_figures
from grants.errors import FieldErrors
from grants.offices.queries import all_offices
from grants.parsing import parse_datetime
from grants.programmes.labels import status_label
from grants.programmes.queries import programme_years


def dashboard(user, filters: office_list.Filters, now: datetime | None = None) -> dict:
    """The office's desk (issues 11 and 13): the calls first — those waiting for the office on top, each with
    its next step, then the rest in keyset pages with filters — then the programmes. The offer counts of
    every call shown come from one grouped statement, whatever the number of calls."""
    now = now or now_utc()
    today = warsaw_date(now)
    choices = office_list.filter_choices(user, today)
    office_list.check_task_type(filters, choices["task_types"])
    # The short list of what waits is the desk's first page; a search or a later page is about other calls.
    show_waiting = not filters.narrowed and filters.after is None
    waiting, waiting_total = office_list.waiting_calls(user, now) if show_waiting else ([], 0)
    page = office_list.calls_page(user, filters, now)
    counts = queries.offer_counts([call.id for call in waiting + page.items])
    action_rows = sorted((call_row(call, counts.get(call.id), now) for call in waiting), key=lambda row: row["order"])
    programmes = queries.programmes_visible_to(user)
    return {
        "show_waiting": show_waiting,
        "action_rows": action_rows,
        "waiting_total": waiting_total,
        "other_rows": [call_row(call, counts.get(call.id), now) for call in page.items],
        "page": page,
        "filters": filters,
        "choices": choices,
        "phases": phase_options(),
        "programmes": programmes,
        # Where each programme's year stands (issue 9): draft, consultation, consulted, adopted.
        "programme_status": {
            year.programme.id: (year.status(today), status_label(year.status(today)))
            for year in programme_years(programmes)
        },
        # Per priority: planned (the budget), awarded (standing awards) and paid (tranches paid) — issue 8.
        "figures": priority_figures(programmes),
    }


def phase_options() -> list[tuple[str, str]]:
    """The desk's phase filter in the words of the calls' badges."""
    return [
        ("waiting", _("czeka na urząd")),
        ("draft", _("projekt — niewidoczny publicznie")),
        ("open", _("otwarty — przyjmuje oferty")),
        ("closed", _("zamknięty — termin składania ofert minął")),
        ("under_review", _("w ocenie")),
        ("resolved", _("rozstrzygnięty")),
        ("cancelled", _("unieważniony lub odwołany")),
    ]


def call_row(call: Call, counts: dict | None, now: datetime) -> dict:
    """One call on the desk: its offer counts and the next step, a link (`action`, None when nothing waits for
    the office), in the order the desk lists them (`order`: the stage, then the deadline)."""
    counts = counts or {"submitted": 0, "accepted": 0, "rejected": 0, "to_check": 0, "decided": False}
    phase = call.phase(now)
    step, action, url, stage = _next_step(call, phase, counts, now)
    return {
        "call": call,
        "counts": counts if phase != "draft" else None,
        "step": step,
        "action": action,
        "url": url,
        "order": (stage, call.submission_deadline),
    }


def _next_step(call: Call, phase: str, counts: dict, now: datetime) -> tuple[str, str | None, str | None, int]:
    """(what stands, the next action's words or None, its link, the stage's place on the desk)."""
    page = url_for("office.call_detail", call_id=call.id)
    review_desk = url_for("review_pages.desk", call_id=call.id)
    ranking = url_for("review_pages.ranking", call_id=call.id)
    if phase == "draft":
        return _("Projekt ogłoszenia."), _("Sprawdź i opublikuj ogłoszenie"), page, 1
    if phase == "published":
        if call.submission_deadline - now <= NEAR_DEADLINE:
            step = _("Przyjmuje oferty; do terminu zostało mniej niż %(n)d dni.", n=NEAR_DEADLINE.days)
            return step, _("Zobacz ogłoszenie"), page, 2
        return _("Przyjmuje oferty."), None, page, 9
    if phase in ("closed", "under_review") and counts["submitted"] == 0:
        return (
            _("Nie wpłynęła żadna oferta."),
            _("Unieważnij konkurs (art. 18a ust. 1 pkt 1 ustawy)"),
            page,
            3,
        )
    if phase in ("closed", "under_review") and counts["to_check"]:
        return (
            _("Ocena formalna: do sprawdzenia %(n)d z %(all)d.", n=counts["to_check"], all=counts["submitted"]),
            _("Przejdź do oceny formalnej"),
            review_desk,
            3,
        )
    if phase == "under_review" and not counts["decided"]:
        return (
            _("Ocena formalna zakończona; ocena merytoryczna komisji."),
            _("Komisja, ranking i decyzja o wyborze ofert"),
            ranking + "#decision-heading",
            4,
        )
    if phase == "under_review":
        return (
            _("Decyzja o wyborze ofert zapisana; wyniki nieogłoszone."),
            _("Ogłoś wyniki (art. 15 ust. 2h ustawy)"),
            ranking + "#publish-heading",
            5,
        )
    if phase == "closed":  # every offer checked, yet the review has not been opened: the committee's turn
        committee = url_for("review_pages.committee", call_id=call.id)
        return _("Ocena formalna zakończona."), _("Powołaj komisję i rozdziel oferty"), committee, 4
    if phase == "resolved":
        return _("Wyniki ogłoszone."), None, url_for("review_pages.results", call_id=call.id), 9
    return _("Konkurs unieważniony."), None, page, 9


# ---------------------------------------------------------------- the call form


def call_form(user, mode: str, values: dict, *, errors=None, call: Call | None = None, year: int) -> dict:
    """The create/edit/amend form; `year` is this year, for the computed item 7 of a new call."""
    values = dict(values)
    values["criteria"] = forms.with_blank_rows(
        values.get("criteria", []), forms.CRITERION_FIELDS, forms.CRITERION_FLAGS
    )
    errors = errors or {}
    # A published call's deadline is judged against its own publication (an error, not a warning).
    warning = None if mode == "amend" else short_deadline_warning(typed_deadline(values), now_utc())
    marked = {forms.step_of(key) for key in errors}
    return {
        "mode": mode,
        "values": values,
        "errors": errors,
        "deadline_warning": warning,
        "steps": [
            {"key": step, "error": step in marked, "warning": warning is not None and step == "dates"}
            for step, _fields in forms.CALL_STEPS
        ],
        "call": call,
        "offices": office_options(user) if mode == "create" else None,
        "priorities": priority_options(user, call.office_id if call else user.office_id),
        "same_type": same_type_help(user, year, call, values),
    }


def typed_deadline(values: dict):
    """The deadline the form holds, if it reads as one (a typo is the schema's error, not a warning)."""
    text = values.get("submission_deadline") or ""
    if not text.strip():
        return None
    errors = FieldErrors()
    return parse_datetime(errors, "submission_deadline", text)


def priority_options(user, office_id: int | None) -> list[dict]:
    programmes = queries.programmes_for_office(office_id) if office_id else queries.programmes_visible_to(user)
    return [
        {"value": str(p.id), "label": f"{programme.year} — {programme.title}: {p.code} — {p.name}"}
        for programme in programmes
        for p in programme.priorities
    ]


def office_options(user) -> list[dict] | None:
    """Only an admin may act for another office (operations.actor_office_id), so only they choose."""
    if not user.is_admin:
        return None
    return [{"value": str(office.id), "label": office.name} for office in all_offices()]


def same_type_help(user, year: int, call: Call | None = None, values: dict | None = None) -> list[dict]:
    """Item 7 as OKO computes it, shown beside the text the officer may edit."""
    if call is None:
        task_type = (values or {}).get("task_type", "").strip()
        if not task_type or user.office_id is None:
            return []
        # A transient, never-added call: same_type_tasks only reads its office and type.
        call = Call(office_id=user.office_id, task_type=task_type)
    return queries.same_type_tasks(call, year)


# ---------------------------------------------------------------- the call's page and history


def call_page(call: Call, now: datetime, *, errors=None, publish_values=None, cancel_values=None) -> dict:
    """The officer's page of one call: the announcement, the publish and cancel forms, the history."""
    entries = entries_for("call", call.id)
    errors = errors or {}
    warnings = deadline_warnings(call, now)
    short = "submission_deadline" in errors or any(w["code"] == "deadline_too_short" for w in warnings)
    return {
        "call": call,
        "errors": errors,
        # A draft whose deadline is under the 21 days gets the field on its page (the edit form's, in short).
        "deadline_form": {
            "value": forms.local_input(call.submission_deadline),
            "earliest": format_datetime(earliest_deadline(now), "d MMMM y, HH:mm"),
        }
        if short and call.status == CallStatus.draft
        else None,
        "publish_values": publish_values if publish_values is not None else forms.publication_values(now),
        "cancel_values": {"reason": "", "ground": "withdrawal", **(cancel_values or {})},
        "warnings": warnings,
        "can_publish": call.can_move_to(CallStatus.published),
        "can_cancel": call.can_move_to(CallStatus.cancelled),
        "can_edit": call.status == CallStatus.draft,
        "can_delete": call.status == CallStatus.draft,
        "can_amend": call.status == CallStatus.published,
        "entries": entries,
        "priorities": priority_names(call, entries),
    }


def confirmation_page(call: Call, act: str, now: datetime, **context) -> dict:
    """The page before an irreversible act on a call (publish, cancel or withdraw, delete): what it will do."""
    page = {"call": call, "act": act, "now": now, "errors": {}, **context}
    if act == "publish":
        publications = context["publish_values"]
        page["warnings"] = publication_warnings(call)
        last = max(context["publications"].values())  # the 21 days run from the last of the three
        page["deadline_days"] = days_text(days_for_offers(call.submission_deadline, last))
        page["publish_values"] = publications
    elif act == "cancel":
        page["cancel_values"] = {**context["cancel_values"]}
        page["cancel_values"].setdefault("publications", forms.publication_values(now))
        page["offers_started"] = queries.offers_started_count(call.id)
    return page


def audit_page(call: Call) -> dict:
    entries = entries_for("call", call.id)
    return {"call": call, "entries": entries, "priorities": priority_names(call, entries)}


def public_call_page(call_id: int) -> dict:
    call, formal_list_at = queries.public_call_for_page(call_id)
    return {"call": call, "priorities": priority_names(call), "formal_list_at": formal_list_at}


def office_filter_options(offices: list[tuple[int, str]], selected: int | None):
    """The office filter's <option>s (templates/public/_filters.html). Those of the unfiltered list are kept
    with the choices they show (`public_list.filter_choices` keeps that list object while the choices stand):
    at 300 offices, 600 escaped values a page. Office names are the same in every language."""
    macro = current_app.jinja_env.get_template("public/_filters.html").module.office_options
    if selected is not None:
        return macro(offices, selected)
    kept = current_app.extensions.get("oko_office_options")
    if kept is None or kept[0] is not offices:
        kept = (offices, macro(offices, None))
        current_app.extensions["oko_office_options"] = kept
    return kept[1]


def priority_names(call: Call, entries=()) -> dict[int, str]:
    """`code — name` of every programme priority the call's amendments and audit entries name by id,
    for `labels.readable_value` (which reads no database)."""
    return entry_priority_names([*call.amendments, *entries])


def entry_priority_names(changes) -> dict[int, str]:
    """`priority_names` of any changes with `before` and `after` (an office-wide page of the audit log)."""
    found: set[int] = set()
    for change in changes:
        _collect_priority_ids(None, change.before, found)
        _collect_priority_ids(None, change.after, found)
    return {p.id: f"{p.code} — {p.name}" for p in queries.priorities_by_id(found)} if found else {}


def _collect_priority_ids(key, value, found: set[int]) -> None:
    # Walks values the way readable_value does: a mapping's keys name its values, a list's items keep its key.
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            _collect_priority_ids(inner_key, inner, found)
    elif isinstance(value, list):
        for item in value:
            _collect_priority_ids(key, item, found)
    elif key == PRIORITY_KEY and not isinstance(value, bool) and str(value).isdigit():
        found.add(int(value))


# ---------------------------------------------------------------- programmes


def programme_form(user, values: dict, *, errors=None, programme=None) -> dict:
    values = dict(values)
    values["priorities"] = forms.with_blank_rows(values.get("priorities", []), forms.PRIORITY_FIELDS)
    return {
        "values": values,
        "errors": errors or {},
        "programme": programme,
        "offices": None if programme else office_options(user),
    }
