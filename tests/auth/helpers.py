"""Helpers for accounts in tests: the second factor's codes, and the links mailed to a person.

The clock may be frozen, so a TOTP code is the same all test long while a code signs in only once:
`otp_for` forgets the account's last used step before it hands out the current code, so each sign-in
of a test helper gets a code that passes.
"""

import re

import pyotp

ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LINK = re.compile(r"https?://[^\s/]+(/\S+)")


def current_code(secret: str, steps_ahead: int = 0) -> str:
    from grants.clock import now_utc

    return pyotp.TOTP(secret).generate_otp(int(now_utc().timestamp()) // 30 + steps_ahead)


def otp_for(user) -> str | None:
    """The code that signs `user` in now, or None when the account has no second factor."""
    from grants.auth.models import User
    from grants.extensions import db

    fresh = db.session.get(User, user.id)
    if fresh is None or not fresh.totp_secret:
        return None
    fresh.totp_last_step = None
    db.session.commit()
    return current_code(fresh.totp_secret)


def give_two_factor(user, secret: str = ADMIN_TOTP_SECRET):
    """Turn the second factor on through its operation, as the setup page would."""
    from grants.auth import two_factor
    from grants.auth.models import User
    from grants.extensions import db

    fresh = db.session.get(User, user.id)
    two_factor.enable(actor=fresh, secret=secret, code=current_code(secret))
    db.session.commit()
    return fresh


def mails_to(recipient: str) -> list:
    from grants.extensions import db
    from grants.mail import OutboundMail

    return list(
        db.session.scalars(db.select(OutboundMail).where(OutboundMail.recipient == recipient).order_by(OutboundMail.id))
    )


def links_in_mails(recipient: str, path_prefix: str) -> list[str]:
    """The paths of the links starting with `path_prefix` mailed to `recipient`, oldest first."""
    return [path for mail in mails_to(recipient) for path in LINK.findall(mail.body) if path.startswith(path_prefix)]


def link_in_mail(recipient: str, path_prefix: str) -> str:
    """The path of the newest link starting with `path_prefix` mailed to `recipient`."""
    links = links_in_mails(recipient, path_prefix)
    assert links, f"no {path_prefix} link mailed to {recipient}"
    return links[-1]


def verify_by_mail(client, email: str):
    """Follow the verification link that registration mailed to `email` (any client: the link is enough)."""
    response = client.get(link_in_mail(email, "/verify-email/"))
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response


def invitation_token(email: str) -> str:
    """The token of the newest invitation mailed to `email`."""
    return link_in_mail(email, "/invitations/").rsplit("/", 1)[1]


def accept_invitation(api_client, email: str):
    """The invited person (signed in to the API as `email`) accepts the newest invitation mailed to them."""
    response = api_client.post("/api/v1/invitations/accept", json={"token": invitation_token(email)})
    assert response.status_code == 200, response.get_json()
    return response
