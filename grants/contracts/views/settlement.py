"""Settlement pages of the after-award half (ufp art. 251–252; Annex 3 § 5): the contract's settlement — cost
lines against the contract and its tolerance, what is to return, by when, to which account, with interest to
today — with the office's forms to record a return and a finding; the NGO reads the same page. The contract's
page shows `templates/contracts/_settlement.html`, fed by the `contract_settlement_summary` template global.
And the interest-rate table (OP art. 56): staff read it, the admin adds and corrects rates."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.auth.permissions import require_officer
from grants.contracts.operations import rates as rate_operations
from grants.contracts.operations import settlement as operations
from grants.contracts.queries import get_contract_for, is_contract_officer, is_contract_party, require_contract_officer
from grants.contracts.settlement_view import contract_settlement
from grants.contracts.views import bp
from grants.errors import Conflict, ValidationFailed

RETURN_FIELDS = ("amount", "paid_on", "note")
FINDING_FIELDS = ("kind", "amount", "found_on", "note")
RATE_FIELDS = ("valid_from", "rate_percent", "note")


def return_kind_label(kind) -> str:
    value = getattr(kind, "value", kind)
    return {
        "unused": _("Dotacja niewykorzystana (art. 251 ust. 3 ufp)"),
        "excess": _("Dotacja pobrana w nadmiernej wysokości — linie ponad tolerancję (art. 252 ust. 1 pkt 2 ufp)"),
        "misused": _("Dotacja wykorzystana niezgodnie z przeznaczeniem (art. 252 ust. 1 pkt 1 ufp)"),
        "undue": _("Dotacja pobrana nienależnie lub w nadmiernej wysokości (art. 252 ust. 1 pkt 2 ufp)"),
    }.get(value, value)


def finding_kind_options() -> list[dict]:
    return [
        {"value": "misused", "label": _("wykorzystana niezgodnie z przeznaczeniem (art. 252 ust. 1 pkt 1 ufp)")},
        {"value": "undue", "label": _("pobrana nienależnie lub w nadmiernej wysokości (art. 252 ust. 1 pkt 2 ufp)")},
    ]


def _field_label(name: str) -> str:
    return {
        "amount": _("Kwota"),
        "paid_on": _("Data wpływu na rachunek urzędu"),
        "note": _("Uwagi"),
        "kind": _("Rodzaj ustalenia"),
        "found_on": _("Data ustalenia"),
        "valid_from": _("Obowiązuje od"),
        "rate_percent": _("Stopa roczna w procentach"),
    }.get(name, name)


def _summary(messages: dict) -> dict:
    return {name: [f"{_field_label(name)}: {m}" for m in items] for name, items in messages.items()}


@bp.app_template_global("contract_settlement_summary")
def contract_settlement_summary(contract) -> dict:
    """What `contracts/_settlement.html` shows on a contract's page."""
    try:
        view, error = contract_settlement(contract), None
    except Conflict as refusal:
        view, error = None, refusal.message
    return {
        "view": view,
        "error": error,
        "officer": is_contract_officer(current_user, contract),
        "party": is_contract_party(current_user, contract),
        "kind_label": return_kind_label,
    }


def _render(contract, *, return_values=None, finding_values=None, messages=None, form=None, status=200):
    summary = contract_settlement_summary(contract)
    return render_template(
        "contracts/settlement.html",
        contract=contract,
        s=summary,
        return_values=return_values or {},
        finding_values=finding_values or {},
        messages=messages or {},
        form=form,
        summary=_summary(messages or {}),
        finding_kinds=finding_kind_options(),
    ), status


@bp.get("/contracts/<int:contract_id>/settlement")
@login_required
def settlement_page(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    return _render(contract)


@bp.post("/contracts/<int:contract_id>/settlement/returns")
@login_required
def record_return(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    require_contract_officer(current_user, contract)
    values = {name: request.form.get(name, "") for name in RETURN_FIELDS}
    try:
        operations.record_return(actor=current_user, contract=contract, raw=values)
    except ValidationFailed as error:
        return _render(contract, return_values=values, messages=error.fields, form="return", status=422)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".settlement_page", contract_id=contract.id))
    flash(_("Zapisano zwrot dotacji."), "success")
    return redirect(url_for(".settlement_page", contract_id=contract.id))


@bp.post("/contracts/<int:contract_id>/settlement/findings")
@login_required
def record_finding(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    require_contract_officer(current_user, contract)
    values = {name: request.form.get(name, "") for name in FINDING_FIELDS}
    try:
        operations.record_finding(actor=current_user, contract=contract, raw=values)
    except ValidationFailed as error:
        return _render(contract, finding_values=values, messages=error.fields, form="finding", status=422)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".settlement_page", contract_id=contract.id))
    flash(_("Zapisano ustalenie."), "success")
    return redirect(url_for(".settlement_page", contract_id=contract.id))


# ---------------------------------------------------------------- the interest-rate table


def _rates_page(*, values=None, messages=None, status=200):
    return render_template(
        "contracts/rates.html",
        rates=rate_operations.all_rates(),
        values=values or {},
        messages=messages or {},
        summary=_summary(messages or {}),
        admin=current_user.is_admin,
    ), status


@bp.get("/office/interest-rates")
@login_required
def interest_rates():
    require_officer(current_user)
    return _rates_page()


@bp.post("/office/interest-rates")
@login_required
def add_interest_rate():
    rate_operations.require_admin(current_user)
    values = {name: request.form.get(name, "") for name in RATE_FIELDS}
    try:
        rate_operations.create_rate(actor=current_user, raw=values)
    except ValidationFailed as error:
        return _rates_page(values=values, messages=error.fields, status=422)
    flash(_("Dodano stopę odsetek."), "success")
    return redirect(url_for(".interest_rates"))


@bp.route("/office/interest-rates/<int:rate_id>", methods=["GET", "POST"])
@login_required
def edit_interest_rate(rate_id: int):
    rate_operations.require_admin(current_user)
    rate = rate_operations.get_rate(rate_id)
    if request.method == "GET":
        values = rate_operations.rate_to_api(rate)
        return render_template("contracts/rate_edit.html", rate=rate, values=values, messages={}, summary={})
    values = {name: request.form.get(name, "") for name in RATE_FIELDS}
    try:
        rate_operations.update_rate(actor=current_user, rate=rate, raw=values)
    except ValidationFailed as error:
        return render_template(
            "contracts/rate_edit.html",
            rate=rate,
            values=values,
            messages=error.fields,
            summary=_summary(error.fields),
        ), 422
    flash(_("Zapisano stopę odsetek."), "success")
    return redirect(url_for(".interest_rates"))
