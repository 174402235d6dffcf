"""Control of the task (art. 17 of the Act; Annex 3 § 8) through /api/v1: the office records an inspection
of a signed contract, the organisation answers, the office closes it."""

from flask import jsonify, request

from grants.api import bp, current_api_user, json_body
from grants.contracts.operations import inspections as operations
from grants.contracts.queries import get_contract_for, get_inspection_for, inspections_of
from grants.formatting import iso_date, iso_warsaw


def inspection_to_api(inspection) -> dict:
    return {
        "id": inspection.id,
        "contract_id": inspection.contract_id,
        "status": inspection.status.value,
        "inspected_on": iso_date(inspection.inspected_on),
        "scope": inspection.scope,
        "findings": inspection.findings,
        "recommendations": inspection.recommendations,
        "recommendations_due": iso_date(inspection.recommendations_due),
        "answer": inspection.answer,
        "answered_at": iso_warsaw(inspection.answered_at),
        "created_at": iso_warsaw(inspection.created_at),
        "closed_at": iso_warsaw(inspection.closed_at),
    }


def _optional_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.get("/contracts/<int:contract_id>/inspections")
def contract_inspections(contract_id):
    contract = get_contract_for(current_api_user(), contract_id)
    return jsonify([inspection_to_api(i) for i in inspections_of(contract.id)])


@bp.post("/contracts/<int:contract_id>/inspections")
def record_inspection(contract_id):
    actor = current_api_user()
    contract = get_contract_for(actor, contract_id)
    inspection = operations.record_inspection(actor, contract, json_body())
    return jsonify(inspection_to_api(inspection)), 201


@bp.get("/inspections/<int:inspection_id>")
def get_inspection(inspection_id):
    return jsonify(inspection_to_api(get_inspection_for(current_api_user(), inspection_id)))


@bp.post("/inspections/<int:inspection_id>/answer")
def answer_inspection(inspection_id):
    actor = current_api_user()
    inspection = get_inspection_for(actor, inspection_id)
    return jsonify(inspection_to_api(operations.answer_inspection(actor, inspection, json_body())))


@bp.post("/inspections/<int:inspection_id>/close")
def close_inspection(inspection_id):
    actor = current_api_user()
    inspection = get_inspection_for(actor, inspection_id)
    return jsonify(inspection_to_api(operations.close_inspection(actor, inspection, _optional_body())))
