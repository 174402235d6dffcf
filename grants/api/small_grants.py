"""Small grants (art. 19a), the NGO's side and the read: create, update the draft, submit, withdraw, GET one and
the list (shared/API.md "Small grants"). The office's routes are in `small_grant_office`."""

from flask import jsonify, request
from flask_babel import gettext as _

from grants.api import bp, current_api_user, json_body
from grants.boundary import MAX_ID
from grants.errors import ValidationFailed
from grants.formatting import iso_warsaw
from grants.offers.operations import parse_lock_version, require_ngo_actor
from grants.smallgrants import queries
from grants.smallgrants.operations import drafting
from grants.smallgrants.serialize import draft_to_api, small_grant_to_api, submission_to_api, summary_to_api


def _ngo_actor():
    actor = current_api_user()
    require_ngo_actor(actor)
    return actor


def _optional_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.post("/offices/<int:office_id>/small-grants")
def create_small_grant(office_id):
    actor = _ngo_actor()
    office = queries.get_office(office_id)
    small_grant = drafting.create_small_grant(actor=actor, office=office, raw=json_body())
    return jsonify(draft_to_api(small_grant)), 201


@bp.get("/small-grants")
def list_small_grants():
    user = current_api_user()
    raw = request.args.get("organization_id")
    organization_id = None
    if raw not in (None, ""):
        if not raw.isdigit() or int(raw) > MAX_ID:
            raise ValidationFailed.one("organization_id", _("Podaj identyfikator (liczbę)."))
        organization_id = int(raw)
    return jsonify([summary_to_api(sg) for sg in queries.small_grants_for(user, organization_id)])


@bp.get("/small-grants/<int:small_grant_id>")
def get_small_grant(small_grant_id):
    user = current_api_user(required=False)
    return jsonify(small_grant_to_api(queries.get_small_grant_for(user, small_grant_id), user))


@bp.patch("/small-grants/<int:small_grant_id>")
def update_small_grant(small_grant_id):
    actor = _ngo_actor()
    small_grant = queries.get_small_grant_for_member(actor, small_grant_id)
    drafting.update_small_grant(actor=actor, small_grant=small_grant, raw=json_body())
    return jsonify(draft_to_api(small_grant))


@bp.post("/small-grants/<int:small_grant_id>/submit")
def submit_small_grant(small_grant_id):
    actor = _ngo_actor()
    small_grant = queries.get_small_grant_for_member(actor, small_grant_id)
    lock_version = parse_lock_version(_optional_body().get("lock_version"))
    version, warnings = drafting.submit_small_grant(actor=actor, small_grant=small_grant, lock_version=lock_version)
    return jsonify(submission_to_api(small_grant, version, warnings))


@bp.post("/small-grants/<int:small_grant_id>/withdraw")
def withdraw_small_grant(small_grant_id):
    actor = _ngo_actor()
    small_grant = queries.get_small_grant_for_member(actor, small_grant_id)
    drafting.withdraw_small_grant(actor=actor, small_grant=small_grant)
    return jsonify(
        {
            "id": small_grant.id,
            "status": small_grant.status.value,
            "withdrawn_at": iso_warsaw(small_grant.offer.current_version.withdrawn_at),
        }
    )
