"""The office's offer pages: a call's submitted offers and their recorded confirmations, the frozen
offer with its files, and the development outbox."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.errors import Conflict, NotFound, ValidationFailed
from grants.offers import office_list as listing
from grants.offers import office_rows, operations, pages, queries
from grants.offers.files import attachment_response
from grants.offers.labels import labelled
from grants.offers.serialize import office_view
from grants.offers.views import back, bp
from grants.pages import office_call, officer_page

CONFIRMATION_FIELDS = ("control_code", "received_at", "channel")


def _render_office_list(call, *, values=None, errors=None, status: int = 200):
    filters = listing.parse_filters(request.args)
    page = listing.offers_page(call, filters)
    return render_template(
        "offers/office_list.html",
        call=call,
        figures=listing.call_figures(call),
        items=page.items,
        rows=office_rows.rows(page.items, call.id),
        page=page,
        filters=filters,
        values=values or dict.fromkeys(CONFIRMATION_FIELDS, ""),
        messages=errors or {},
        summary=labelled(errors or {}),
    ), status


@bp.get("/office/calls/<int:call_id>/offers")
@officer_page
def office_list(call_id: int):
    return _render_office_list(office_call(call_id))


@bp.route("/office/calls/<int:call_id>/confirmations", methods=["GET", "POST"])
@officer_page
def office_confirm(call_id: int):
    call = office_call(call_id)
    if request.method == "GET":
        return back(url_for(".office_list", call_id=call.id))
    values = {name: (request.form.get(name) or "").strip() for name in CONFIRMATION_FIELDS}
    try:
        confirmation = operations.record_confirmation(actor=current_user, call=call, raw=dict(values))
    except ValidationFailed as error:
        return _render_office_list(call, values=values, errors=error.fields, status=422)
    except Conflict as error:
        return _render_office_list(call, values=values, errors={"control_code": [error.message]}, status=409)
    version = confirmation.version
    flash(
        _(
            "Zarejestrowano potwierdzenie oferty „%(title)s” (kod %(code)s, wersja %(n)d).",
            title=version.document["content"]["title"],
            code=version.control_code,
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for(".office_list", call_id=call.id) + f"#offer-{version.offer_id}")


def _office_offer(call, offer_id: int):
    offer = queries.get_offer_for(current_user, offer_id)
    if offer.call_id != call.id or offer.current_version is None:
        raise NotFound(_("Nie ma takiej oferty."))
    return offer


@bp.get("/office/calls/<int:call_id>/offers/<int:offer_id>")
@officer_page
def office_offer(call_id: int, offer_id: int):
    call = office_call(call_id)
    offer = _office_offer(call, offer_id)
    return render_template(
        "offers/office_offer.html",
        call=call,
        offer=offer,
        data=office_view(offer),
        pdf_available=pages.pdf_available("offer"),
    )


@bp.get("/office/calls/<int:call_id>/offers/<int:offer_id>/attachments/<int:attachment_id>")
@officer_page
def office_attachment(call_id: int, offer_id: int, attachment_id: int):
    call = office_call(call_id)
    offer = _office_offer(call, offer_id)
    return attachment_response(queries.get_attachment_for(current_user, offer, attachment_id))


def _local_outbox():
    # Only the development/test outbox (no MAIL_SERVER: messages stay here as .eml files) is browsable;
    # with a real mail server the messages are people's mail, not something for office staff to read.
    if current_app.config.get("MAIL_SERVER"):
        raise NotFound(_("Nie ma takiej strony."))


@bp.get("/office/outbox")
@officer_page
def outbox():
    _local_outbox()
    return render_template("offers/outbox.html", messages=queries.outbox_messages(current_user))


@bp.get("/office/outbox/<int:mail_id>")
@officer_page
def outbox_message(mail_id: int):
    _local_outbox()
    return render_template("offers/outbox_message.html", message=queries.get_outbox_message(current_user, mail_id))
