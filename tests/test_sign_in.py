"""Signing in and out (issue 10): no open redirect after login, a logout that really ends the session,
and password guessing slowed down per address and per account across the page and the API alike."""

import pytest

from tests.helpers import PASSWORD


@pytest.mark.parametrize(
    "next_, expected",
    [
        ("/%09/evil.example", "/office/"),  # browsers drop the tab: //evil.example
        ("/%0A/x", "/office/"),  # once a 500 after a correct password
        ("/%5C%5Cevil.example", "/office/"),  # \\evil.example is //evil.example to a browser
        ("//evil.example", "/office/"),
        ("https://evil.example/", "/office/"),
        ("/office/", "/office/"),
        ("/calls?status=open", "/calls?status=open"),
    ],
)
def test_login_goes_back_only_to_a_path_on_this_site(client, officer, next_, expected):
    response = client.post(f"/login?next={next_}", data={"email": officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_ends_the_session_even_for_a_copied_cookie(app, officer):
    browser = app.test_client()
    browser.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert browser.get("/office/").status_code == 200
    stolen = browser.get_cookie("session").value

    browser.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/office/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_is_audited(client, officer, db):
    from grants.audit.models import AuditEntry

    client.post("/login", data={"email": officer.email, "password": PASSWORD})
    client.post("/logout")
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "auth.logout")).entity_id == officer.id


def _limited_app(make_app, **rates):
    return make_app(RATELIMIT_ENABLED=True, **rates)


def _page_login(client, email, password="wrong password", **kw):
    return client.post("/login", data={"email": email, "password": password}, **kw)


def _api_login(client, email, password="wrong password", **kw):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password}, **kw)


def test_failed_guesses_on_one_account_count_across_the_page_and_the_api(make_app):
    app = _limited_app(make_app, RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    from grants.auth.operations import create_staff_user
    from grants.extensions import db

    with app.app_context():
        create_staff_user(
            actor=None, email="anna@opole.example", password=PASSWORD, full_name="Anna", role="admin", office=None
        )
        db.session.commit()
    client = app.test_client()
    assert _page_login(client, "anna@opole.example").status_code == 401
    assert _api_login(client, "anna@opole.example").status_code == 401
    assert _page_login(client, "Anna@Opole.example").status_code == 401  # the same account, however written

    refused = _api_login(client, "anna@opole.example", PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    page = _page_login(client, "anna@opole.example", PASSWORD)
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert "anna@opole.example" in page.get_data(as_text=True)  # what was typed stays in the form

    # Another account from the same address is not punished for it.
    assert _api_login(client, "someone@else.example").status_code == 401


def test_attempts_from_one_address_count_across_the_page_and_the_api(make_app):
    app = _limited_app(make_app, RATELIMIT_LOGIN="4 per minute", RATELIMIT_LOGIN_ACCOUNT="100 per minute")
    client = app.test_client()
    codes = [
        _page_login(client, "a@x.example").status_code,
        _api_login(client, "b@x.example").status_code,
        _page_login(client, "c@x.example").status_code,
        _api_login(client, "d@x.example").status_code,
        _api_login(client, "e@x.example").status_code,
        _page_login(client, "f@x.example").status_code,
    ]
    assert codes == [401, 401, 401, 401, 429, 429]


def test_behind_a_proxy_each_client_address_counts_for_itself(make_app):
    app = _limited_app(make_app, RATELIMIT_LOGIN="2 per minute", PROXY_HOPS=1)
    client = app.test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "198.51.100.9"}
    assert [_api_login(client, f"x{i}@x.example", headers=first).status_code for i in range(3)] == [401, 401, 429]
    assert _api_login(client, "y@x.example", headers=second).status_code == 401


def test_without_proxy_hops_forwarded_headers_are_not_trusted(make_app):
    app = _limited_app(make_app, RATELIMIT_LOGIN="2 per minute")
    client = app.test_client()
    codes = [
        _api_login(client, f"x{i}@x.example", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
        for i in range(3)
    ]
    assert codes == [401, 401, 429]  # a client cannot escape the limit by inventing addresses
