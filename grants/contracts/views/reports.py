"""Report pages of the after-award half (art. 18 of the Act; Annex 5): the NGO's report form (autosaved by
static/js/report.js, a plain form without it), the submission with a confirmation step, the report with its
versions; the office's review of the frozen version and its demand for a partial report. The contract's page
shows `templates/contracts/_reports.html`, fed by the `contract_reports` template global below."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.clock import now_utc, warsaw_date
from grants.contracts import report_content, report_pages
from grants.contracts.models import ContractStatus, ReportKind, ReportStatus
from grants.contracts.operations import reports as operations
from grants.contracts.queries import (
    get_contract_for,
    get_report_for,
    is_contract_officer,
    is_contract_party,
    require_contract_officer,
)
from grants.contracts.report_labels import kind_label, labelled, status_label
from grants.contracts.report_serialize import reports_of
from grants.contracts.views import bp
from grants.documents.kinds import KINDS
from grants.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grants.formatting import date_pl, datetime_pl, full_stop

EDITABLE = (ReportStatus.draft, ReportStatus.returned)


@bp.app_template_global("contract_reports")
def contract_reports(contract) -> dict:
    """What `contracts/_reports.html` shows on a contract's page: its reports and what the viewer may do."""
    party = is_contract_party(current_user, contract)
    reports = reports_of(contract)
    return {
        "reports": reports,
        "party": party,
        "officer": is_contract_officer(current_user, contract),
        "signed": contract.status == ContractStatus.signed,
        "can_start_final": party
        and contract.status == ContractStatus.signed
        and not any(r.kind == ReportKind.final for r in reports),
        "today": warsaw_date(now_utc()),
    }


def _pdf_available() -> bool:
    kind = KINDS.get("report")
    return kind is not None and kind.load is not None


def _party_report(report_id: int):
    report = get_report_for(current_user, report_id)
    if not is_contract_party(current_user, report.contract):
        raise Forbidden(_("Sprawozdanie wypełnia organizacja, która jest stroną umowy."))
    return report


# ---------------------------------------------------------------- the contract's reports


@bp.get("/contracts/<int:contract_id>/reports")
@login_required
def contract_report_list(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    return render_template("contracts/report_list.html", contract=contract)


@bp.post("/contracts/<int:contract_id>/reports/final")
@login_required
def start_final_report(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    existing = operations.final_report_of(contract)
    if existing is not None and is_contract_party(current_user, contract):
        return redirect(url_for(".report", report_id=existing.id))
    report, _created = operations.create_report(current_user, contract, {"kind": "final"})
    flash(
        full_stop(_("Utworzono sprawozdanie końcowe. Termin złożenia: %(date)s", date=date_pl(report.due_date))),
        "success",
    )
    return redirect(url_for(".report_form", report_id=report.id))


@bp.route("/contracts/<int:contract_id>/reports/demand", methods=["GET", "POST"])
@login_required
def demand_report(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    require_contract_officer(current_user, contract)
    today = warsaw_date(now_utc())
    values = {
        "due_date": operations.deadlines.partial_report_earliest_due(today).isoformat(),
        "period_start": contract.task_start.isoformat(),
        "period_end": min(today, contract.task_end).isoformat(),
    }
    if request.method == "GET":
        return render_template("contracts/report_demand.html", contract=contract, values=values, messages={})
    values = {name: (request.form.get(name) or "").strip() for name in values}
    try:
        report = operations.demand_partial(
            current_user, contract, values["due_date"], values["period_start"], values["period_end"]
        )
    except ValidationFailed as error:
        return render_template(
            "contracts/report_demand.html",
            contract=contract,
            values=values,
            messages=error.fields,
            summary=labelled(error.fields),
        ), 422
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".contract_report_list", contract_id=contract.id))
    flash(_("Wezwano organizację do złożenia sprawozdania częściowego."), "success")
    return redirect(url_for(".report", report_id=report.id))


# ---------------------------------------------------------------- one report


@bp.get("/reports/<int:report_id>")
@login_required
def report(report_id: int):
    report = get_report_for(current_user, report_id)
    contract = report.contract
    return render_template(
        "contracts/report.html",
        report=report,
        contract=contract,
        party=is_contract_party(current_user, contract),
        officer=is_contract_officer(current_user, contract),
        version=report.current_version,
        rows=report_pages.version_rows(report.current_version.document) if report.current_version else [],
        changed=report_pages.changed_parts(report, report.current_version) if report.current_version else [],
        values={"outcome": "", "note": ""},
        messages={},
        pdf_available=_pdf_available(),
        editable=report.status in EDITABLE,
    )


@bp.get("/reports/<int:report_id>/versions/<int:number>")
@login_required
def report_version(report_id: int, number: int):
    report = get_report_for(current_user, report_id)
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        raise NotFound(_("Nie ma takiej wersji sprawozdania."))
    return render_template(
        "contracts/report_version.html",
        report=report,
        contract=report.contract,
        version=version,
        rows=report_pages.version_rows(version.document),
    )


def _render_form(report, content, *, messages=None, status=200, conflict=None):
    contract = report.contract
    return render_template(
        "contracts/report_form.html",
        report=report,
        contract=contract,
        content=content,
        rows=report_pages.form_rows(contract, content),
        figures=report_content.figures(contract, content),
        messages=messages or {},
        summary=labelled(messages or {}),
        conflict=conflict,
        lock_version=report.lock_version,
        editable=report.status in EDITABLE,
    ), status


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def report_form(report_id: int):
    report = _party_report(report_id)
    contract = report.contract
    if request.method == "GET":
        if report.status not in EDITABLE:
            return redirect(url_for(".report", report_id=report.id))
        return _render_form(report, report_content.normalised(contract, report.content))
    raw = report_pages.raw_from_form(request.form, contract)
    raw["lock_version"] = request.form.get("lock_version")
    try:
        operations.update_report(current_user, report, raw)
    except ValidationFailed as error:
        return _render_form(
            report, report_pages.typed_content(contract, report.content, raw), messages=error.fields, status=422
        )
    except Conflict as error:
        if error.code != "edit_conflict":
            flash(error.message, "error")
            return redirect(url_for(".report", report_id=report.id))
        return _render_form(
            report, report_pages.typed_content(contract, report.content, raw), conflict=error.message, status=409
        )
    if request.form.get("go") == "submit":
        return redirect(url_for(".report_submit", report_id=report.id))
    flash(_("Zapisano sprawozdanie (wersja robocza)."), "success")
    return redirect(url_for(".report_form", report_id=report.id))


@bp.post("/reports/<int:report_id>/autosave")
@login_required
def report_autosave(report_id: int):
    """report.js: the same form saved in the background; JSON answers (errors as the API's)."""
    report = _party_report(report_id)
    contract = report.contract
    raw = report_pages.raw_from_form(request.form, contract)
    raw["lock_version"] = request.form.get("lock_version")
    try:
        operations.update_report(current_user, report, raw)
    except ValidationFailed as error:
        return jsonify({"error": error.code, "message": error.message, "fields": error.fields}), 422
    except Conflict as error:
        return jsonify({"error": error.code, "message": error.message}), 409
    return jsonify(
        {
            "lock_version": report.lock_version,
            "saved_at": datetime_pl(report.updated_at).split(", ")[-1].replace("godz. ", ""),
            "computed": report_pages.saved_figures(contract, report.content),
        }
    )


@bp.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@login_required
def report_submit(report_id: int):
    report = _party_report(report_id)
    contract = report.contract
    content = report_content.normalised(contract, report.content)
    problems = report_content.submission_errors(contract, content).fields if report.status in EDITABLE else {}
    if request.method == "POST":
        try:
            version = operations.submit_report(current_user, report, lock_version=request.form.get("lock_version"))
        except ValidationFailed as error:
            problems = error.fields
        except Conflict as error:
            flash(error.message, "error")
            return redirect(url_for(".report", report_id=report.id))
        else:
            flash(
                _(
                    "Złożono sprawozdanie (wersja %(n)d, kod kontrolny %(code)s).",
                    n=version.number,
                    code=version.control_code,
                ),
                "success",
            )
            return redirect(url_for(".report", report_id=report.id))
    return render_template(
        "contracts/report_submit.html",
        report=report,
        contract=contract,
        content=content,
        figures=report_content.figures(contract, content),
        problems=problems,
        summary=labelled(problems),
        editable=report.status in EDITABLE,
    ), (422 if problems and request.method == "POST" else 200)


@bp.post("/reports/<int:report_id>/review")
@login_required
def report_review(report_id: int):
    report = get_report_for(current_user, report_id)
    values = {"outcome": (request.form.get("outcome") or "").strip(), "note": request.form.get("note") or ""}
    try:
        operations.review_report(current_user, report, values["outcome"], values["note"])
    except ValidationFailed as error:
        contract = report.contract
        return render_template(
            "contracts/report.html",
            report=report,
            contract=contract,
            party=is_contract_party(current_user, contract),
            officer=True,
            version=report.current_version,
            rows=report_pages.version_rows(report.current_version.document) if report.current_version else [],
            changed=report_pages.changed_parts(report, report.current_version) if report.current_version else [],
            values=values,
            messages=error.fields,
            summary=labelled(error.fields),
            pdf_available=_pdf_available(),
            editable=False,
        ), 422
    if report.status == ReportStatus.accepted:
        flash(_("Przyjęto sprawozdanie."), "success")
    else:
        flash(_("Zwrócono sprawozdanie organizacji do poprawy."), "success")
    return redirect(url_for(".report", report_id=report.id))


@bp.app_template_global("report_overdue")
def report_overdue(report) -> bool:
    """Derived from the clock, never stored: a draft or returned report past its due date."""
    return operations.is_overdue(report, warsaw_date(now_utc()))


bp.add_app_template_global(status_label, "report_status_label")
bp.add_app_template_global(kind_label, "report_kind_label")
