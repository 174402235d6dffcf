"""The office's pages for programmes and calls (blueprint `office`, /office).

Views stay thin: load the object (another office's is 404), turn the HTML form into the raw dict
the schema reads (`calls.forms`), call one operation, then flash and redirect. Everything the
officer typed goes back into the form when an operation refuses it; what a template shows is
built by `calls.pages`.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.calls import ending, forms, office_list, operations, pages, queries
from grants.calls.models import CallStatus, CancelKind
from grants.clock import now_utc, warsaw_date
from grants.errors import Conflict, NotFound, ValidationFailed
from grants.formatting import datetime_pl
from grants.offices import operations as office_operations
from grants.offices import queries as office_queries
from grants.offices.models import Office
from grants.pages import officers_only
from grants.parsing import form_text
from grants.review import operations as review_operations

bp = Blueprint("office", __name__, url_prefix="/office")

# Every page here is the office's: anonymous → login, other roles → 403.
bp.before_request(officers_only)


def _render_call_form(mode: str, values: dict, errors=None, call=None, status: int = 200):
    context = pages.call_form(current_user, mode, values, errors=errors, call=call, year=warsaw_date(now_utc()).year)
    return render_template("office/call_form.html", **context), status


def _render_call_page(call, *, errors=None, publish_values=None, cancel_values=None, status: int = 200):
    context = pages.call_page(
        call, now_utc(), errors=errors, publish_values=publish_values, cancel_values=cancel_values
    )
    return render_template("office/call.html", **context), status


def _render_confirmation(call, act: str, **context):
    page = pages.confirmation_page(call, act, now_utc(), **context)
    return render_template("office/call_confirm.html", **page)


def _render_programme_form(values: dict, errors=None, programme=None, status: int = 200):
    context = pages.programme_form(current_user, values, errors=errors, programme=programme)
    return render_template("office/programme_form.html", **context), status


def _back_to_call(call):
    # The publish and cancel forms live on the call's page; a refused form is re-rendered under
    # their URL, so a GET there (a reload, the language switch) goes back to that page.
    lang = request.args.get("lang")
    return redirect(url_for(".call_detail", call_id=call.id, **({"lang": lang} if lang else {})))


# ---------------------------------------------------------------- dashboard and programmes


@bp.route("/")
def dashboard():
    # Unreadable filters are named beside their fields and the rest still applies (never an error page).
    filters = office_list.parse_filters(request.args)
    return render_template("office/dashboard.html", **pages.dashboard(current_user, filters))


@bp.route("/programmes/new", methods=["GET", "POST"])
def programme_new():
    if request.method == "GET":
        return _render_programme_form(forms.new_programme_values(now_utc().year + 1, current_user.office_id))
    values, raw = forms.read_programme_form(request.form)
    try:
        programme = operations.create_programme(actor=current_user, raw=raw)
    except ValidationFailed as error:
        return _render_programme_form(values, forms.form_errors(error), status=422)
    flash(_("Zapisano program współpracy „%(title)s”.", title=programme.title), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
def programme_edit(programme_id: int):
    programme = queries.get_programme_for_officer(programme_id, current_user)
    if request.method == "GET":
        return _render_programme_form(forms.programme_values(programme), programme=programme)
    values, raw = forms.read_programme_form(request.form)
    try:
        operations.update_programme(actor=current_user, programme=programme, raw=raw)
    except ValidationFailed as error:
        return _render_programme_form(values, forms.form_errors(error), programme=programme, status=422)
    flash(_("Zapisano zmiany programu współpracy."), "success")
    return redirect(url_for(".dashboard"))


# ---------------------------------------------------------------- calls


@bp.route("/calls/new", methods=["GET", "POST"])
def call_new():
    if request.method == "GET":
        return _render_call_form("create", forms.new_call_values(current_user.office_id))
    values, raw = forms.read_call_form(request.form)
    try:
        call = operations.create_call(actor=current_user, raw=forms.create_raw(raw))
    except ValidationFailed as error:
        return _render_call_form("create", values, forms.form_errors(error), status=422)
    flash(_("Zapisano projekt ogłoszenia. Nie jest jeszcze widoczny publicznie."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>")
def call_detail(call_id: int):
    return _render_call_page(queries.get_call_for_officer(call_id, current_user))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
def call_edit(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if call.status == CallStatus.published:
        return redirect(url_for(".call_amend", call_id=call.id))
    if call.status != CallStatus.draft:
        raise Conflict(_("Tego naboru nie można już zmieniać."), code="not_amendable")
    if request.method == "GET":
        return _render_call_form("edit", forms.call_values(call), call=call)
    values, raw = forms.read_call_form(request.form)
    try:
        operations.update_call(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        # A part of the form (the call page's deadline field) comes back in the whole form, the rest as stored.
        values = {**forms.call_values(call), **values}
        return _render_call_form("edit", values, forms.form_errors(error), call=call, status=422)
    flash(_("Zapisano zmiany w projekcie ogłoszenia."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/amend", methods=["GET", "POST"])
def call_amend(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    if call.status == CallStatus.draft:
        return redirect(url_for(".call_edit", call_id=call.id))
    if request.method == "GET":
        return _render_call_form("amend", {**forms.call_values(call), "reason": ""}, call=call)
    values, raw = forms.read_call_form(request.form)
    raw.setdefault("reason", "")  # an amendment without the field is an amendment without a reason
    try:
        amendment = operations.update_call(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        values.setdefault("reason", "")
        return _render_call_form("amend", values, forms.form_errors(error), call=call, status=422)
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
    """The call page's form → what publication will do, to confirm (or the refusal on the call page) → done."""
    call = queries.get_call_for_officer(call_id, current_user)
    if request.method == "GET":
        return _back_to_call(call)
    rows = forms.read_publication_form(request.form)
    try:
        if not forms.confirmed(request.form):
            publications = operations.check_publication(actor=current_user, call=call, publications_raw=rows)
            return _render_confirmation(call, "publish", publish_values=rows, publications=publications)
        warnings = operations.publish_call(actor=current_user, call=call, publications_raw=rows)
    except ValidationFailed as error:
        return _render_call_page(call, errors=forms.form_errors(error), publish_values=rows, status=422)
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
    """Unieważnienie (art. 18a, a ground chosen) or odwołanie: the form → the act to confirm → done."""
    call = queries.get_call_for_officer(call_id, current_user)
    if request.method == "GET":
        return _back_to_call(call)
    values, raw = forms.read_cancel_form(request.form)
    try:
        if not forms.confirmed(request.form):
            kind, ground = review_operations.plan_cancel(actor=current_user, call=call, raw=raw)
            return _render_confirmation(call, "cancel", cancel_values=values, kind=kind, ground=ground)
        review_operations.cancel(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        if forms.confirmed(request.form) and all(key.startswith("publications") for key in error.fields):
            # Only the publication times typed on the confirmation page: back to that page, with them.
            kind, ground = review_operations.plan_cancel(
                actor=current_user, call=call, raw={**raw, "publications": None}
            )
            return _render_confirmation(
                call, "cancel", cancel_values=values, kind=kind, ground=ground, errors=forms.form_errors(error)
            ), 422
        return _render_call_page(call, errors=forms.form_errors(error), cancel_values=values, status=422)
    if call.cancel_kind == CancelKind.cancellation:
        flash(_("Konkurs został unieważniony (art. 18a ustawy). Informacja z powodem jest publiczna."), "success")
    else:
        flash(_("Konkurs został odwołany. Informacja z powodem jest publiczna."), "success")
    return redirect(url_for(".call_detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/delete", methods=["GET", "POST"])
def call_delete(call_id: int):
    """A draft never published: what deleting it does, to confirm → deleted."""
    call = queries.get_call_for_officer(call_id, current_user)
    if request.method == "GET":
        if call.status != CallStatus.draft:
            raise Conflict(_("Usunąć można tylko projekt, którego nie opublikowano."), code="not_draft")
        return _render_confirmation(call, "delete")
    title = call.title
    ending.delete_draft(actor=current_user, call=call)
    flash(_("Usunięto projekt ogłoszenia „%(title)s”.", title=title), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/calls/<int:call_id>/audit")
def call_audit(call_id: int):
    call = queries.get_call_for_officer(call_id, current_user)
    return render_template("office/audit.html", **pages.audit_page(call))


# ---------------------------------------------------------------- the office's contract settings (Annex 3)

SETTINGS_REPRESENTATIVE_ROWS = 3


def _settings_office() -> Office | None:
    """The officer's own office; the admin picks one (?office_id=), None until then."""
    if current_user.is_admin:
        office_id = request.args.get("office_id", type=int)
        if office_id is None:
            return None
    else:
        office_id = current_user.office_id
    office = office_queries.get_office(office_id) if office_id else None
    if office is None:
        raise NotFound(_("Nie ma takiego urzędu."))
    return office


def _settings_values(office: Office) -> dict:
    values = office_operations.contract_settings(office)
    values["bank_account"] = values["bank_account"] or ""
    return values


def _render_contract_settings(office, values: dict, errors=None, status: int = 200):
    # Three rows (no JS needed); an office that already has more keeps all of them on the page.
    rows = list(values.get("representatives") or [])[: office_operations.MAX_REPRESENTATIVES]
    rows += [{"full_name": "", "function": ""} for _row in range(SETTINGS_REPRESENTATIVE_ROWS - len(rows))]
    offices = None
    if office is None:
        offices = office_queries.all_offices()
    page = render_template(
        "office/contract_settings.html",
        office=office,
        offices=offices,
        values={**values, "representatives": rows},
        errors=errors or {},
    )
    return page, status


def _settings_errors(error: ValidationFailed, kept: list[int]) -> dict[str, list[str]]:
    errors = {}
    for key, messages in error.fields.items():
        parts = key.split(".")
        if parts[0] == "representatives" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(kept):
            parts[1] = str(kept[int(parts[1])])
        errors["-".join(parts)] = messages
    return errors


@bp.route("/contract-settings", methods=["GET", "POST"])
def contract_settings():
    office = _settings_office()
    if office is None or request.method == "GET":
        return _render_contract_settings(office, _settings_values(office) if office else {})
    form = request.form
    values = {
        field: form_text(form.get(field))
        for field in ("contract_number_pattern", "treasurer", "contract_place", "bank_account", "organ_name")
        + office_operations.CONTACT_SETTINGS
    }
    typed_rows = [
        {
            "full_name": form_text(form.get(f"representatives-{i}-full_name")),
            "function": form_text(form.get(f"representatives-{i}-function")),
        }
        for i in range(office_operations.MAX_REPRESENTATIVES)
        if i < SETTINGS_REPRESENTATIVE_ROWS or f"representatives-{i}-full_name" in form
    ]
    values["representatives"] = typed_rows
    # Blank rows are skipped; an error on a kept row is shown on the row the form showed.
    kept = [i for i, row in enumerate(typed_rows) if row["full_name"].strip() or row["function"].strip()]
    raw = {**values, "representatives": [typed_rows[i] for i in kept]}
    try:
        office_operations.update_contract_settings(actor=current_user, office=office, raw=raw)
    except ValidationFailed as error:
        return _render_contract_settings(office, values, _settings_errors(error, kept), status=422)
    flash(_("Zapisano ustawienia umów urzędu. Obowiązują w umowach sporządzanych od teraz."), "success")
    args = {"office_id": office.id} if current_user.is_admin else {}
    return redirect(url_for(".contract_settings", **args))
