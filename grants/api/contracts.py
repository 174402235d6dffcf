"""The after-award API: contracts (../shared/API.md, "After the award") — drawing up from an awarded offer,
signing, annexes, termination, tranches paid, the lists with what is due — through the same operations as
the pages (grants.contracts.operations.contracts)."""

from flask import jsonify, request

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.clock import now_utc, warsaw_date
from grants.contracts import contract_data, deadlines, listing
from grants.contracts.operations import annexes
from grants.contracts.operations import contracts as operations
from grants.contracts.queries import get_contract_for


def _body() -> dict:
    """An optional JSON object (a POST that needs nothing may come without a body)."""
    return json_body() if request.get_data() else {}


def _contract_answer(contract, status: int = 200):
    today = warsaw_date(now_utc())
    office = listing.is_office_view(current_api_user())
    due = deadlines.next_due_for([contract], today, office=office)[contract.id]
    return jsonify(contract_data.contract_to_api(contract, due)), status


def _officer_contract(contract_id: int):
    actor = require_officer_api()
    return actor, get_contract_for(actor, contract_id)


@bp.post("/offers/<int:offer_id>/contract")
def draw_up_contract(offer_id):
    actor = require_officer_api()
    contract = operations.draw_up(actor=actor, offer_id=offer_id, raw=json_body())
    return jsonify({"id": contract.id, "number": contract.number, "status": contract.status.value}), 201


@bp.get("/contracts")
def list_contracts():
    user = current_api_user()
    args = listing.parse_list_args(request.args)
    page = listing.contracts_page(
        user,
        today=warsaw_date(now_utc()),
        status=args.status,
        due=args.due,
        year=args.year,
        q=args.q,
        after=args.after,
        limit=args.limit,
    )
    return jsonify(
        {
            "items": [contract_data.summary_to_api(c, page.next_due.get(c.id)) for c in page.contracts],
            "next_after": page.next_after,
            "limit": page.limit,
        }
    )


@bp.get("/contracts/<int:contract_id>")
def get_contract(contract_id):
    contract = get_contract_for(current_api_user(), contract_id)
    return _contract_answer(contract)


@bp.patch("/contracts/<int:contract_id>")
def update_contract(contract_id):
    actor, contract = _officer_contract(contract_id)
    operations.update_draft(actor=actor, contract=contract, raw=json_body())
    return _contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/sign")
def sign_contract(contract_id):
    actor, contract = _officer_contract(contract_id)
    body = _body()
    signed_on = body.get("signed_on") or warsaw_date(now_utc()).isoformat()
    operations.sign(actor=actor, contract=contract, signed_on=signed_on)
    return _contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/cancel")
def cancel_contract(contract_id):
    actor, contract = _officer_contract(contract_id)
    operations.cancel(actor=actor, contract=contract, reason=json_body().get("reason"))
    return _contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/terminate")
def terminate_contract(contract_id):
    actor, contract = _officer_contract(contract_id)
    body = json_body()
    operations.terminate(actor=actor, contract=contract, reason=body.get("reason"), on=body.get("on"))
    return _contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/annexes")
def add_contract_annex(contract_id):
    actor, contract = _officer_contract(contract_id)
    body = json_body()
    annex = annexes.add_annex(
        actor=actor,
        contract=contract,
        reason=body.get("reason"),
        signed_on=body.get("signed_on"),
        changes=body.get("changes"),
    )
    return jsonify(contract_data.annex_to_api(annex)), 201


@bp.post("/contracts/<int:contract_id>/tranches/<int:number>/paid")
def record_tranche_paid(contract_id, number):
    actor, contract = _officer_contract(contract_id)
    tranche = operations.record_tranche_paid(
        actor=actor, contract=contract, n=number, paid_on=json_body().get("paid_on")
    )
    return jsonify(contract_data.tranche_to_api(tranche))
