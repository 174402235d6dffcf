"""Organisation profiles and their members (API.md "Organisations and offers").

Loading goes through `get_organization_for`, so an organisation the caller may not know is 404;
the operations then refuse office staff (who may read) with 403 when they try to change it."""

from flask import jsonify, request
from flask_babel import gettext as _

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.auth.queries import get_user
from grants.errors import NotFound
from grants.organizations import operations, queries
from grants.organizations.serialize import invitation_to_api, organization_to_api


@bp.post("/organizations")
def create_organization():
    actor = current_api_user()
    organization = operations.create_organization(actor=actor, raw=json_body())
    return jsonify(organization_to_api(organization, actor)), 201


@bp.get("/organizations")
def list_organizations():
    actor = current_api_user()
    return jsonify([organization_to_api(o, actor) for o in queries.organizations_of(actor)])


@bp.get("/organizations/<int:organization_id>")
def get_organization(organization_id):
    actor = current_api_user()
    return jsonify(organization_to_api(queries.get_organization_for(actor, organization_id), actor))


@bp.patch("/organizations/<int:organization_id>")
def update_organization(organization_id):
    actor = current_api_user()
    organization = queries.get_organization_for(actor, organization_id)
    operations.update_organization(actor=actor, organization=organization, raw=json_body())
    return jsonify(organization_to_api(organization, actor))


@bp.get("/organizations/awaiting-confirmation")
def organizations_awaiting_confirmation():
    """Officers (any office) and the admin: profiles whose NIP or KRS another profile has, beside that one."""
    require_officer_api()
    return jsonify(
        [
            {
                "organization": organization_to_api(organization),
                "same_numbers_as": organization_to_api(other)
                if (other := queries.get_plain(organization.duplicate_of_id))
                else None,
            }
            for organization in queries.awaiting_confirmation()
        ]
    )


@bp.post("/organizations/<int:organization_id>/confirm")
def confirm_organization(organization_id):
    actor = require_officer_api()
    organization = queries.get_awaiting(organization_id)
    operations.confirm_profile(actor=actor, organization=organization, raw=_optional_json())
    return jsonify(organization_to_api(organization, actor))


@bp.post("/organizations/<int:organization_id>/refuse")
def refuse_organization(organization_id):
    actor = require_officer_api()
    organization = queries.get_awaiting(organization_id)
    operations.refuse_profile(actor=actor, organization=organization, raw=_optional_json())
    return jsonify(organization_to_api(organization, actor))


def _optional_json() -> dict:
    return json_body() if request.get_data() else {}


@bp.post("/organizations/<int:organization_id>/members")
def invite_organization_member(organization_id):
    actor = current_api_user()
    organization = queries.get_organization_for(actor, organization_id)
    invitation = operations.invite_member(actor=actor, organization=organization, email=json_body().get("email"))
    # The same status and shape whether or not the address has an account (issue 10).
    return jsonify(invitation_to_api(invitation)), 201


@bp.delete("/organizations/<int:organization_id>/members/<int:user_id>")
def remove_organization_member(organization_id, user_id):
    actor = current_api_user()
    organization = queries.get_organization_for(actor, organization_id)
    user = get_user(user_id)
    if user is None:
        raise NotFound(_("Ta osoba nie należy do organizacji."))
    operations.remove_member(actor=actor, organization=organization, user=user)
    return jsonify({"removed": True})


@bp.delete("/organizations/<int:organization_id>/invitations/<int:invitation_id>")
def cancel_organization_invitation(organization_id, invitation_id):
    actor = current_api_user()
    organization = queries.get_organization_for(actor, organization_id)
    operations.require_member(actor, organization)  # an officer learns nothing about invitations
    invitation = queries.get_pending_invitation(organization, invitation_id)
    operations.cancel_invitation(actor=actor, organization=organization, invitation=invitation)
    return jsonify({"cancelled": True})
