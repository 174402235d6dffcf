"""The NGO's pages: "Moje organizacje", the organisation profile form and its members (blueprint
`organizations`, /ngo).

Views stay thin: load the organisation (404 for anyone who may not know it), turn the HTML form
into the raw dict the API would send, call one operation, then flash and redirect. Everything
typed goes back into the form when an operation refuses it. The form's input names are the API's
dotted paths (`address.postal_code`, `representatives.0.full_name`), so an error from the schema
lands at its input without translation.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.auth.queries import get_user
from grants.errors import Conflict, NotFound, ValidationFailed
from grants.formatting import datetime_pl
from grants.organizations import forms, operations, pages, queries
from grants.pages import officers_only

bp = Blueprint("organizations", __name__, url_prefix="/ngo")
# The officers' side: profiles whose NIP or KRS another profile has, waiting for a decision.
office_bp = Blueprint("office_organizations", __name__, url_prefix="/office/organizations")
office_bp.before_request(officers_only)


@bp.before_request
@login_required
def signed_in_only():
    # Every page here is about the signed-in person's organisations: anonymous → the login page.
    return None


def _render_form(values: dict, *, organization=None, errors=None, status: int = 200):
    context = pages.profile_form(values, organization=organization, errors=errors)
    return render_template("organizations/form.html", **context), status


def _render_members(organization, *, values=None, errors=None, status: int = 200):
    context = pages.members_page(current_user, organization, values=values, errors=errors)
    return render_template("organizations/members.html", **context), status


# ---------------------------------------------------------------- pages


@bp.route("/")
def dashboard():
    return render_template("organizations/dashboard.html", **pages.dashboard(current_user))


@bp.route("/organizations/new", methods=["GET", "POST"])
def create():
    if request.method == "GET":
        return _render_form({"representatives": []})
    values, raw = forms.read_form(request.form)
    try:
        organization = operations.create_organization(actor=current_user, raw=raw)
    except ValidationFailed as error:
        return _render_form(values, errors=error.fields, status=422)
    flash(
        _(
            "Zapisano profil organizacji „%(name)s”. Następny krok: złóż ofertę w otwartym konkursie albo jako mały "
            "grant; pozostałych członków zaprosisz na stronie „Członkowie”.",
            name=organization.name,
        ),
        "success",
    )
    return redirect(url_for(".detail", organization_id=organization.id))


@bp.route("/organizations/<int:organization_id>")
def detail(organization_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    return render_template("organizations/detail.html", **pages.profile(current_user, organization))


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    organization = queries.get_organization_for(current_user, organization_id)
    operations.require_member(current_user, organization)  # staff may read the profile, not change it
    if request.method == "GET":
        return _render_form(forms.organization_values(organization), organization=organization)
    values, raw = forms.read_form(request.form)
    try:
        operations.update_organization(actor=current_user, organization=organization, raw=raw)
    except ValidationFailed as error:
        return _render_form(values, organization=organization, errors=error.fields, status=422)
    flash(_("Zapisano zmiany w profilu organizacji."), "success")
    return redirect(url_for(".detail", organization_id=organization.id))


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


# ================================================================ officers: second profiles with the same numbers


def _render_awaiting(*, errors=None, values=None, message=None, status: int = 200):
    return render_template(
        "organizations/awaiting.html",
        items=pages.awaiting(),
        errors=errors or {},
        values=values or {},
        message=message,
    ), status


@office_bp.get("/awaiting")
def awaiting():
    return _render_awaiting()


@office_bp.post("/<int:organization_id>/confirm")
def confirm(organization_id: int):
    organization = queries.get_awaiting(organization_id)
    operations.confirm_profile(actor=current_user, organization=organization, raw={})
    flash(_("Potwierdzono profil „%(name)s”: jego członkowie mogą składać oferty.", name=organization.name), "success")
    return redirect(url_for(".awaiting"))


@office_bp.post("/<int:organization_id>/refuse")
def refuse(organization_id: int):
    organization = queries.get_awaiting(organization_id)
    field = f"reason-{organization.id}"
    reason = request.form.get(field) or ""
    try:
        operations.refuse_profile(actor=current_user, organization=organization, raw={"reason": reason})
    except ValidationFailed as error:
        return _render_awaiting(errors={field: error.fields.get("reason", [])}, values={field: reason}, status=422)
    flash(_("Odmówiono potwierdzenia profilu „%(name)s”.", name=organization.name), "success")
    return redirect(url_for(".awaiting"))
