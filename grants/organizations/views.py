"""The NGO's pages: "Moje organizacje", the organisation profile form and its members (blueprint
`organizations`, /ngo).

Views stay thin: load the organisation (404 for anyone who may not know it), turn the HTML form
into the raw dict the API would send, call one operation, then flash and redirect. Everything
typed goes back into the form when an operation refuses it. The form's input names are the API's
dotted paths (`address.postal_code`, `representatives.0.full_name`), so an error from the schema
lands at its input without translation.
"""

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.auth.queries import get_user
from grants.errors import Conflict, NotFound, ValidationFailed
from grants.formatting import datetime_pl
from grants.organizations import operations, queries
from grants.organizations.models import LegalForm
from grants.organizations.schema import LEGAL_FORM_LABELS, format_nrb, legal_form_label

bp = Blueprint("organizations", __name__, url_prefix="/ngo")

TOP_FIELDS = (
    "name",
    "legal_form",
    "krs",
    "registry_name",
    "registry_number",
    "nip",
    "regon",
    "email",
    "phone",
    "website",
    "bank_account",
    "representation_rule",
)
ADDRESS_FIELDS = ("street", "postal_code", "city")
REPRESENTATIVE_FIELDS = ("full_name", "function")
REPRESENTATIVE_KEY = re.compile(r"^representatives\.(\d{1,2})\.(full_name|function)$")
# The order of the form on the page, so the error summary reads top to bottom like the form.
FORM_ORDER = (
    "name",
    "legal_form",
    "krs",
    "registry_name",
    "registry_number",
    "nip",
    "regon",
    "address",
    "address.street",
    "address.postal_code",
    "address.city",
    "email",
    "phone",
    "website",
    "bank_account",
    "representatives",
    "representation_rule",
)
BLANK_ROWS = 2
MIN_ROWS = 3


@bp.before_request
@login_required
def signed_in_only():
    # Every page here is about the signed-in person's organisations: anonymous → the login page.
    return None


@bp.app_template_global("legal_form_label")
def _legal_form_label(value) -> str:
    return legal_form_label(value)


@bp.app_template_filter("nrb")
def _nrb(value) -> str:
    return format_nrb(value)


# ---------------------------------------------------------------- form ⇄ values


def _text(value) -> str:
    # Browsers send textarea line breaks as CRLF; stored texts use LF.
    return (value or "").replace("\r\n", "\n")


def _read_form(form) -> tuple[dict, dict]:
    """(values to show again, raw dict shaped like the API body) from a submitted profile form."""
    values = {name: _text(form.get(name)) for name in TOP_FIELDS}
    for name in ADDRESS_FIELDS:
        values[f"address.{name}"] = _text(form.get(f"address.{name}"))
    found: dict[int, dict] = {}
    for key in form:
        match = REPRESENTATIVE_KEY.match(key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = _text(form.get(key)).strip()
    # A row left blank is not a person; the rest keep their order (and the schema's indexes follow it).
    rows = [{name: found[i].get(name, "") for name in REPRESENTATIVE_FIELDS} for i in sorted(found)]
    values["representatives"] = [row for row in rows if any(row.values())]
    raw = {name: values[name] for name in TOP_FIELDS}
    raw["address"] = {name: values[f"address.{name}"] for name in ADDRESS_FIELDS}
    raw["representatives"] = values["representatives"]
    return values, raw


def _organization_values(organization) -> dict:
    values = {name: getattr(organization, name) or "" for name in TOP_FIELDS}
    values["legal_form"] = organization.legal_form.value
    values["bank_account"] = format_nrb(organization.bank_account)
    for name in ADDRESS_FIELDS:
        values[f"address.{name}"] = getattr(organization, name) or ""
    values["representatives"] = [
        {name: person.get(name, "") for name in REPRESENTATIVE_FIELDS} for person in organization.representatives or []
    ]
    return values


def _in_form_order(errors: dict) -> dict:
    def position(path: str) -> tuple:
        parts = path.split(".")
        if parts[0] == "representatives":  # representatives.3.function → after the fields above, by row
            return (
                FORM_ORDER.index("representatives"),
                int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1,
                path,
            )
        return (FORM_ORDER.index(path) if path in FORM_ORDER else len(FORM_ORDER), 0, path)

    return {path: errors[path] for path in sorted(errors, key=position)}


def _render_form(values: dict, *, organization=None, errors=None, status: int = 200):
    values = dict(values)
    errors = _in_form_order(errors or {})
    rows = list(values.get("representatives") or [])
    blank = max(BLANK_ROWS, MIN_ROWS - len(rows))
    values["representatives"] = rows + [dict.fromkeys(REPRESENTATIVE_FIELDS, "") for _ in range(blank)]
    legal_forms = [{"value": form.value, "label": str(LEGAL_FORM_LABELS[form])} for form in LegalForm]
    return render_template(
        "organizations/form.html", values=values, errors=errors, organization=organization, legal_forms=legal_forms
    ), status


# ---------------------------------------------------------------- pages


@bp.route("/")
def dashboard():
    organizations = queries.organizations_of(current_user)
    invitations = {o.id: queries.pending_invitations(o) for o in organizations}
    return render_template("organizations/dashboard.html", organizations=organizations, invitations=invitations)


@bp.route("/organizations/new", methods=["GET", "POST"])
def create():
    if request.method == "GET":
        return _render_form({"representatives": []})
    values, raw = _read_form(request.form)
    try:
        organization = operations.create_organization(actor=current_user, raw=raw)
    except ValidationFailed as error:
        return _render_form(values, errors=error.fields, status=422)
    flash(
        _("Zapisano profil organizacji „%(name)s”. Możesz teraz dodać pozostałych członków.", name=organization.name),
        "success",
    )
    return redirect(url_for(".detail", organization_id=organization.id))


@bp.route("/organizations/<int:organization_id>")
def detail(organization_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    return render_template(
        "organizations/detail.html", organization=organization, is_member=queries.is_member(current_user, organization)
    )


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    operations.require_member(current_user, organization)  # staff may read the profile, not change it
    if request.method == "GET":
        return _render_form(_organization_values(organization), organization=organization)
    values, raw = _read_form(request.form)
    try:
        operations.update_organization(actor=current_user, organization=organization, raw=raw)
    except ValidationFailed as error:
        return _render_form(values, organization=organization, errors=error.fields, status=422)
    flash(_("Zapisano zmiany w profilu organizacji."), "success")
    return redirect(url_for(".detail", organization_id=organization.id))


def _render_members(organization, *, values=None, errors=None, status: int = 200):
    member = queries.is_member(current_user, organization)
    return render_template(
        "organizations/members.html",
        organization=organization,
        members=queries.members(organization),
        is_member=member,
        invitations=queries.pending_invitations(organization) if member else [],
        values=values or {"email": ""},
        errors=errors or {},
    ), status


@bp.route("/organizations/<int:organization_id>/members", methods=["GET", "POST"])
def members(organization_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    if request.method == "GET":
        return _render_members(organization)
    email = (request.form.get("email") or "").strip()
    try:
        invitation = operations.invite_member(actor=current_user, organization=organization, email=email)
    except ValidationFailed as error:
        return _render_members(organization, values={"email": email}, errors=error.fields, status=422)
    # The same words whether or not the address has an account: nobody learns who is registered.
    flash(
        _(
            "Wysłaliśmy zaproszenie na adres %(email)s. Ta osoba zostanie członkiem organizacji, gdy przyjmie "
            "je, logując się z tym adresem (link jest ważny do %(until)s).",
            email=invitation.email,
            until=datetime_pl(invitation.expires_at),
        ),
        "success",
    )
    return redirect(url_for(".members", organization_id=organization.id))


@bp.route("/organizations/<int:organization_id>/members/<int:user_id>/remove", methods=["POST"])
def remove_member(organization_id: int, user_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    user = get_user(user_id)
    if user is None:
        raise NotFound(_("Ta osoba nie należy do organizacji."))
    leaving = user.id == current_user.id
    try:
        operations.remove_member(actor=current_user, organization=organization, user=user)
    except Conflict as refusal:  # the last member: say why on the page they came from
        flash(refusal.message, "error")
        return redirect(url_for(".members", organization_id=organization.id))
    if leaving:
        flash(_("Nie należysz już do organizacji „%(name)s”.", name=organization.name), "success")
        return redirect(url_for(".dashboard"))
    flash(_("Usunięto %(name)s z członków organizacji.", name=user.full_name), "success")
    return redirect(url_for(".members", organization_id=organization.id))


@bp.route("/organizations/<int:organization_id>/invitations/<int:invitation_id>/cancel", methods=["POST"])
def cancel_invitation(organization_id: int, invitation_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    operations.require_member(current_user, organization)  # staff learn nothing about invitations
    invitation = queries.get_pending_invitation(organization, invitation_id)
    operations.cancel_invitation(actor=current_user, organization=organization, invitation=invitation)
    flash(_("Wycofano zaproszenie dla %(email)s.", email=invitation.email), "success")
    return redirect(url_for(".members", organization_id=organization.id))
