"""The office's review desk (blueprint `review_pages`): the call's formal checklist, each offer's formal check
and the publication of the list of formal outcomes. The formal check shows beside each item what OKO recorded
(the submission time against the deadline, the signed confirmation), pre-ticks what it knows, refuses a tick
against a recorded fact without a note (the operation decides) and offers "Wszystkie spełnione": a plain
submit that ticks the rest server-side and shows the form again to confirm — it saves nothing."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.calls import queries as call_queries
from grants.clock import now_utc
from grants.errors import Conflict, ValidationFailed
from grants.pages import office_call, officer_page
from grants.review import desk_list, forms, operations, pages, queries
from grants.review.labels import review_label
from grants.review.views import bp


def _render_desk(call, *, errors=None, checklist_values=None, message=None, status: int = 200):
    desk = pages.desk(call, now_utc(), desk_list.parse_filters(request.args))
    if checklist_values is None:
        checklist_values = forms.checklist_rows(call, own=not desk["checklist_is_default"])
    return render_template(
        "review/desk.html",
        call=call,
        errors=errors or {},
        message=message,
        checklist=checklist_values,
        **desk,
    ), status


@bp.get("/office/calls/<int:call_id>/review")
@officer_page
def desk(call_id: int):
    return _render_desk(office_call(call_id))


@bp.route("/office/calls/<int:call_id>/review/checklist", methods=["GET", "POST"])
@officer_page
def checklist(call_id: int):
    call = office_call(call_id)
    if request.method == "GET":
        return redirect(url_for(".desk", call_id=call.id))
    rows = forms.read_checklist_form(request.form)
    try:
        operations.set_formal_checklist(actor=current_user, call=call, raw={"items": rows})
    except ValidationFailed as error:
        return _render_desk(call, errors=forms.form_errors(error.fields), checklist_values=rows, status=422)
    except Conflict as error:
        return _render_desk(call, message=error.message, checklist_values=rows, status=409)
    flash(_("Zapisano listę kontrolną oceny formalnej."), "success")
    return redirect(url_for(".desk", call_id=call.id))


@bp.route("/office/calls/<int:call_id>/review/formal-list", methods=["GET", "POST"])
@officer_page
def publish_formal_list(call_id: int):
    call = office_call(call_id)
    if request.method == "GET":
        return redirect(url_for(".desk", call_id=call.id))
    try:
        publication = operations.publish_formal_list(actor=current_user, call=call)
    except Conflict as error:
        return _render_desk(call, message=error.message, status=409)
    flash(_("Opublikowano listę wyników oceny formalnej (wersja %(n)d).", n=publication.version), "success")
    return redirect(url_for(".desk", call_id=call.id))


def _render_formal(call, offer, values, *, errors=None, message=None, status: int = 200):
    items = queries.checklist_for(call)
    return render_template(
        "review/formal.html",
        call=call,
        offer=offer,
        values=values,
        errors=errors or {},
        error_labels=forms.formal_error_labels(items),
        message=message,
        back_args=desk_list.back_args(request.args),
        **pages.formal(call, offer, now_utc()),
    ), status


@bp.route("/office/calls/<int:call_id>/review/offers/<int:offer_id>", methods=["GET", "POST"])
@officer_page
def formal(call_id: int, offer_id: int):
    call = office_call(call_id)
    offer = queries.get_submitted_offer(offer_id, call=call)
    if request.method == "GET":
        return _render_formal(call, offer, forms.formal_values(call, offer))
    values, raw = forms.read_formal_form(call, request.form)
    if request.form.get("all_met"):
        left = forms.tick_all_met(offer, values)
        message = _("Zaznaczono wszystkie pozycje. Sprawdź wynik i zapisz — nic jeszcze nie zapisano.")
        if left:
            message = _(
                "Zaznaczono pozycje poza tymi, których OKO nie odnotowało (%(n)d). Sprawdź je i zapisz — nic "
                "jeszcze nie zapisano.",
                n=len(left),
            )
        flash(message, "warning" if left else "success")  # shown on this very page: it is rendered below
        return _render_formal(call, offer, values)
    try:
        review = operations.record_formal_review(actor=current_user, offer=offer, raw=raw)
    except ValidationFailed as error:
        return _render_formal(call, offer, values, errors=forms.form_errors(error.fields), status=422)
    except Conflict as error:
        return _render_formal(call, offer, values, message=error.message, status=409)
    flash(
        _(
            "Zapisano wynik oceny formalnej oferty „%(title)s”: %(outcome)s.",
            title=offer.title,
            outcome=review_label("formal", review.status.value),
        ),
        "success",
    )
    # Back to the desk's page and filters the check was opened from (the form posts them along).
    return redirect(url_for(".desk", call_id=call.id, **desk_list.back_args(request.args)) + f"#offer-{offer.id}")


# ================================================================ public: the list of formal outcomes


@bp.get("/calls/<int:call_id>/formal-list")
def public_formal_list(call_id: int):
    """The list the office published (its latest version): public once published, 404 before."""
    publication = queries.get_formal_list(call_id)
    call = call_queries.get_public_call(call_id)
    return render_template("review/formal_list_public.html", call=call, **pages.public_formal_list(publication))
