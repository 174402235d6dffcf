"""Contracts as plain data for the API (../shared/API.md, "After the award"): money as strings with two
decimals, dates ISO."""

from grants.contracts.deadlines import Due
from grants.contracts.models import Contract, Report
from grants.extensions import db
from grants.formatting import iso_date, iso_warsaw, money_str


def tranche_to_api(tranche) -> dict:
    return {
        "n": tranche.number,
        "amount": money_str(tranche.amount),
        "due_date": iso_date(tranche.due_date),
        "paid_on": iso_date(tranche.paid_on),
    }


def cost_item_to_api(item) -> dict:
    return {
        "id": item.id,
        "action": item.action,
        "kind": item.kind,
        "name": item.name,
        "unit": item.unit,
        "quantity": money_str(item.quantity),
        "unit_cost": money_str(item.unit_cost),
        "grant_part": money_str(item.grant_part),
    }


def annex_to_api(annex) -> dict:
    return {
        "number": annex.number,
        "reason": annex.reason,
        "signed_on": iso_date(annex.signed_on),
        "changes": annex.changes,
        "created_at": iso_warsaw(annex.created_at),
    }


def contract_reports(contract: Contract) -> list[Report]:
    query = db.select(Report).where(Report.contract_id == contract.id).order_by(Report.due_date, Report.id)
    return list(db.session.scalars(query))


def report_to_api(report: Report) -> dict:
    return {
        "id": report.id,
        "kind": report.kind.value,
        "status": report.status.value,
        "due_date": iso_date(report.due_date),
    }


def due_to_api(due: Due | None) -> dict | None:
    return due.to_api() if due is not None else None


def summary_to_api(contract: Contract, due: Due | None) -> dict:
    """A row of GET /contracts."""
    return {
        "id": contract.id,
        "number": contract.number,
        "status": contract.status.value,
        "offer_id": contract.offer_id,
        "call_id": contract.call_id,
        "organization_id": contract.organization_id,
        "organization": contract.organization.name,
        "task_title": contract.task_title,
        "grant": money_str(contract.grant_amount),
        "task_start": iso_date(contract.task_start),
        "task_end": iso_date(contract.task_end),
        "signed_on": iso_date(contract.signed_on),
        "next_due": due_to_api(due),
        "overdue": bool(due is not None and due.overdue),
    }


def contract_to_api(contract: Contract, due: Due | None) -> dict:
    return {
        **summary_to_api(contract, due),
        "form": contract.form.value,
        "place": contract.place,
        "expenses_start": iso_date(contract.expenses_start),
        "expenses_end": iso_date(contract.expenses_end),
        "own_financial": money_str(contract.own_financial),
        "own_non_financial": money_str(contract.own_non_financial),
        "cost_shift_tolerance_percent": money_str(contract.cost_shift_tolerance_percent),
        "bank_account": contract.bank_account,
        "office_representatives": contract.office_representatives,
        "treasurer": contract.treasurer,
        "organization_representatives": contract.organization_representatives,
        "reporting_dates": contract.reporting_dates,
        "close_reason": contract.close_reason,
        "tranches": [tranche_to_api(t) for t in contract.tranches],
        "cost_items": [cost_item_to_api(i) for i in contract.cost_items],
        "annexes": [annex_to_api(a) for a in contract.annexes],
        "reports": [report_to_api(r) for r in contract_reports(contract)],
    }
