"""The review pages (blueprint `review_pages`): the office's review desk (formal check), committee,
ranking with the decision and the results; the committee member's "Moja ocena" (declarations, score
sheets); the public results with the art. 15 ust. 2i justification form; the NGO's outcome partial.

Views stay thin, like the call and offer pages: load the object (another office's call is 404), check the
role, turn the HTML form into the raw dict the API would send (`forms`), call ONE operation of
grants.review.operations, then flash and redirect. A refused form is shown again with what was typed and
the message at its field; the rest of a page's data comes from `pages`. No scoring, money or deadline rule
lives here.
"""

from functools import wraps

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.calls import queries as call_queries
from grants.clock import now_utc
from grants.errors import Conflict, Forbidden, ValidationFailed
from grants.extensions import limiter
from grants.pages import office_call, officer_page
from grants.review import forms, member_pages, member_queries, operations, pages, queries, ranking_list, rules

bp = Blueprint("review_pages", __name__)


# ---------------------------------------------------------------- access


def evaluator_page(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_evaluator:
            raise Forbidden(_("Tę stronę widzą członkowie komisji konkursowej."))
        return view(*args, **kwargs)

    return wrapped


@bp.after_request
def private_pages(response):
    # Offers, scores and drafts of decisions are private; the public results page may be cached by nobody
    # either (it carries a form with a CSRF token).
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _committee_call(call_id: int):
    """(call, my active membership) for a committee member; not on the committee → 403."""
    return member_queries.get_call_and_seat(call_id, current_user)


# ================================================================ the office: committee


def _render_committee(
    call,
    *,
    errors=None,
    member_values=None,
    assign_values=None,
    settings_values=None,
    record_values=None,
    message=None,
    status: int = 200,
):
    return render_template(
        "review/committee.html",
        call=call,
        errors=errors or {},
        message=message,
        members=member_values if member_values is not None else forms.committee_rows(call),
        assign_values=assign_values or forms.assign_values(call),
        settings=settings_values or forms.settings_values(call),
        rung_options=forms.rung_options(call),
        record=record_values or forms.record_values(call),
        **pages.committee(call),
    ), status


@bp.get("/office/calls/<int:call_id>/committee")
@officer_page
def committee(call_id: int):
    return _render_committee(office_call(call_id))


@bp.post("/office/calls/<int:call_id>/committee")
@officer_page
def appoint(call_id: int):
    call = office_call(call_id)
    rows, raw, positions = forms.read_committee_form(request.form)
    try:
        operations.appoint_committee(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        return _render_committee(
            call, errors=forms.committee_errors(error.fields, positions), member_values=rows, status=422
        )
    except Conflict as error:
        return _render_committee(call, message=error.message, member_values=rows, status=409)
    flash(_("Zapisano skład komisji konkursowej."), "success")
    return redirect(url_for(".committee", call_id=call.id))


@bp.post("/office/calls/<int:call_id>/committee/assignments")
@officer_page
def assign(call_id: int):
    call = office_call(call_id)
    values, raw = forms.read_assign_form(request.form)
    try:
        result = operations.assign_offers(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        return _render_committee(call, errors=forms.form_errors(error.fields), assign_values=values, status=422)
    except Conflict as error:
        return _render_committee(call, message=error.message, assign_values=values, status=409)
    assigned = len(result["assignments"])
    flash(_("Przydzielono oferty członkom komisji (liczba przydziałów: %(n)d).", n=assigned), "success")
    for warning in result["warnings"]:
        flash(pages.assignment_warning(warning), "warning")
    return redirect(url_for(".committee", call_id=call.id) + "#assignments-heading")


@bp.post("/office/calls/<int:call_id>/committee/settings")
@officer_page
def settings(call_id: int):
    call = office_call(call_id)
    values, raw = forms.read_settings_form(call, request.form)
    try:
        operations.update_review_settings(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        errors = forms.settings_errors(error.fields, values)
        return _render_committee(call, errors=errors, settings_values=values, status=422)
    except Conflict as error:
        return _render_committee(call, message=error.message, settings_values=values, status=409)
    flash(_("Zapisano zasady oceny."), "success")
    return redirect(url_for(".committee", call_id=call.id) + "#settings-heading")


@bp.post("/office/calls/<int:call_id>/committee/record")
@officer_page
def committee_record(call_id: int):
    call = office_call(call_id)
    values, raw = forms.read_record_form(request.form)
    try:
        operations.update_committee_record(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        return _render_committee(call, errors=forms.form_errors(error.fields), record_values=values, status=422)
    flash(_("Zapisano dane do protokołu komisji."), "success")
    return redirect(url_for(".committee", call_id=call.id) + "#record-heading")


# ================================================================ ranking, decision, results (office + chair)


def _render_ranking(
    call,
    *,
    errors=None,
    publish_values=None,
    cancel_values=None,
    message=None,
    message_at=None,
    status: int = 200,
):
    return render_template(
        "review/ranking.html",
        call=call,
        officer=current_user.is_officer,
        errors=errors or {},
        message=message,
        message_at=message_at,
        publish_values=publish_values or forms.publish_values(),
        cancel_values=cancel_values or {"reason": ""},
        **pages.ranking(call, current_user, ranking_list.parse_filters(request.args)),
    ), status


@bp.get("/review/calls/<int:call_id>/ranking")
@login_required
def ranking(call_id: int):
    return _render_ranking(queries.get_call_for_ranking(call_id, current_user))


def _render_decision(call, *, errors=None, values=None, message=None, status: int = 200):
    """The decision form: every offer of the ranking at once (the decision covers them all), apart from the
    ranking's pages."""
    decision = queries.latest_decision(call)
    page = pages.decision(call, decision)
    return render_template(
        "review/decision.html",
        call=call,
        errors=errors or {},
        message=message,
        values=values if values is not None else forms.decision_values(page["rows"], decision),
        **page,
    ), status


@bp.route("/office/calls/<int:call_id>/decision", methods=["GET", "POST"])
@officer_page
def decision(call_id: int):
    call = office_call(call_id)
    if request.method == "GET":
        return _render_decision(call)
    values, raw, positions = forms.read_decision_form(request.form)
    try:
        created = operations.record_decision(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        return _render_decision(call, errors=forms.decision_errors(error.fields, positions), values=values, status=422)
    except Conflict as error:
        if error.code == "over_budget":  # said at the total, where the amounts are added up
            return _render_decision(call, values=values, errors={"total": [error.message]}, status=409)
        return _render_decision(call, values=values, message=error.message, status=409)
    flash(_("Zapisano decyzję o wyborze ofert (wersja %(v)d).", v=created.version), "success")
    return redirect(url_for(".ranking", call_id=call.id) + "#decision-heading")


@bp.post("/office/calls/<int:call_id>/results/publish")
@officer_page
def publish_results(call_id: int):
    call = office_call(call_id)
    rows = forms.read_publications(request.form)
    try:
        if request.form.get("confirm") != "yes":  # first what will happen, then the act (it cannot be undone)
            context = pages.publish_confirmation(call, rows, now_utc())
            return render_template("review/publish_confirm.html", call=call, **context)
        operations.publish_results(actor=current_user, call=call, raw={"publications": rows})
    except ValidationFailed as error:
        return _render_ranking(call, errors=forms.form_errors(error.fields), publish_values=rows, status=422)
    except Conflict as error:
        return _render_ranking(call, message=error.message, publish_values=rows, status=409)
    flash(_("Ogłoszono wyniki konkursu. Oferenci otrzymają wiadomość e-mail."), "success")
    return redirect(url_for(".results", call_id=call.id))


@bp.post("/office/calls/<int:call_id>/cancel-no-valid-offers")
@officer_page
def cancel_no_valid(call_id: int):
    call = office_call(call_id)
    reason = forms.text(request.form.get("reason"))
    try:
        operations.cancel_for_no_valid_offers(actor=current_user, call=call, reason=reason)
    except ValidationFailed as error:
        return _render_ranking(
            call, errors=forms.form_errors(error.fields), cancel_values={"reason": reason}, status=422
        )
    except Conflict as error:
        return _render_ranking(call, message=error.message, cancel_values={"reason": reason}, status=409)
    flash(_("Konkurs został unieważniony (art. 18a ustawy). Oferenci otrzymają wiadomość e-mail."), "success")
    return redirect(url_for("office.call_detail", call_id=call.id))


def _render_sheets(call, offer, *, errors=None, message=None, status: int = 200):
    return render_template(
        "review/sheets.html",
        call=call,
        offer=offer,
        errors=errors or {},
        message=message,
        **pages.sheets(call, offer, current_user),
    ), status


@bp.get("/review/calls/<int:call_id>/offers/<int:offer_id>/sheets")
@login_required
def sheets(call_id: int, offer_id: int):
    """Every member's score sheet of an offer: the office and the committee chair (who may reopen one)."""
    call = queries.get_call_for_ranking(call_id, current_user)
    offer = queries.get_submitted_offer(offer_id, call=call)
    # KPA art. 24: nobody's sheet before the declaration, the chair's neither — the form first.
    refusal = queries.sheets_read_refusal(current_user, offer)
    if refusal is not None:
        if refusal.code == "declaration_required":
            return _render_declaration(call, offer, message=refusal.message, then="sheets")
        raise refusal
    return _render_sheets(call, offer)


@bp.post("/review/calls/<int:call_id>/offers/<int:offer_id>/sheets/<int:user_id>/reopen")
@evaluator_page
def reopen(call_id: int, offer_id: int, user_id: int):
    call, _member = _committee_call(call_id)
    offer = queries.get_submitted_offer(offer_id, call=call)
    reason = forms.text(request.form.get("reason"))
    try:
        operations.reopen_score(actor=current_user, offer=offer, member_user_id=user_id, raw={"reason": reason})
    except ValidationFailed as error:
        return _render_sheets(call, offer, errors={f"reason-{user_id}": error.fields.get("reason", [])}, status=422)
    except Conflict as error:
        if error.code == "declaration_required":
            return _render_declaration(call, offer, message=error.message, then="sheets", status=409)
        return _render_sheets(call, offer, message=error.message, status=409)
    flash(_("Otwarto kartę oceny do poprawy. Powód zapisano w dzienniku audytu."), "success")
    return redirect(url_for(".sheets", call_id=call.id, offer_id=offer.id))


# ================================================================ the office: justification requests


def _render_justifications(call, *, errors=None, answer_values=None, message=None, status: int = 200):
    return render_template(
        "review/justifications.html",
        call=call,
        errors=errors or {},
        message=message,
        answer_values=answer_values or {},
        **pages.justifications(call),
    ), status


@bp.get("/office/calls/<int:call_id>/justifications")
@officer_page
def justifications(call_id: int):
    return _render_justifications(office_call(call_id))


@bp.post("/office/calls/<int:call_id>/justifications/<int:request_id>")
@officer_page
def answer(call_id: int, request_id: int):
    call = office_call(call_id)
    request_ = queries.get_justification_request(call, request_id)
    text = forms.text(request.form.get("answer"))
    try:
        operations.answer_justification(actor=current_user, request=request_, raw={"answer": text})
    except ValidationFailed as error:
        return _render_justifications(
            call,
            errors={f"answer-{request_id}": error.fields.get("answer", [])},
            answer_values={request_id: text},
            status=422,
        )
    except Conflict as error:
        return _render_justifications(call, message=error.message, status=409)
    flash(_("Wysłano uzasadnienie do %(who)s.", who=request_.requester), "success")
    return redirect(url_for(".justifications", call_id=call.id))


# ================================================================ committee member: "Moja ocena"


# The desk (/review/) and a call's work list (/review/calls/<id>) are in member_views.


def _render_declaration(call, offer, *, message=None, errors=None, values=None, then=None, status: int = 200):
    return render_template(
        "review/declaration.html",
        call=call,
        offer=offer,
        then=then,
        message=message,
        errors=errors or {},
        values=values or {"reason": ""},
    ), status


@bp.post("/review/calls/<int:call_id>/offers/<int:offer_id>/declaration")
@evaluator_page
def declare(call_id: int, offer_id: int):
    call, _member = _committee_call(call_id)
    offer = queries.get_submitted_offer(offer_id, call=call)
    impartial = request.form.get("impartial") == "yes"
    reason = forms.text(request.form.get("reason"))
    then = "sheets" if request.form.get("then") == "sheets" else None  # the chair came from the score sheets
    try:
        declaration, _created, effects = operations.declare(
            actor=current_user, call=call, raw={"offer_id": offer.id, "impartial": impartial, "reason": reason or None}
        )
    except ValidationFailed as error:
        return _render_declaration(
            call, offer, errors=forms.form_errors(error.fields), values={"reason": reason}, then=then, status=422
        )
    except Conflict as error:
        return _render_declaration(call, offer, message=error.message, values={"reason": reason}, then=then, status=409)
    if impartial and then == "sheets":
        flash(_("Złożono oświadczenie o bezstronności. Możesz zapoznać się z kartami oceny tej oferty."), "success")
        return redirect(url_for(".sheets", call_id=call.id, offer_id=offer.id))
    if impartial:
        flash(_("Złożono oświadczenie o bezstronności. Możesz zapoznać się z ofertą i ją ocenić."), "success")
        return redirect(url_for(".score", call_id=call.id, offer_id=offer.id))
    flash(_("Zgłoszono okoliczność wyłączającą (art. 24 KPA). Nie oceniasz tej oferty."), "success")
    for warning in effects.get("warnings", []):
        flash(pages.assignment_warning(warning), "warning")
    return redirect(url_for(".my_call", call_id=call.id))


def _render_score(call, offer, member, values, *, errors=None, message=None, status: int = 200):
    return render_template(
        "review/score.html",
        call=call,
        offer=offer,
        member=member,
        values=values,
        errors=errors or {},
        message=message,
        **pages.score(call, offer, member, current_user),
    ), status


@bp.route("/review/calls/<int:call_id>/offers/<int:offer_id>", methods=["GET", "POST"])
@evaluator_page
def score(call_id: int, offer_id: int):
    call, member = _committee_call(call_id)
    offer = queries.get_submitted_offer(offer_id, call=call)
    # KPA art. 24: no content before the declaration — the domain says which refusal applies.
    refusal = queries.committee_read_refusal(current_user, offer)
    if refusal is not None:
        if refusal.code == "declaration_required":
            return _render_declaration(call, offer, message=refusal.message)
        raise refusal
    if request.method == "GET":
        return _render_score(call, offer, member, forms.sheet_values(queries.sheet_for(member.id, offer.id)))
    values, raw = forms.read_score_form(call, request.form)
    try:
        sheet = operations.save_score(actor=current_user, offer=offer, raw=raw)
    except ValidationFailed as error:
        errors = member_pages.score_errors(error.fields, call.criteria)
        return _render_score(call, offer, member, values, errors=errors, status=422)
    except Conflict as error:
        if error.code == "already_final":  # show what is locked, not what was typed over it
            values = forms.sheet_values(queries.sheet_for(member.id, offer.id))
        return _render_score(call, offer, member, values, message=error.message, status=409)
    if sheet.is_final:
        flash(
            _("Zatwierdzono kartę oceny. Zmienić ją może już tylko przewodniczący komisji, otwierając ją ponownie."),
            "success",
        )
    else:
        flash(_("Zapisano wersję roboczą karty oceny."), "success")
    return redirect(url_for(".score", call_id=call.id, offer_id=offer.id))


# ================================================================ public: results (art. 15 ust. 2h–2i)


def _render_results(call, publication, *, errors=None, values=None, message=None, status: int = 200, **office):
    now = now_utc()
    return render_template(
        "review/results.html",
        call=call,
        errors=errors or {},
        message=message,
        values=values or {"requester": "", "email": "", "offer_id": "", "text": ""},
        office=pages.awards_office(call, current_user, now),
        move_values=office.get("move_values") or {"amount": "", "note": ""},
        move_errors=office.get("move_errors") or {},
        office_message=office.get("office_message"),
        **pages.results(call, publication, now),
    ), status


@bp.get("/calls/<int:call_id>/results")
def results(call_id: int):
    publication = queries.get_published_results(call_id)
    return _render_results(call_queries.get_public_call(call_id), publication)


@bp.post("/calls/<int:call_id>/results/justification")
@limiter.limit(rules.public_write_limit)
def request_justification(call_id: int):
    publication = queries.get_published_results(call_id)
    call = call_queries.get_public_call(call_id)
    values = {name: forms.text(request.form.get(name)).strip() for name in ("requester", "email", "offer_id", "text")}
    raw = {**values, "offer_id": values["offer_id"] or None}
    try:
        operations.request_justification(call=call, raw=raw)
    except ValidationFailed as error:
        return _render_results(call, publication, errors=forms.form_errors(error.fields), values=values, status=422)
    except Conflict as error:
        return _render_results(call, publication, message=error.message, values=values, status=409)
    flash(_("Przyjęliśmy żądanie uzasadnienia. Potwierdzenie wysłaliśmy na podany adres e-mail."), "success")
    return redirect(url_for(".results", call_id=call.id))


from grants.review import (  # noqa: E402,F401  routes register on bp
    award_views,
    evaluation_views,
    formal_views,
    member_views,
)
