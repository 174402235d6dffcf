"""Reports as the API writes them (../shared/API.md, "After the award"). The NGO (a party) reads its draft
(`content`, `lock_version`); the office reads submitted versions only, never the draft."""

from grants.clock import now_utc, warsaw_date
from grants.contracts import report_content
from grants.contracts.models import Report, ReportStatus
from grants.contracts.queries import is_contract_party
from grants.extensions import db
from grants.formatting import iso_date, iso_warsaw

EDITABLE = (ReportStatus.draft, ReportStatus.returned)


def version_to_api(version, *, document: bool = True) -> dict:
    data = {
        "number": version.number,
        "control_sum": version.control_sum,
        "control_code": version.control_code,
        "submitted_at": iso_warsaw(version.submitted_at),
    }
    if document:
        data["document"] = version.document
    return data


def report_summary(report: Report) -> dict:
    today = warsaw_date(now_utc())
    return {
        "id": report.id,
        "contract_id": report.contract_id,
        "kind": report.kind.value,
        "status": report.status.value,
        "due_date": iso_date(report.due_date),
        "period_start": iso_date(report.period_start),
        "period_end": iso_date(report.period_end),
        "demanded_on": iso_date(report.demanded_on),
        "overdue": report.status in EDITABLE and today > report.due_date,
        "version": report.current_version.number if report.current_version else None,
    }


def report_to_api(report: Report, user) -> dict:
    data = {
        **report_summary(report),
        "contract_number": report.contract.number,
        "review": {
            "note": report.review_note,
            "reviewed_at": iso_warsaw(report.reviewed_at),
        },
        "current_version": version_to_api(report.current_version) if report.current_version else None,
        "versions": [version_to_api(v, document=False) for v in report.versions],
    }
    if is_contract_party(user, report.contract):
        content = report_content.normalised(report.contract, report.content)
        data["lock_version"] = report.lock_version
        data["content"] = content
        data["computed"] = report_content.figures(report.contract, content).as_strings()
    return data


def submission_to_api(report: Report, version) -> dict:
    return {"id": report.id, "status": report.status.value, "version": version.number, **version_to_api(version)}


def reports_of(contract) -> list[Report]:
    return db.session.scalars(
        db.select(Report).where(Report.contract_id == contract.id).order_by(Report.created_at, Report.id)
    ).all()


def reports_for_contract(contract) -> list[dict]:
    """The `reports` of GET /api/v1/contracts/{id}: a summary of each (the contract's readers may see it)."""
    return [report_summary(r) for r in reports_of(contract)]
