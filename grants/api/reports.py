"""The after-award API: reports (../shared/API.md, "After the award"; art. 18 of the Act, Annex 5).

The NGO creates the final report (`POST /contracts/{id}/reports`, kind "final"; kind "partial" answers the
office's demand), edits the draft with `PATCH /reports/{id}` (the fields given are replaced; `lock_version`
optional) and submits it; the office demands partial reports and reviews the submitted ones."""

from flask import jsonify, request

from grants.api import bp, current_api_user, json_body
from grants.contracts import report_serialize as serialize
from grants.contracts.operations import reports as operations
from grants.contracts.queries import get_contract_for, get_report_for


def _optional_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.post("/contracts/<int:contract_id>/reports")
def create_report(contract_id):
    actor = current_api_user()
    contract = get_contract_for(actor, contract_id)
    report, created = operations.create_report(actor, contract, json_body())
    return jsonify(serialize.report_to_api(report, actor)), 201 if created else 200


@bp.get("/contracts/<int:contract_id>/reports")
def contract_reports(contract_id):
    actor = current_api_user()
    contract = get_contract_for(actor, contract_id)
    return jsonify(serialize.reports_for_contract(contract))


@bp.post("/contracts/<int:contract_id>/reports/demand")
def demand_report(contract_id):
    actor = current_api_user()
    contract = get_contract_for(actor, contract_id)
    body = json_body()
    report = operations.demand_partial(
        actor, contract, body.get("due_date"), body.get("period_start"), body.get("period_end")
    )
    return jsonify(serialize.report_to_api(report, actor)), 201


@bp.get("/reports/<int:report_id>")
def get_report(report_id):
    actor = current_api_user()
    return jsonify(serialize.report_to_api(get_report_for(actor, report_id), actor))


@bp.patch("/reports/<int:report_id>")
def update_report(report_id):
    actor = current_api_user()
    report = get_report_for(actor, report_id)
    operations.update_report(actor, report, json_body())
    return jsonify(serialize.report_to_api(report, actor))


@bp.post("/reports/<int:report_id>/submit")
def submit_report(report_id):
    actor = current_api_user()
    report = get_report_for(actor, report_id)
    version = operations.submit_report(actor, report, lock_version=_optional_body().get("lock_version"))
    return jsonify(serialize.submission_to_api(report, version))


@bp.put("/reports/<int:report_id>/review")
def review_report(report_id):
    actor = current_api_user()
    report = get_report_for(actor, report_id)
    body = json_body()
    operations.review_report(actor, report, body.get("outcome"), body.get("note"))
    return jsonify(serialize.report_to_api(report, actor))
