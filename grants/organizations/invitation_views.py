"""The page of an invitation's link (blueprint `invitations`, /invitations/<token>): the invited person
sees which organisation invites them, signs in or registers with the invited address, and accepts or
declines. A link that cannot be answered any more says why (grants.organizations.invitations).

Open without signing in (the person may have no account yet); accepting needs the invited address,
signed in and confirmed. Every answer is `Cache-Control: no-store`: the URL is the secret.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.errors import DomainError
from grants.organizations import invitations

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _refused(error: DomainError):
    """A link that cannot be answered any more (unknown, used, withdrawn, expired): why, and what next."""
    return render_template("organizations/invitation.html", refusal=error.message, invitation=None), error.status


def _page(token: str, invitation, problem: DomainError | None = None):
    return render_template(
        "organizations/invitation.html",
        invitation=invitation,
        token=token,
        problem=problem.message if problem else None,
        refusal=None,
    ), (problem.status if problem else 200)


def _answerable(token: str):
    invitation = invitations.find_invitation(token)
    invitations.check_answerable(invitation)
    return invitation


@bp.route("/<token>")
def show(token: str):
    try:
        invitation = _answerable(token)
    except DomainError as error:
        return _refused(error)
    problem = invitations.address_refusal(current_user, invitation) if current_user.is_authenticated else None
    return _page(token, invitation, problem)


@bp.route("/<token>/accept", methods=["POST"])
def accept(token: str):
    try:
        invitation = _answerable(token)
    except DomainError as error:
        return _refused(error)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for(".show", token=token)))
    try:
        invitations.accept_invitation(actor=current_user, raw_token=token)
    except DomainError as error:  # another address, or this one not confirmed yet: say so on the same page
        return _page(token, invitation, error)
    flash(_("Należysz teraz do organizacji „%(name)s”.", name=invitation.organization.name), "success")
    return redirect(url_for("organizations.detail", organization_id=invitation.organization_id))


@bp.route("/<token>/decline", methods=["POST"])
def decline(token: str):
    try:
        invitations.decline_invitation(actor=current_user, raw_token=token)
    except DomainError as error:
        return _refused(error)
    flash(_("Zaproszenie zostało odrzucone."), "success")
    return redirect(url_for("public.index"))
