"""The NGO's pages after the results: the update (aktualizacja) of an offer awarded less than it asked for —
one form with the offer form's rows (III.4, III.5–6, V.A, V.B), prefilled from the current version, with
the award, the deadline and the sums recomputed by the server on "Przelicz" (no JavaScript needed) — and
the resignation from the grant, after a confirmation."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.clock import now_utc
from grants.errors import Conflict, ValidationFailed
from grants.offers import estimate, operations, queries, schema
from grants.offers.figures import offer_estimate
from grants.offers.form import nothing_read
from grants.offers.labels import labelled
from grants.offers.pages import figure_texts, live
from grants.offers.update_form import form_errors, read_update_form, update_values, with_blank_rows
from grants.offers.views import back, bp, ngo_page
from grants.review import awards
from grants.review import operations as review_operations


def _render_update(offer, values: dict, reading=None, *, errors=None, message=None, status: int = 200):
    record = awards.award_record(offer)
    now = now_utc()
    view = awards.update_view(offer, record, now)
    # Open while due, and after an update until the window closes (a second update replaces the first).
    can_update = view.get("state") == "due" or (view.get("state") == "updated" and now < view["closes_at"])
    shown = live(offer, reading or nothing_read(), check=False)
    baseline = view.get("baseline_version")
    return render_template(
        "offers/update.html",
        offer=offer,
        call=offer.call,
        view=view,
        values=values,
        live=shown,
        actions=[a for a in values.get("actions", []) if a.get("name")],
        messages={**(errors or {})},
        summary=labelled(errors or {}),
        message=message,
        baseline_figures=figure_texts_of(baseline),
        years=_years(offer),
        can_update=can_update,
    ), status


def _years(offer) -> list[int]:
    """A task over several years splits each cost line by year (Annex 1, V.A)."""
    years = estimate.task_years(schema.typed_content(offer.current_version.document["content"]))
    return years if len(years) > 1 else []


def figure_texts_of(version) -> dict | None:
    if version is None:
        return None
    _typed, result, _problems = offer_estimate(version.offer, version.document["content"])
    return figure_texts(result)


@bp.route("/ngo/offers/<int:offer_id>/update", methods=["GET", "POST"])
@ngo_page
def update(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _render_update(offer, update_values(offer))
    reading = read_update_form(request.form)
    values = with_blank_rows(reading.values)
    if request.form.get("go") != "submit":  # "Przelicz": the sums of what was typed, nothing saved
        return _render_update(offer, values, reading)
    try:
        version = operations.update_awarded_offer(actor=current_user, offer=offer, raw=reading.raw)
    except ValidationFailed as error:
        errors = form_errors(error.fields, reading)
        return _render_update(offer, values, reading, errors=errors, message=error.message, status=422)
    except Conflict as error:
        return _render_update(offer, values, reading, message=error.message, status=409)
    flash(
        _(
            "Złożono aktualizację oferty (wersja %(n)d, kod kontrolny %(code)s). Urząd sporządzi umowę na jej "
            "podstawie.",
            n=version.number,
            code=version.control_code,
        ),
        "success",
    )
    return redirect(url_for(".summary", offer_id=offer.id))


@bp.route("/ngo/offers/<int:offer_id>/resign", methods=["GET", "POST"])
@ngo_page
def resign(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    record = awards.award_record(offer)
    if request.method == "GET":
        return render_template("offers/resign.html", offer=offer, call=offer.call, record=record, values={}, errors={})
    note = request.form.get("note", "")
    if request.form.get("confirm") != "yes":
        errors = {"confirm": [_("Zaznacz, że rezygnujesz z dotacji — tej decyzji nie można cofnąć w OKO.")]}
        return render_template(
            "offers/resign.html", offer=offer, call=offer.call, record=record, values={"note": note}, errors=errors
        ), 422
    try:
        review_operations.resign(actor=current_user, offer=offer, raw={"note": note})
    except ValidationFailed as error:
        return render_template(
            "offers/resign.html",
            offer=offer,
            call=offer.call,
            record=record,
            values={"note": note},
            errors=error.fields,
        ), 422
    except Conflict as error:
        flash(error.message, "error")
        return back(url_for(".summary", offer_id=offer.id))
    flash(_("Zapisano rezygnację z dotacji. Urząd może przekazać środki kolejnej ofercie z rankingu."), "success")
    return redirect(url_for(".summary", offer_id=offer.id))
