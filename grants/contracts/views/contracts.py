"""Contract pages (see grants.contracts.views): the office draws up, edits, signs, annexes, terminates or
cancels a contract and records tranches paid; its list and its desk of what is due; the organisation's
contracts, desk and read-only contract page. Each POST turns the form into the API's raw dict
(grants.contracts.contract_forms) and calls one operation; a refused form comes back with what was typed."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.clock import now_utc, warsaw_date
from grants.contracts import contract_forms as forms
from grants.contracts import contract_pages as pages
from grants.contracts import listing, small_grant_pages
from grants.contracts.models import ContractStatus
from grants.contracts.operations import annexes
from grants.contracts.operations import contracts as operations
from grants.contracts.queries import get_contract_for, is_contract_officer
from grants.contracts.views import bp
from grants.errors import Conflict, NotFound, ValidationFailed
from grants.pages import officer_page


@bp.after_request
def private_pages(response):
    # Contracts carry bank accounts and the office's drafts: never cached.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _today():
    return warsaw_date(now_utc())


def _errors(error: ValidationFailed) -> dict:
    """The operation's dotted paths are the inputs' names; a people list's line errors go to its textarea."""
    result: dict[str, list[str]] = {}
    for key, messages in error.fields.items():
        for people in ("office_representatives", "organization_representatives", "reporting_dates"):
            if key.startswith(people + "."):
                key = people
        result.setdefault(key, []).extend(messages)
    return result


def _office_contract(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    if not is_contract_officer(current_user, contract):
        raise NotFound(_("Nie ma takiej umowy."))
    return contract


def _to_contract(contract, anchor: str = ""):
    return redirect(url_for(".office_contract", contract_id=contract.id) + anchor)


# ================================================================ the office


@bp.get("/office/contracts")
@officer_page
def office_list():
    # Unreadable filters are named beside their fields and the rest still applies (never an error page).
    args = listing.parse_list_args(request.args, strict=False)
    return render_template(
        "contracts/list.html",
        office=True,
        awaiting=pages.awaiting_contracts(current_user) + small_grant_pages.awaiting_small_grants(current_user)
        if args.after is None
        else [],
        **pages.list_page(current_user, args, _today()),
    )


@bp.get("/office/contracts/due")
@officer_page
def office_desk():
    return _desk(True)


def _desk(office: bool):
    # The desk's keyset pages: an unreadable `after` (a link typed by hand) is named on the page, which shows
    # the first page — never an error page.
    args = listing.parse_list_args(request.args, strict=False)
    context = pages.desk_page(current_user, _today(), after=args.after)
    after_error = (args.errors.get("after") or [None])[0]  # the desk reads no other parameter
    return render_template("contracts/desk.html", office=office, after_error=after_error, **context)


def _render_draft(offer, values, *, contract=None, state=None, errors=None, status=200):
    return render_template(
        "contracts/contract_form.html",
        offer=offer,
        contract=contract,
        state=state or {},
        values=values,
        errors=errors or {},
        status_code=status,
    ), status


@bp.route("/office/offers/<int:offer_id>/contract", methods=["GET", "POST"])
@officer_page
def draw_up(offer_id: int):
    if small_grant_pages.is_small_grant(offer_id):  # art. 19a: the small grant's own address
        return redirect(url_for(".new_for_small_grant", small_grant_id=offer_id))
    return _draw_up_page(pages.offer_for_contract(current_user, offer_id))


@bp.route("/office/small-grants/<int:small_grant_id>/contract", methods=["GET", "POST"])
@officer_page
def new_for_small_grant(small_grant_id: int):
    """The contract of an accepted small grant (art. 19a ust. 5): the same form, the form of art. 16 ust. 1
    to choose, drawn up by the same operation (POST /api/v1/offers/{id}/contract with its id)."""
    return _draw_up_page(small_grant_pages.small_grant_for_contract(current_user, small_grant_id))


def _draw_up_page(state: dict):
    offer = state["offer"]
    if state["contract"] is not None:
        return _to_contract(state["contract"])
    if request.method == "GET" or state["problem"]:
        values = forms.draft_values(None, tranches=state["tranches"], defaults=state["defaults"])
        return _render_draft(offer, values, state=state, status=200 if request.method == "GET" else 409)
    values, raw = forms.read_draft_form(request.form, drawing_up=True)
    try:
        contract = operations.draw_up(current_user, offer.id, raw)
    except ValidationFailed as error:
        return _render_draft(offer, values, state=state, errors=_errors(error), status=422)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".office_list"))
    flash(_("Przygotowano projekt umowy nr %(number)s.", number=contract.number), "success")
    return _to_contract(contract)


@bp.get("/office/contracts/<int:contract_id>")
@officer_page
def office_contract(contract_id: int):
    contract = _office_contract(contract_id)
    return render_template("contracts/contract.html", **pages.contract_page(current_user, contract, _today()))


@bp.route("/office/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@officer_page
def edit(contract_id: int):
    contract = _office_contract(contract_id)
    if contract.status != ContractStatus.draft:
        flash(_("Umowa jest już podpisana albo anulowana: zmienia ją tylko aneks."), "error")
        return _to_contract(contract)
    if request.method == "GET":
        return _render_draft(contract.offer, forms.draft_values(contract), contract=contract)
    values, raw = forms.read_draft_form(request.form, drawing_up=False)
    try:
        operations.update_draft(current_user, contract, raw)
    except ValidationFailed as error:
        return _render_draft(contract.offer, values, contract=contract, errors=_errors(error), status=422)
    except Conflict as error:
        flash(error.message, "error")
        return _to_contract(contract)
    flash(_("Zapisano projekt umowy."), "success")
    return _to_contract(contract)


# Each change of state is confirmed on a page of its own (no script needed): GET shows what will happen and
# asks for what the operation needs, POST does it.
TARGETS = {
    "sign": ContractStatus.signed,
    "cancel": ContractStatus.cancelled,
    "terminate": ContractStatus.terminated,
}
CONFIRMATIONS = {
    "sign": ("signed_on",),
    "cancel": ("reason",),
    "terminate": ("reason", "on"),
}


def _confirm(contract, action: str, values: dict, errors=None, status=200):
    return render_template(
        "contracts/contract_confirm.html",
        contract=contract,
        action=action,
        values=values,
        errors=errors or {},
    ), status


@bp.route("/office/contracts/<int:contract_id>/sign", methods=["GET", "POST"], defaults={"action": "sign"})
@bp.route("/office/contracts/<int:contract_id>/cancel", methods=["GET", "POST"], defaults={"action": "cancel"})
@bp.route("/office/contracts/<int:contract_id>/terminate", methods=["GET", "POST"], defaults={"action": "terminate"})
@officer_page
def confirm(contract_id: int, action: str):
    contract = _office_contract(contract_id)
    if request.method == "GET":
        if not contract.can_move_to(TARGETS[action]):
            flash(_("Stan umowy nie pozwala na tę czynność."), "error")
            return _to_contract(contract)
        return _confirm(contract, action, {"signed_on": _today().isoformat(), "on": _today().isoformat(), "reason": ""})
    values = {field: (request.form.get(field) or "") for field in CONFIRMATIONS[action]}
    try:
        if action == "sign":
            operations.sign(current_user, contract, values["signed_on"])
            flash(_("Zapisano podpisanie umowy nr %(number)s.", number=contract.number), "success")
        elif action == "cancel":
            operations.cancel(current_user, contract, values["reason"])
            flash(_("Anulowano projekt umowy nr %(number)s.", number=contract.number), "success")
        else:
            operations.terminate(current_user, contract, values["reason"], values["on"])
            flash(_("Zapisano rozwiązanie umowy nr %(number)s.", number=contract.number), "success")
    except ValidationFailed as error:
        return _confirm(contract, action, values, errors=_errors(error), status=422)
    except Conflict as error:
        flash(error.message, "error")
    return _to_contract(contract)


@bp.post("/office/contracts/<int:contract_id>/tranches/<int:number>/paid")
@officer_page
def tranche_paid(contract_id: int, number: int):
    contract = _office_contract(contract_id)
    try:
        tranche = operations.record_tranche_paid(current_user, contract, number, request.form.get("paid_on") or "")
    except ValidationFailed as error:
        messages = [m for ms in error.fields.values() for m in ms]
        flash(_("Nie zapisano wypłaty transzy %(n)d: %(why)s", n=number, why=" ".join(messages)), "error")
        return _to_contract(contract, f"#tranche-{number}")
    except Conflict as error:
        flash(error.message, "error")
        return _to_contract(contract, f"#tranche-{number}")
    flash(_("Zapisano wypłatę transzy %(n)d (%(day)s).", n=tranche.number, day=tranche.paid_on.isoformat()), "success")
    return _to_contract(contract, "#tranches-heading")


def _render_annex(contract, values, errors=None, status=200):
    return render_template(
        "contracts/contract_annex.html", contract=contract, values=values, errors=errors or {}
    ), status


@bp.route("/office/contracts/<int:contract_id>/annex", methods=["GET", "POST"])
@officer_page
def annex(contract_id: int):
    contract = _office_contract(contract_id)
    if contract.status != ContractStatus.signed:
        flash(_("Tę czynność wykonuje się na umowie podpisanej i niezakończonej."), "error")
        return _to_contract(contract)
    if request.method == "GET":
        return _render_annex(contract, forms.annex_values(contract, _today()))
    values, raw = forms.read_annex_form(request.form)
    try:
        made = annexes.add_annex(current_user, contract, raw["reason"], raw["signed_on"], raw["changes"])
    except ValidationFailed as error:
        return _render_annex(contract, values, _errors(error), 422)
    except Conflict as error:
        flash(error.message, "error")
        return _to_contract(contract)
    flash(_("Zapisano aneks nr %(n)d do umowy.", n=made.number), "success")
    return _to_contract(contract, "#annexes-heading")


# ================================================================ the organisation


@bp.get("/ngo/contracts")
@login_required
def ngo_list():
    args = listing.parse_list_args(request.args, strict=False)
    return render_template(
        "contracts/list.html", office=False, awaiting=[], **pages.list_page(current_user, args, _today())
    )


@bp.get("/ngo/contracts/due")
@login_required
def ngo_desk():
    return _desk(False)


@bp.get("/ngo/contracts/<int:contract_id>")
@login_required
def ngo_contract(contract_id: int):
    contract = get_contract_for(current_user, contract_id)
    context = pages.contract_page(current_user, contract, _today())
    context["office_view"] = False
    for key in ("can_edit", "can_sign", "can_cancel", "can_terminate", "can_annex", "can_pay"):
        context[key] = False
    return render_template("contracts/contract.html", **context)
