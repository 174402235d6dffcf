"""The report's document (Annex 5 of Dz.U. 2018 poz. 2057; art. 18 ust. 4 of the Act) from a submitted
version: exactly what its control sum covers (grants.contracts.operations.reports.build_document, format
oko-report/1), as the builder `grants.documents.context.award_documents.report` reads it.

Who may see it: whoever may see the report (the contract's office and its parties; anyone else: not found).
A report never submitted has no document yet (409 not_submitted)."""

from decimal import Decimal

from flask_babel import gettext as _

from grants.contracts import simplified_report
from grants.contracts.models import Report
from grants.contracts.queries import get_report_for
from grants.documents.loading import Source, header_for
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import iso_warsaw, money_str
from grants.offices.models import Office


def report_access(object_id: int, user) -> Report:
    report = get_report_for(user, object_id)
    if report.current_version is None:
        raise Conflict(
            _("Sprawozdanie nie zostało jeszcze złożone: jego dokument powstaje ze złożonej wersji."),
            code="not_submitted",
        )
    return report


def _amount(value) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except ArithmeticError:
        return Decimal(0)


def report_source(document: dict, *, control_sum: str, control_code: str, submitted_at: str | None) -> dict:
    """A frozen version as the report builder's input."""
    content = document.get("content") or {}
    computed = document.get("computed") or {}
    contract = document.get("contract") or {}
    spent = {row.get("cost_item_id"): row for row in content.get("expenses") or []}
    simplified = document.get("form") == simplified_report.FORM  # a small grant's (poz. 2055 Annex 2)
    expenses = []
    numbers = {"": 0, "admin": 0}
    for line in document.get("lines") or []:
        group = "admin" if line.get("kind") == "admin" else ""
        numbers[group] += 1
        row = spent.get(line.get("cost_item_id"), {})
        name = line.get("name") or ""
        if line.get("action"):
            name = f"{name} ({line['action']})"
        expense = {
            # Annex 5 II.1 mirrors V.A of the offer: I. the actions' costs, II. administrative costs.
            "lp": f"{'II' if group else 'I'}.{numbers[group]}",
            "name": name,
            "planned_total": line.get("planned_total"),
            "actual_total": row.get("actual_total", "0.00"),
            "planned_grant": line.get("planned_grant"),
            "actual_grant": row.get("actual_grant", "0.00"),
        }
        if simplified:  # one list of cost lines, each with "of which other sources"
            expense = simplified_report.with_other_sources({**expense, "lp": str(len(expenses) + 1)})
            expense.update({key: money_str(expense[key]) for key in ("planned_other", "actual_other")})
        expenses.append(expense)
    sources = content.get("sources") or {}
    own_financial = _amount(sources.get("own_financial")) + _amount(sources.get("other_public"))
    own_non_financial = _amount(sources.get("personal")) + _amount(sources.get("in_kind"))
    planned_financial = _amount(contract.get("own_financial"))
    planned_non_financial = _amount(contract.get("own_non_financial"))
    fees = content.get("fees") or {}
    fee_amount = _amount(fees.get("amount"))
    fee_text = (fees.get("description") or "").strip()
    if fee_amount:
        fee_text = f"{money_str(fee_amount)} zł" + (f" — {fee_text}" if fee_text else "")
    return {
        "organization": document.get("organization") or {},
        "contract": contract,
        "report": {
            "simplified": simplified,
            "kind": document.get("kind"),
            "submitted_at": submitted_at,
            "period_start": document.get("period_start"),
            "period_end": document.get("period_end"),
            "results_description": content.get("results_description"),
            "results": content.get("results") or [],
            "actions_description": content.get("actions_description"),
            "expenses": expenses,
            "sources_planned": {
                "grant": contract.get("grant") or computed.get("planned_grant"),
                "own": money_str(planned_financial + planned_non_financial),
                "own_financial": money_str(planned_financial),
                "own_non_financial": money_str(planned_non_financial),
            },
            "sources_actual": {
                "grant": computed.get("actual_grant"),
                "own": money_str(own_financial + own_non_financial),
                "own_financial": money_str(own_financial),
                "own_non_financial": money_str(own_non_financial),
            },
            "contributions": {
                "other_public": sources.get("other_public"),
                "personal": sources.get("personal"),
                "in_kind": sources.get("in_kind"),
            },
            "other_income": content.get("other_revenue") or "",
            "beneficiary_fees_info": fee_text,
            "additional_info": content.get("additional_information") or "",
            "attachments": content.get("attachments") or [],
        },
        "version": {
            "number": document.get("version"),
            "control_sum": control_sum,
            "control_code": control_code,
            "submitted_at": submitted_at,
        },
    }


def load_report(object_id: int, user) -> Source:
    """Report `object_id`'s latest submitted version."""
    report = report_access(object_id, user)
    version = report.current_version
    data = report_source(
        version.document,
        control_sum=version.control_sum,
        control_code=version.control_code,
        submitted_at=iso_warsaw(version.submitted_at),
    )
    data["header"] = header_for(db.session.get(Office, report.contract.office_id))
    return Source(data=data, office_id=report.contract.office_id)
