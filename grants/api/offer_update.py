"""After the results, through /api/v1 (shared/API.md, "After the award"): the update (aktualizacja) of an
offer awarded less than it asked for, the organisation's resignation, the office's record of a resignation
when no update came in time, and moving freed money to the next offer of the ranking."""

from flask import jsonify, request

from grants.api import bp, current_api_user, require_officer_api
from grants.calls import queries as call_queries
from grants.clock import now_utc
from grants.formatting import money_str
from grants.offers import operations as offer_operations
from grants.offers import queries as offer_queries
from grants.offers.operations.update import share_percent
from grants.review import awards
from grants.review import operations as review_operations
from grants.review import queries as review_queries


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _ngo_actor():
    actor = current_api_user()
    offer_operations.require_ngo_actor(actor)
    return actor


@bp.get("/offers/<int:offer_id>/update")
def get_update(offer_id):
    user = current_api_user()
    offer = offer_queries.get_offer_for(user, offer_id)
    view = awards.update_view(offer, awards.award_record(offer), now_utc())
    return jsonify(awards.update_to_api(offer, view))


@bp.put("/offers/<int:offer_id>/update")
def put_update(offer_id):
    actor = _ngo_actor()
    offer = offer_queries.get_offer_for_member(actor, offer_id)
    version = offer_operations.update_awarded_offer(actor=actor, offer=offer, raw=request.get_json(silent=True))
    return jsonify(
        {
            "id": offer.id,
            "status": offer.status.value,
            "version": version.number,
            "control_sum": version.control_sum,
            "control_code": version.control_code,
            "requested_grant": money_str(version.requested_grant),
            "total_cost": money_str(version.total_cost),
            "grant_share": str(share_percent(version.requested_grant, version.total_cost)),
            "results_note": version.document["update"]["results_note"],
            "lock_version": offer.lock_version,
        }
    )


@bp.post("/offers/<int:offer_id>/resign")
def resign(offer_id):
    actor = _ngo_actor()
    offer = offer_queries.get_offer_for_member(actor, offer_id)
    change = review_operations.resign(actor=actor, offer=offer, raw=_body())
    return jsonify(awards.change_to_api(change))


@bp.post("/offers/<int:offer_id>/resignation")
def record_resignation(offer_id):
    actor = require_officer_api()
    offer = review_queries.get_submitted_offer(offer_id, officer=actor)
    change = review_operations.record_resignation(actor=actor, offer=offer, raw=_body())
    return jsonify(awards.change_to_api(change))


@bp.get("/calls/<int:call_id>/awards")
def call_awards(call_id):
    actor = require_officer_api()
    call = call_queries.get_call_for_officer(call_id, actor)
    now = now_utc()
    return jsonify(
        {
            "call_id": call.id,
            "items": [awards.update_to_api(row["offer"], row) for row in awards.overview(call.id, now)],
            "changes": [awards.change_to_api(c) for c in awards.changes_of_call(call.id)],
            "free": money_str(awards.freed_money(call.id)),
            "next_offer_ids": review_operations.next_offers(call) if awards.publication_of(call.id) else [],
        }
    )


@bp.post("/calls/<int:call_id>/move-money")
def move_money(call_id):
    actor = require_officer_api()
    call = call_queries.get_call_for_officer(call_id, actor)
    change = review_operations.move_money(actor=actor, call=call, raw=_body())
    return jsonify(awards.change_to_api(change)), 201
