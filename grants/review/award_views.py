"""The office's pages after the results (blueprint `review_pages`): the update's diff against the offer as
submitted, recording a resignation when no update came in time, and moving freed money to the next offer
of the ranking. The state of each award is shown on the results page (templates/review/_awards_office.html)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.errors import Conflict, ValidationFailed
from grants.formatting import money_pl
from grants.pages import office_call, officer_page
from grants.review import forms, operations, pages, queries
from grants.review.views import _render_results, bp


def _results_anchor(call_id: int) -> str:
    return url_for(".results", call_id=call_id) + "#awards-heading"


@bp.get("/office/offers/<int:offer_id>/update")
@officer_page
def update_diff(offer_id: int):
    offer = queries.get_submitted_offer(offer_id, officer=current_user)
    return render_template("review/update_diff.html", offer=offer, call=offer.call, **pages.update_diff(offer))


@bp.post("/office/offers/<int:offer_id>/resignation")
@officer_page
def record_resignation(offer_id: int):
    offer = queries.get_submitted_offer(offer_id, officer=current_user)
    try:
        operations.record_resignation(
            actor=current_user, offer=offer, raw={"note": forms.text(request.form.get("note"))}
        )
    except (Conflict, ValidationFailed) as error:
        flash(error.message, "error")
        return redirect(_results_anchor(offer.call_id))
    flash(_("Zapisano rezygnację z dotacji: brak aktualizacji oferty w terminie."), "success")
    return redirect(_results_anchor(offer.call_id))


@bp.post("/office/calls/<int:call_id>/move-money")
@officer_page
def move_money(call_id: int):
    call = office_call(call_id)
    publication = queries.get_published_results(call.id)  # the form lives on the published results (404 before)
    values = {name: forms.text(request.form.get(name)).strip() for name in ("offer_id", "amount", "note")}
    try:
        change = operations.move_money(actor=current_user, call=call, raw=values)
    except (ValidationFailed, Conflict) as error:
        fields = forms.form_errors(error.fields) if isinstance(error, ValidationFailed) else {}
        return _render_results(
            call,
            publication,
            move_values=values,
            move_errors=fields,
            office_message=error.message,
            status=422 if isinstance(error, ValidationFailed) else 409,
        )
    flash(
        _(
            "Przyznano środki ofercie „%(title)s” (%(amount)s).",
            title=change.offer.title,
            amount=money_pl(change.amount),
        ),
        "success",
    )
    return redirect(_results_anchor(call.id))
