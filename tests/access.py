"""Plain helpers of the access matrix (tests/test_access_matrix.py): a URL of every route pointing at the
world's objects (tests/fixtures/world.py), a client per role, and one request per cell, each undone.

A cell's request carries no input (GET, or an empty JSON object / empty form), so it shows who gets past
the door, not what the operation then makes of the input: a request that got in answers what the
operation says of an empty body (422, a form shown again, 409 for the object's state).
"""

import re

from tests.auth.helpers import otp_for
from tests.helpers import PASSWORD

# Path parameters: the world's object each one names unless a route says otherwise.
DEFAULT_TARGETS = {
    "call_id": "review_call_id",
    "offer_id": "offer_id",
    "attachment_id": "attachment_id",
    "organization_id": "org_id",
    "invitation_id": "invitation_id",
    "programme_id": "programme_id",
    "job_id": "job_id",
    "report_id": "report_id",
    "inspection_id": "inspection_id",
    "mail_id": "mail_id",
    "user_id": "member_user_id",
    "member_id": "member_user_id",
    "request_id": "missing_id",
    "number": "one",
    "step": "first_step",
    "filename": "stylesheet",
    "token": "unknown_token",
    "contract_id": "contract_id",
    "rate_id": "rate_id",
    "small_grant_id": "small_grant_id",
    "comment_id": "small_grant_comment_id",
    "office_id": "office_id",
}


def route_key(rule, method: str) -> str:
    return f"{method} {rule.rule}"


def url_for_rule(rule, world, targets: dict | None = None) -> str:
    """The rule's path with each parameter replaced by the world's object (`targets`: param → world attr)."""
    names = {**DEFAULT_TARGETS, **(targets or {})}

    def value(match):
        name = match.group(2)
        return str(_world_value(world, names[name]))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule.rule)


def _world_value(world, attribute: str):
    special = {
        "member_user_id": world.users.member.id,
        "offer_job_id": world.offer_job_id,
        "ngo_user_id": world.users.ngo.id,
        "undeclared_user_id": world.users.undeclared.id,
        "missing_id": 999999,
        "one": 1,
        "first_step": "offerors",
        "stylesheet": "css/oko.css",
        "unknown_token": "Zm9yZ2VkLXRva2VuLW5vdC1zaWduZWQ",
    }
    if attribute in special:
        return special[attribute]
    return getattr(world, attribute)


class Callers:
    """A web client (session cookie) and an API token for each role; `anonymous` has neither."""

    def __init__(self, app, world, tokens, roles):
        self.app = app
        self.world = world
        self.tokens = tokens
        self.roles = roles
        self.web = {}
        for role in roles:
            self.web[role] = self._web_client(role)

    def _web_client(self, role):
        client = self.app.test_client()
        user = getattr(self.world.users, role, None)
        if user is not None:
            response = client.post("/login", data={"email": user.email, "password": PASSWORD})
            code = otp_for(user)  # with a second factor (the admin), the code page follows the password
            if code:
                assert response.headers["Location"] == "/login/two-factor", (role, response.status_code)
                response = client.post("/login/two-factor", data={"code": code})
            assert response.status_code == 302, (role, response.status_code)
        return client

    def request(self, role: str, method: str, url: str):
        """One request, undone afterwards (a savepoint of the test's connection, rolled back)."""
        from grants.extensions import db
        from tests.fixtures.core import Bound

        db.session.close()  # the test's own session holds no savepoint that the request's could outlive
        savepoint = Bound.connection.begin_nested()
        try:
            if url.startswith("/api/"):
                headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}
                kwargs = {} if method == "GET" else {"json": {}}
                response = self.app.test_client().open(url, method=method, headers=headers, **kwargs)
            else:
                client = self.web[role]
                kwargs = {} if method == "GET" else {"data": {}}
                response = client.open(url, method=method, **kwargs)
            response.get_data()
            response.close()  # a file sent from disk (static, attachments) is closed at once
            return response
        except Exception as error:  # noqa: BLE001  a server error is a cell's answer like any other
            return ServerError(error)
        finally:
            savepoint.rollback()
            if url in ("/logout", "/login"):  # the session cookie changed: log in again
                self.web[role] = self._web_client(role)


class ServerError:
    status_code = 500
    headers: dict = {}

    def __init__(self, error):
        self.error = error


def outcome(response) -> str | int:
    """What a cell shows: the status code, or "login" for a redirect to the login page."""
    if response.status_code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return "login"
    return response.status_code
