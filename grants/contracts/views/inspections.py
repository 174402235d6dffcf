"""Inspection pages (control of the task, art. 17 of the Act; Annex 3 § 8): the office records an
inspection of a signed contract, the organisation answers, the office closes it. The list and the forms are
`templates/contracts/_inspections.html`, fed by the `contract_inspections` template global: shown on
`/contracts/<id>/inspections` and meant for the contract's page too."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.contracts.models import ContractStatus, InspectionStatus
from grants.contracts.operations import inspections as operations
from grants.contracts.queries import (
    get_contract_for,
    get_inspection_for,
    inspections_of,
    is_contract_officer,
    is_contract_party,
)
from grants.contracts.views import bp
from grants.errors import Conflict, ValidationFailed

FIELDS = ("inspected_on", "scope", "findings", "recommendations", "recommendations_due")


@bp.app_template_global("contract_inspections")
def contract_inspections(contract) -> dict:
    """What `contracts/_inspections.html` shows: the contract's inspections and what the viewer may do."""
    return {
        "inspections": inspections_of(contract.id),
        "officer": is_contract_officer(current_user, contract),
        "party": is_contract_party(current_user, contract),
        "signed": contract.status == ContractStatus.signed,
        "open_states": (InspectionStatus.open.value,),
    }


def _render(contract, *, status: int = 200, **form):
    return render_template(
        "contracts/inspections.html",
        contract=contract,
        inspection_values=form.get("values") or dict.fromkeys(FIELDS, ""),
        inspection_errors=form.get("errors") or {},
        inspection_message=form.get("message"),
        answer_for=form.get("answer_for"),
        answer_values=form.get("answer_values") or {},
        answer_errors=form.get("answer_errors") or {},
    ), status


def _page(contract_id: int) -> str:
    return url_for(".inspections", contract_id=contract_id) + "#inspections-heading"


@bp.get("/contracts/<int:contract_id>/inspections")
@login_required
def inspections(contract_id: int):
    return _render(get_contract_for(current_user, contract_id))


@bp.post("/contracts/<int:contract_id>/inspections")
@login_required
def record_inspection(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        operations.record_inspection(current_user, contract, values)
    except ValidationFailed as error:
        return _render(contract, values=values, errors=error.fields, message=error.message, status=422)
    except Conflict as error:
        return _render(contract, values=values, message=error.message, status=409)
    flash(_("Zapisano kontrolę. Organizacja zobaczy ustalenia i zalecenia przy umowie."), "success")
    return redirect(_page(contract.id))


@bp.post("/inspections/<int:inspection_id>/answer")
@login_required
def answer_inspection(inspection_id: int):
    inspection = get_inspection_for(current_user, inspection_id)
    contract = get_contract_for(current_user, inspection.contract_id)
    values = {"answer": request.form.get("answer", "")}
    try:
        operations.answer_inspection(current_user, inspection, values)
    except ValidationFailed as error:
        return _render(contract, answer_for=inspection.id, answer_values=values, answer_errors=error.fields, status=422)
    except Conflict as error:
        return _render(contract, message=error.message, status=409)
    flash(_("Wysłano odpowiedź na wyniki kontroli."), "success")
    return redirect(_page(contract.id))


@bp.post("/inspections/<int:inspection_id>/close")
@login_required
def close_inspection(inspection_id: int):
    inspection = get_inspection_for(current_user, inspection_id)
    contract = get_contract_for(current_user, inspection.contract_id)
    try:
        operations.close_inspection(current_user, inspection)
    except Conflict as error:
        return _render(contract, message=error.message, status=409)
    flash(_("Zamknięto kontrolę."), "success")
    return redirect(_page(contract.id))
