from flask import jsonify

from grants.api import bp, current_api_token, current_api_user, json_body, require_officer_api
from grants.auth import operations, throttle, two_factor
from grants.auth.models import Role
from grants.auth.queries import get_user_for_officer, staff_of
from grants.auth.session import login_rate
from grants.errors import Unauthorized, ValidationFailed
from grants.extensions import limiter
from grants.offices.queries import all_offices, get_office


@bp.post("/auth/token")
def create_token():
    body = json_body()
    throttle.before_attempt(body.get("email"))
    try:
        user = operations.authenticate(body.get("email"), body.get("password"))
    except Unauthorized:
        throttle.after_failure(body.get("email"))
        raise
    try:
        two_factor.check_api_sign_in(user, body.get("otp"))  # admins need one; with one, the code
    except Unauthorized as error:
        if error.code == "invalid_otp":
            throttle.after_failure(body.get("email"))
        raise
    token = operations.issue_token(user)
    return jsonify({"token": token, "user": user.to_api()})


@bp.delete("/auth/token")
def delete_token():
    user = current_api_user()
    operations.revoke_token(current_api_token(), user)
    return jsonify({"revoked": True})


@bp.post("/auth/register")
@limiter.limit(login_rate)
def register():
    body = json_body()
    user = operations.register_ngo_user(
        email=body.get("email"),
        password=body.get("password"),
        full_name=body.get("full_name"),
        locale=body.get("locale"),
    )
    return jsonify({"id": user.id}), 201


@bp.get("/auth/me")
def me():
    user = current_api_user()
    return jsonify({**user.to_api(), "email_verified": user.email_verified, "two_factor": user.has_two_factor})


@bp.get("/offices")
def list_offices():
    return jsonify([office.to_public() for office in all_offices()])


@bp.post("/users")
def create_user():
    actor = require_officer_api()
    body = json_body()
    office = actor.office
    if body.get("office_id") not in (None, "") and actor.is_admin:
        office = get_office(body.get("office_id"))
        if office is None:
            raise ValidationFailed.one("office_id", "Nieznany urząd.")
    user = operations.create_staff_user(
        actor=actor,
        email=body.get("email"),
        password=body.get("password"),
        full_name=body.get("full_name") or body.get("name"),
        role=body.get("role"),
        office=office,
    )
    return jsonify(user.to_api()), 201


@bp.get("/users")
def list_users():
    actor = require_officer_api()
    return jsonify([user.to_api() for user in staff_of(actor)])


@bp.patch("/users/<int:user_id>")
def update_user(user_id):
    """Change a staff account's roles or switch it off (officer within the office, admin anywhere)."""
    actor = require_officer_api()
    user = get_user_for_officer(user_id, actor)
    body = json_body()
    if "roles" in body:
        try:
            roles = [Role(r) for r in body["roles"]] if isinstance(body["roles"], list) else None
        except ValueError:
            roles = None
        if roles is None:
            raise ValidationFailed.one("roles", "Role: officer, evaluator, admin.")
        operations.set_roles(actor=actor, user=user, roles=roles)
    if "active" in body:
        if not isinstance(body["active"], bool):
            raise ValidationFailed.one("active", "true albo false.")
        operations.set_active(actor=actor, user=user, active=body["active"])
    return jsonify({**user.to_api(), "active": user.active})
