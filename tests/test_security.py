"""Headers, cookies, CSRF and configuration that keep the web pages safe (ASVS 3.x, 7.x)."""

import pytest

from tests.helpers import PASSWORD


def test_security_headers_on_pages(client, office):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_api_responses_are_not_cached(client):
    assert client.get("/api/v1/offices").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(client, officer):
    response = client.post("/login", data={"email": officer.email, "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(monkeypatch):
    from grants.config import from_environment

    config = from_environment({"OKO_ENV": "production", "SECRET_KEY": "x" * 32})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_production_refuses_to_start_without_secret():
    from grants.config import from_environment

    with pytest.raises(RuntimeError):
        from_environment({"OKO_ENV": "production"})


def test_forms_need_a_csrf_token(make_app, office):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/register", data={"email": "a@b.example", "password": "long enough 1", "full_name": "A"})
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)


def test_logout_needs_post(client, login, officer):
    login(officer)
    assert client.get("/logout").status_code == 405


def test_changing_session_token_ends_sessions(client, login, officer, db):
    login(officer)
    assert client.get("/office/").status_code == 200
    officer.session_token = "rotated"
    db.session.commit()
    assert client.get("/office/").status_code == 302


def test_failed_web_login_is_audited_and_keeps_the_email(client, officer, db):
    from grants.audit.models import AuditEntry

    response = client.post("/login", data={"email": officer.email, "password": "wrong one!"})
    assert response.status_code == 401
    assert officer.email in response.get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "auth.login_failed")) is not None


def test_open_redirect_is_refused(client, officer):
    response = client.post("/login?next=//evil.example/x", data={"email": officer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/office/"  # the officer's own desk, never the other site


def test_errors_are_json_under_the_api(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
