"""Accounts that cannot be taken over (issue 10), for machines: confirming the e-mail address, a forgotten
password, and answering an invitation — the same operations as the pages (grants.auth.account_views,
grants.organizations.invitation_views)."""

from flask import jsonify

from grants.api import bp, current_api_user, json_body
from grants.auth import recovery, verification
from grants.auth.session import login_rate
from grants.extensions import limiter
from grants.organizations import invitations


@bp.post("/auth/verify-email")
def verify_email():
    """The token of the mailed link: `{token}` → 200 (400 `link_invalid` / `link_expired`)."""
    user = verification.verify_email(json_body().get("token"))
    return jsonify({"verified": True, "user_id": user.id, "email": user.email})


@bp.post("/auth/verify-email/resend")
@limiter.limit(login_rate)
def resend_verification():
    user = current_api_user()
    verification.resend_verification_mail(user)
    return jsonify({"email": user.email, "email_verified": user.email_verified}), 202


@bp.post("/auth/password/forgot")
@limiter.limit(login_rate)
def forgot_password():
    """`{email}` → 202 `{sent: true}` whether or not the address has an account."""
    recovery.request_password_reset(json_body().get("email"))
    return jsonify({"sent": True}), 202


@bp.post("/auth/password/reset")
@limiter.limit(login_rate)
def reset_password():
    """`{token, password}` from the mailed link → 200; every session and API token of the account ends."""
    body = json_body()
    password = body.get("password")
    recovery.reset_password(body.get("token"), password=password, confirm=body.get("password_confirm", password))
    return jsonify({"reset": True})


@bp.post("/invitations/accept")
def accept_invitation():
    """`{token}` of the mailed link, by the account with the invited (and confirmed) address."""
    actor = current_api_user()
    token = json_body().get("token")
    invitation = invitations.find_invitation(token)
    invitations.accept_invitation(actor=actor, raw_token=token)
    return jsonify({"status": "accepted", "organization_id": invitation.organization_id})


@bp.post("/invitations/decline")
def decline_invitation():
    invitation = invitations.decline_invitation(
        actor=current_api_user(required=False), raw_token=json_body().get("token")
    )
    return jsonify({"status": "declined", "organization_id": invitation.organization_id})
