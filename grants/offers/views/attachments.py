"""The NGO's attachments page: adding, downloading and removing an offer's files."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.errors import Conflict, ValidationFailed
from grants.offers import operations, pages, queries, storage
from grants.offers.files import attachment_response
from grants.offers.labels import attachment_kind_options, labelled
from grants.offers.views import back, bp, ngo_page


def _render_attachments(offer, *, values=None, errors=None, status: int = 200):
    used = sum(a.size for a in offer.active_attachments)
    return render_template(
        "offers/attachments.html",
        offer=offer,
        call=offer.call,
        nav=pages.nav(offer, "attachments"),
        values=values or {"kind": "other"},
        messages=errors or {},
        summary=labelled(errors or {}),
        kinds=attachment_kind_options(),
        used=used,
        max_file=storage.MAX_FILE_BYTES,
        max_offer=storage.MAX_OFFER_BYTES,
        editable=offer.is_editable,
    ), status


@bp.route("/ngo/offers/<int:offer_id>/attachments", methods=["GET", "POST"])
@ngo_page
def attachments(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _render_attachments(offer)
    upload = request.files.get("file")
    if upload is not None and not upload.filename:
        upload = None  # the browser sends an empty part when no file was chosen
    values = {"kind": request.form.get("kind", "")}
    try:
        attachment = operations.add_attachment(
            actor=current_user,
            offer=offer,
            stream=upload.stream if upload else None,
            filename=upload.filename if upload else None,
            kind=values["kind"],
        )
    except ValidationFailed as error:
        return _render_attachments(offer, values=values, errors=error.fields, status=422)
    except storage.TooLarge as error:
        return _render_attachments(offer, values=values, errors={"file": [error.message]}, status=error.status)
    except Conflict as error:
        return _render_attachments(offer, values=values, errors={"file": [error.message]}, status=409)
    flash(_("Dodano załącznik „%(name)s”.", name=attachment.original_filename), "success")
    return redirect(url_for(".attachments", offer_id=offer.id))


@bp.get("/ngo/offers/<int:offer_id>/attachments/<int:attachment_id>")
@ngo_page
def download_attachment(offer_id: int, attachment_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    return attachment_response(queries.get_attachment_for(current_user, offer, attachment_id))


@bp.route("/ngo/offers/<int:offer_id>/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@ngo_page
def remove_attachment(offer_id: int, attachment_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return back(url_for(".attachments", offer_id=offer.id))
    attachment = queries.get_attachment_for(current_user, offer, attachment_id)
    try:
        operations.remove_attachment(actor=current_user, offer=offer, attachment=attachment)
    except Conflict as error:
        return _render_attachments(offer, errors={"file": [error.message]}, status=409)
    flash(_("Usunięto załącznik „%(name)s”.", name=attachment.original_filename), "success")
    return redirect(url_for(".attachments", offer_id=offer.id))
