"""Offers through /api/v1 (shared/API.md, "Organisations and offers"): the same operations as the pages."""

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.calls import queries as call_queries
from grants.errors import ValidationFailed
from grants.formatting import iso_warsaw
from grants.offers import operations, queries
from grants.offers.files import attachment_response
from grants.offers.serialize import (
    attachment_to_api,
    call_offers_to_api,
    confirmation_to_api,
    member_view,
    offer_summary,
    offer_to_api,
    submission_to_api,
)
from grants.paging import parse_page_args

API_PAGE_SIZE = 50


def _ngo_actor():
    actor = current_api_user()
    operations.require_ngo_actor(actor)
    return actor


def _id_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise ValidationFailed.one(name, _("Podaj identyfikator (liczbę)."))
    return int(raw)


def _optional_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.post("/calls/<int:call_id>/offers")
def create_offer(call_id):
    actor = _ngo_actor()
    call = call_queries.get_public_call(call_id)
    offer = operations.create_offer(actor=actor, call=call, raw=json_body())
    return jsonify(member_view(offer)), 201


@bp.get("/calls/<int:call_id>/offers")
def call_offers(call_id):
    actor = require_officer_api()
    call = call_queries.get_call_for_officer(call_id, actor)
    offers = queries.submitted_offers_of_call(call)
    unconfirmed = request.args.get("unconfirmed") in ("1", "true", "yes")
    return jsonify(call_offers_to_api(call, offers, queries.withdrawn_count(call), unconfirmed_only=unconfirmed))


@bp.post("/calls/<int:call_id>/confirmations")
def record_confirmation(call_id):
    actor = require_officer_api()
    call = call_queries.get_call_for_officer(call_id, actor)
    confirmation = operations.record_confirmation(actor=actor, call=call, raw=json_body())
    version = confirmation.version
    return jsonify(
        {
            "id": confirmation.id,
            "offer_id": version.offer_id,
            "version": version.number,
            "control_code": version.control_code,
            **confirmation_to_api(confirmation),
        }
    ), 201


@bp.get("/offers")
def list_offers():
    """The caller's offers (`call_id` narrows them). The whole list as before unless `limit` or `after` asks
    for keyset pages: then the next page's address is in the `Link` header (rel="next") and its token in
    `X-Next-After`; the body stays a list."""
    user = current_api_user()
    paged = "limit" in request.args or "after" in request.args
    call_id = _id_arg("call_id")
    after, limit = parse_page_args(request.args, queries.LIST_ORDER, default_limit=API_PAGE_SIZE if paged else None)
    page = queries.offers_page_for(user, call_id, after=after, limit=limit)
    member_orgs = queries.member_organization_ids(user)
    response = jsonify([offer_summary(offer, user, member_orgs) for offer in page.items])
    if page.next_after:
        args = request.args.to_dict() | {"after": page.next_after, "limit": str(page.limit)}
        response.headers["Link"] = f'<{url_for("api.list_offers", **args)}>; rel="next"'
        response.headers["X-Next-After"] = page.next_after
    return response


@bp.get("/offers/<int:offer_id>")
def get_offer(offer_id):
    user = current_api_user()
    return jsonify(offer_to_api(queries.get_offer_for(user, offer_id), user))


@bp.patch("/offers/<int:offer_id>")
def update_offer(offer_id):
    actor = _ngo_actor()
    # An autosave, every few seconds of typing: read as the form's steps read the draft (partners joined).
    offer = queries.get_offer_for_member(actor, offer_id, options=queries.draft_load_options())
    operations.update_offer(actor=actor, offer=offer, raw=json_body())
    return jsonify(member_view(offer))


@bp.post("/offers/<int:offer_id>/submit")
def submit_offer(offer_id):
    actor = _ngo_actor()
    # Read as a form step reads it: the partners joined, the attachments once the submission holds the row,
    # the versions only to number another — a double click's second POST, refused `not_draft`, reads no more.
    offer = queries.get_offer_for_member(actor, offer_id, options=queries.draft_load_options())
    lock_version = operations.parse_lock_version(_optional_body().get("lock_version"))
    version = operations.submit_offer(actor=actor, offer=offer, lock_version=lock_version)
    return jsonify(submission_to_api(offer, version))


@bp.post("/offers/<int:offer_id>/withdraw")
def withdraw_offer(offer_id):
    actor = _ngo_actor()
    offer = queries.get_offer_for_member(actor, offer_id)
    version = operations.withdraw_offer(actor=actor, offer=offer)
    return jsonify(
        {
            "id": offer.id,
            "status": offer.status.value,
            "version": version.number,
            "withdrawn_at": iso_warsaw(version.withdrawn_at),
        }
    )


def _partnership_to_api(partner) -> dict:
    offer = partner.offer
    return {
        "offer_id": partner.offer_id,
        "organization_id": partner.organization_id,
        "status": partner.status.value,
        "title": offer.title,
        "call_id": offer.call_id,
        "lead_organization": {"id": offer.organization_id, "name": offer.organization.name},
        "requested_at": iso_warsaw(partner.requested_at),
    }


@bp.get("/partner-requests")
def partner_requests():
    """The joint offers that wait for the consent of one of the caller's organisations."""
    actor = _ngo_actor()
    return jsonify([_partnership_to_api(p) for p in queries.partner_requests_for(actor)])


@bp.post("/offers/<int:offer_id>/partners/<int:organization_id>/confirm")
def confirm_partner(offer_id, organization_id):
    actor = _ngo_actor()
    partner = queries.get_partnership_for(actor, offer_id, organization_id)
    operations.confirm_partnership(actor=actor, partner=partner)
    return jsonify(_partnership_to_api(partner))


@bp.post("/offers/<int:offer_id>/partners/<int:organization_id>/decline")
def decline_partner(offer_id, organization_id):
    actor = _ngo_actor()
    partner = queries.get_partnership_for(actor, offer_id, organization_id)
    body = {**_partnership_to_api(partner), "status": "declined"}
    operations.decline_partnership(actor=actor, partner=partner)
    return jsonify(body)


@bp.post("/offers/<int:offer_id>/clone")
def clone_offer(offer_id):
    actor = _ngo_actor()
    offer = queries.get_offer_for_member(actor, offer_id)
    raw = json_body().get("call_id")
    call = None
    if isinstance(raw, int) and not isinstance(raw, bool) or (isinstance(raw, str) and raw.isdigit()):
        call = call_queries.get_call(raw)
    if call is None or not call.is_public:
        raise ValidationFailed.one("call_id", _("Wskaż opublikowany nabór, do którego chcesz skopiować ofertę."))
    copy = operations.clone_offer(actor=actor, offer=offer, call=call)
    return jsonify(member_view(copy)), 201


@bp.post("/offers/<int:offer_id>/attachments")
def add_attachment(offer_id):
    actor = _ngo_actor()
    offer = queries.get_offer_for_member(actor, offer_id)
    upload = request.files.get("file")
    attachment = operations.add_attachment(
        actor=actor,
        offer=offer,
        stream=upload.stream if upload else None,
        filename=upload.filename if upload else None,
        kind=request.form.get("kind"),
    )
    return jsonify(attachment_to_api(attachment)), 201


@bp.get("/offers/<int:offer_id>/attachments/<int:attachment_id>")
def download_attachment(offer_id, attachment_id):
    user = current_api_user()
    offer = queries.get_offer_for(user, offer_id)
    return attachment_response(queries.get_attachment_for(user, offer, attachment_id))


@bp.delete("/offers/<int:offer_id>/attachments/<int:attachment_id>")
def remove_attachment(offer_id, attachment_id):
    actor = _ngo_actor()
    offer = queries.get_offer_for_member(actor, offer_id)
    attachment = queries.get_attachment_for(actor, offer, attachment_id)
    operations.remove_attachment(actor=actor, offer=offer, attachment=attachment)
    return "", 204
