"""The after-award API: settlement (../shared/API.md, "After the award") — the contract's settlement, the
returns and findings the office records, and the interest-rate table the admin keeps."""

from flask import jsonify

from grants.api import bp, current_api_user, json_body
from grants.contracts.operations import rates as rate_operations
from grants.contracts.operations import settlement as operations
from grants.contracts.queries import get_contract_for, require_contract_officer
from grants.contracts.settlement_view import (
    contract_settlement,
    finding_to_api,
    findings_of,
    return_to_api,
    returns_of,
    settlement_to_api,
)


def _contract(contract_id: int):
    user = current_api_user()
    return user, get_contract_for(user, contract_id)


@bp.get("/contracts/<int:contract_id>/settlement")
def contract_settlement_api(contract_id):
    """The office and the parties: what was paid and used, what is to return, by when, with interest to today."""
    _user, contract = _contract(contract_id)
    return jsonify(settlement_to_api(contract_settlement(contract)))


@bp.get("/contracts/<int:contract_id>/returns")
def contract_returns(contract_id):
    _user, contract = _contract(contract_id)
    return jsonify([return_to_api(r) for r in returns_of(contract)])


@bp.post("/contracts/<int:contract_id>/returns")
def record_contract_return(contract_id):
    user, contract = _contract(contract_id)
    require_contract_officer(user, contract)
    row = operations.record_return(actor=user, contract=contract, raw=json_body())
    body = return_to_api(row)
    body["settlement"] = settlement_to_api(contract_settlement(contract))
    return jsonify(body), 201


@bp.get("/contracts/<int:contract_id>/findings")
def contract_findings(contract_id):
    _user, contract = _contract(contract_id)
    return jsonify([finding_to_api(f) for f in findings_of(contract)])


@bp.post("/contracts/<int:contract_id>/findings")
def record_contract_finding(contract_id):
    user, contract = _contract(contract_id)
    require_contract_officer(user, contract)
    row = operations.record_finding(actor=user, contract=contract, raw=json_body())
    body = finding_to_api(row)
    body["settlement"] = settlement_to_api(contract_settlement(contract))
    return jsonify(body), 201


# ---------------------------------------------------------------- the interest-rate table


@bp.get("/interest-rates")
def interest_rates():
    """Any signed-in user: the rates the settlement's interest is computed with."""
    current_api_user()
    return jsonify([rate_operations.rate_to_api(r) for r in rate_operations.all_rates()])


@bp.post("/interest-rates")
def create_interest_rate():
    user = current_api_user()
    rate_operations.require_admin(user)
    row = rate_operations.create_rate(actor=user, raw=json_body())
    return jsonify(rate_operations.rate_to_api(row)), 201


@bp.patch("/interest-rates/<int:rate_id>")
def update_interest_rate(rate_id):
    user = current_api_user()
    rate_operations.require_admin(user)
    row = rate_operations.update_rate(actor=user, rate=rate_operations.get_rate(rate_id), raw=json_body())
    return jsonify(rate_operations.rate_to_api(row))
