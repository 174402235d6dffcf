"""TOTP two-factor sign-in (issue 10): available to staff, required of admins; codes used once."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.auth.models import User
from tests.auth.helpers import ADMIN_TOTP_SECRET, current_code, give_two_factor
from tests.helpers import PASSWORD

MOMENT = datetime(2027, 3, 1, 9, 0, 10, tzinfo=UTC)  # 10 s into a 30-second step
SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


@pytest.fixture
def frozen():
    with freeze_time(MOMENT) as clock:
        yield clock


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


def audited(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def fresh(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def password_step(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login/two-factor"
    return response


# ---------------------------------------------------------------- setting it up


def test_setup_shows_the_secret_as_text_and_qr_and_needs_a_code(frozen, client, login, officer, db):
    login(officer)
    page = client.get("/account/two-factor")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = lxml.html.fromstring(page.get_data(as_text=True))
    [qr] = html.xpath('//img[@id="totp-qr"]/@src')
    assert qr.startswith("data:image/svg+xml")
    secret = html.xpath('//code[@id="totp-secret"]')[0].text_content().replace(" ", "")
    assert len(secret) == 32

    wrong = client.post("/account/two-factor", data={"code": "000000"})
    assert wrong.status_code == 422 and "Nieprawidłowy lub już użyty kod" in text(wrong)
    assert "000000" in wrong.get_data(as_text=True)  # what was typed stays
    again = lxml.html.fromstring(wrong.get_data(as_text=True))
    assert again.xpath('//code[@id="totp-secret"]')[0].text_content().replace(" ", "") == secret  # same secret
    assert fresh(db, officer).totp_secret is None

    done = client.post("/account/two-factor", data={"code": current_code(secret)})
    assert done.status_code == 302
    assert fresh(db, officer).totp_secret == secret
    assert [e.entity_id for e in audited(db, "auth.two_factor_enabled")] == [officer.id]
    assert "Włączone" in text(client.get("/account/"))


def test_ngo_people_have_no_second_factor_to_set_up(client, login, ngo_user):
    login(ngo_user)
    assert client.get("/account/two-factor").status_code == 403
    assert "Logowanie dwuetapowe" not in text(client.get("/account/"))


def test_turning_it_off_takes_a_code_and_an_admin_cannot(frozen, client, login, officer, admin, db):
    give_two_factor(officer, SECRET)
    login(officer)
    wrong = client.post("/account/two-factor/disable", data={"code": "123456"})
    assert wrong.status_code == 422 and fresh(db, officer).totp_secret == SECRET
    frozen.tick(timedelta(seconds=30))  # the code that signed in is used; the next one turns it off
    assert client.post("/account/two-factor/disable", data={"code": current_code(SECRET)}).status_code == 302
    assert fresh(db, officer).totp_secret is None
    assert [e.entity_id for e in audited(db, "auth.two_factor_disabled")] == [officer.id]

    client.post("/logout")
    login(admin)
    assert "nie można wyłączyć" in text(client.get("/account/two-factor"))
    frozen.tick(timedelta(seconds=30))
    refused = client.post("/account/two-factor/disable", data={"code": current_code(ADMIN_TOTP_SECRET)})
    assert refused.status_code == 403 and fresh(db, admin).totp_secret == ADMIN_TOTP_SECRET


# ---------------------------------------------------------------- signing in with it


def test_the_page_asks_for_the_code_after_the_password_and_signs_in_only_then(frozen, client, officer, db):
    give_two_factor(officer, SECRET)
    password_step(client, officer)
    assert client.get("/office/").status_code == 302  # not signed in between the two steps
    page = client.get("/login/two-factor")
    assert page.status_code == 200 and "Kod logowania" in text(page)

    wrong = client.post("/login/two-factor", data={"code": "000000"})
    assert wrong.status_code == 401 and "Nieprawidłowy lub już użyty kod" in text(wrong)
    assert [e.after["reason"] for e in audited(db, "auth.login_failed")] == ["invalid_otp"]

    frozen.tick(timedelta(seconds=30))  # the code of the step in which two-factor was enabled is used
    done = client.post("/login/two-factor", data={"code": current_code(SECRET)})
    assert done.status_code == 302 and done.headers["Location"] == "/office/"  # the officer's desk (issue 11)
    assert client.get("/office/").status_code == 200
    assert [e.entity_id for e in audited(db, "auth.login")] == [officer.id]


def test_a_code_signs_in_once(frozen, app, officer, db):
    give_two_factor(officer, SECRET)
    frozen.tick(timedelta(seconds=30))
    code = current_code(SECRET)
    first = app.test_client()
    password_step(first, officer)
    assert first.post("/login/two-factor", data={"code": code}).status_code == 302
    second = app.test_client()  # someone who saw the code over the shoulder
    password_step(second, officer)
    assert second.post("/login/two-factor", data={"code": code}).status_code == 401
    assert second.get("/office/").status_code == 302
    # An older step is no good either; the next one is.
    assert second.post("/login/two-factor", data={"code": current_code(SECRET, -1)}).status_code == 401
    assert second.post("/login/two-factor", data={"code": current_code(SECRET, +1)}).status_code == 302


def test_codes_far_from_now_and_malformed_codes_are_refused(frozen, client, officer):
    give_two_factor(officer, SECRET)
    frozen.tick(timedelta(seconds=30))
    password_step(client, officer)
    for code in (current_code(SECRET, -3), current_code(SECRET, +3), "12 34", "abcdef", "1234567"):
        assert client.post("/login/two-factor", data={"code": code}).status_code in (401, 422), code
    assert client.get("/office/").status_code == 302


def test_the_wait_between_password_and_code_expires(frozen, client, officer):
    give_two_factor(officer, SECRET)
    password_step(client, officer)
    frozen.tick(timedelta(minutes=6))
    response = client.post("/login/two-factor", data={"code": current_code(SECRET)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/office/").status_code == 302


def test_the_next_address_survives_the_second_step(frozen, client, officer):
    give_two_factor(officer, SECRET)
    client.post("/login?next=/office/", data={"email": officer.email, "password": PASSWORD})
    frozen.tick(timedelta(seconds=30))
    assert client.post("/login/two-factor", data={"code": current_code(SECRET)}).headers["Location"] == "/office/"


def test_the_api_wants_otp_for_an_account_with_a_second_factor(frozen, api, officer, db):
    give_two_factor(officer, SECRET)
    credentials = {"email": officer.email, "password": PASSWORD}
    missing = api().post("/api/v1/auth/token", json=credentials)
    assert missing.status_code == 401 and missing.get_json()["error"] == "otp_required"
    wrong = api().post("/api/v1/auth/token", json={**credentials, "otp": "000000"})
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_otp"
    frozen.tick(timedelta(seconds=30))
    code = current_code(SECRET)
    ok = api().post("/api/v1/auth/token", json={**credentials, "otp": code})
    assert ok.status_code == 200 and ok.get_json()["token"]
    replay = api().post("/api/v1/auth/token", json={**credentials, "otp": code})
    assert replay.status_code == 401 and replay.get_json()["error"] == "invalid_otp"
    bad_password = api().post("/api/v1/auth/token", json={"email": officer.email, "password": "x" * 10, "otp": code})
    assert bad_password.status_code == 401 and bad_password.get_json()["error"] == "invalid_credentials"


def test_openapi_documents_the_otp_field(api):
    document = api().get("/api/v1/openapi.json").get_json()
    assert "otp" in document["components"]["schemas"]["Credentials"]["properties"]
    assert "two_factor_required" in document["paths"]["/auth/token"]["post"]["summary"]


# ---------------------------------------------------------------- admins must have it


@pytest.fixture
def bare_admin(app):
    from grants.auth.operations import create_staff_user
    from grants.extensions import db

    user = create_staff_user(
        actor=None, email="nowy-admin@oko.example", password=PASSWORD, full_name="Nowy Admin", role="admin", office=None
    )
    db.session.commit()
    return user


def test_an_admin_without_a_second_factor_reaches_only_its_setup_page(frozen, client, bare_admin, officer, db):
    response = client.post("/login", data={"email": bare_admin.email, "password": PASSWORD})
    assert response.status_code == 302  # signed in...
    for path in ("/office/", "/", "/account/", "/calls"):
        page = client.get(path)
        assert page.status_code == 302 and page.headers["Location"] == "/account/two-factor", path
    refused = client.post("/office/users", data={"email": "x@opole.example"})
    assert refused.status_code == 403
    setup = client.get("/account/two-factor")
    assert setup.status_code == 200 and "dostępna jest tylko ta strona" in text(setup)
    secret = lxml.html.fromstring(setup.get_data(as_text=True)).xpath('//code[@id="totp-secret"]')[0].text_content()
    assert client.post("/account/two-factor", data={"code": current_code(secret.replace(" ", ""))}).status_code == 302
    assert client.get("/office/").status_code == 200  # ...and free once it is done

    client.post("/logout")
    assert client.get("/").status_code == 200


def test_logout_stays_open_to_an_admin_without_a_second_factor(client, bare_admin):
    client.post("/login", data={"email": bare_admin.email, "password": PASSWORD})
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_refuses_an_admin_without_a_second_factor(api, bare_admin, officer, admin, db):
    refused = api().post("/api/v1/auth/token", json={"email": bare_admin.email, "password": PASSWORD})
    assert refused.status_code == 403 and refused.get_json()["error"] == "two_factor_required"
    # A token from before the admin role stops working when the role comes without a second factor.
    machine = api(officer)
    assert api(admin).patch(f"/api/v1/users/{officer.id}", json={"roles": ["officer", "admin"]}).status_code == 200
    response = machine.get("/api/v1/auth/me")
    assert response.status_code == 403 and response.get_json()["error"] == "two_factor_required"


def test_the_admin_fixture_signs_in_with_its_code(api, login, client, admin):
    assert api(admin).get("/api/v1/auth/me").get_json()["two_factor"] is True
    login(admin)
    assert client.get("/office/").status_code == 200


def test_the_console_clears_a_lost_authenticator_and_ends_every_session(app, admin, db):
    from grants.audit.models import AuditEntry

    assert admin.totp_secret is not None
    old_session = admin.session_token
    result = app.test_cli_runner().invoke(args=["users", "reset-two-factor", "--email", admin.email])
    assert result.exit_code == 0, result.output
    db.session.refresh(admin)
    assert admin.totp_secret is None and admin.session_token != old_session
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "auth.two_factor_reset")) is not None


def test_the_console_names_an_unknown_account(app):
    result = app.test_cli_runner().invoke(args=["users", "reset-two-factor", "--email", "nikt@nigdzie.example"])
    assert result.exit_code == 2 and "no account" in result.output
