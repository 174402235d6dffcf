"""A forgotten password reset by e-mail, and a password changed while signed in (issue 10)."""

from datetime import timedelta

import lxml.html
import sqlalchemy as sa
from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.clock import now_utc
from tests.auth.helpers import link_in_mail, mails_to
from tests.helpers import PASSWORD

NEW_PASSWORD = "nowe długie hasło 2027"


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


def audited(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def reset_link(client, email: str) -> str:
    assert client.post("/password/forgot", data={"email": email}).status_code == 200
    return link_in_mail(email, "/password/reset/")


def test_the_login_page_links_to_the_forgotten_password(client):
    page = lxml.html.fromstring(client.get("/login").get_data(as_text=True))
    assert page.xpath('//a[@href="/password/forgot"]')[0].text_content() == "Nie pamiętasz hasła?"


def test_forgot_answers_the_same_whether_or_not_the_address_exists(app, officer, db):
    answers = []
    for email in (officer.email, "nikt@opole.example"):
        response = app.test_client().post("/password/forgot", data={"email": email})
        answers.append((response.status_code, text(response).replace(email, "<email>")))
        api = app.test_client().post("/api/v1/auth/password/forgot", json={"email": email})
        answers.append((api.status_code, api.get_json()))
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert answers[0][0] == 200 and "Jeśli w OKO jest konto z adresem <email>" in answers[0][1]
    assert len(mails_to(officer.email)) == 2 and mails_to("nikt@opole.example") == []


def test_a_bad_form_keeps_what_was_typed(client):
    response = client.post("/password/forgot", data={"email": ""})
    assert response.status_code == 422 and "Podaj adres e-mail" in text(response)


def test_reset_sets_the_password_ends_every_session_and_revokes_api_tokens(app, client, api, login, officer, db):
    browser = app.test_client()
    browser.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert browser.get("/office/").status_code == 200
    machine = api(officer)
    assert machine.get("/api/v1/auth/me").status_code == 200

    path = reset_link(client, officer.email)
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    mismatch = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": "coś innego 123"})
    assert mismatch.status_code == 422 and "Hasła się różnią" in text(mismatch)
    short = client.post(path, data={"password": "krótkie", "password_confirm": "krótkie"})
    assert short.status_code == 422 and "co najmniej 8 znaków" in text(short)
    assert 'value="krótkie"' not in short.get_data(as_text=True)  # passwords are never shown again

    done = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert browser.get("/office/").status_code == 302  # the other session has ended
    assert machine.get("/api/v1/auth/me").status_code == 401  # and the API token
    old = client.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert old.status_code == 401
    new = client.post("/login", data={"email": officer.email, "password": NEW_PASSWORD})
    assert new.status_code == 302
    [entry] = audited(db, "auth.password_reset")
    assert entry.entity_id == officer.id and entry.actor_id == officer.id
    assert [e.entity_id for e in audited(db, "auth.password_reset_requested")] == [officer.id]


def test_a_reset_link_works_once(client, officer, db):
    path = reset_link(client, officer.email)
    assert client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 302
    again = client.get(path)
    assert again.status_code == 400 and "został już użyty" in text(again)
    replay = client.post(path, data={"password": "jeszcze inne hasło", "password_confirm": "jeszcze inne hasło"})
    assert replay.status_code == 400
    assert len(audited(db, "auth.password_reset")) == 1


def test_expired_forged_and_foreign_links_are_refused(api, client, officer, ngo_user, db):
    path = reset_link(client, officer.email)
    token = path.rsplit("/", 1)[1]
    with freeze_time(now_utc() + timedelta(hours=1, minutes=1)):
        expired = client.get(path)
        assert expired.status_code == 400 and "wygasł" in text(expired)
        response = api().post("/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
        assert response.status_code == 400 and response.get_json()["error"] == "link_expired"
    forged = client.get(path[:-4] + "abcd")
    assert forged.status_code == 400 and "nieprawidłowy" in text(forged)
    # A verification link is no reset link (a salt per purpose).
    api().post("/api/v1/auth/register", json={"email": "nowa@osoba.example", "password": PASSWORD, "full_name": "N"})
    verification = link_in_mail("nowa@osoba.example", "/verify-email/").rsplit("/", 1)[1]
    assert client.get(f"/password/reset/{verification}").status_code == 400
    assert audited(db, "auth.password_reset") == []


def test_the_api_resets_too_and_the_reset_confirms_the_address(api, client, db):
    api().post("/api/v1/auth/register", json={"email": "nowa@osoba.example", "password": PASSWORD, "full_name": "N"})
    token = reset_link(client, "nowa@osoba.example").rsplit("/", 1)[1]
    short = api().post("/api/v1/auth/password/reset", json={"token": token, "password": "krótkie"})
    assert short.status_code == 422 and list(short.get_json()["fields"]) == ["password"]
    done = api().post("/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200
    login = api().post("/api/v1/auth/token", json={"email": "nowa@osoba.example", "password": NEW_PASSWORD})
    assert login.status_code == 200
    me = api().client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {login.get_json()['token']}"})
    assert me.get_json()["email_verified"] is True  # the link came to this mailbox


def test_forgot_is_rate_limited_and_mails_an_address_only_so_often(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute", RATELIMIT_ACCOUNT_MAIL="1 per hour")
    from grants.auth.operations import create_staff_user
    from grants.extensions import db

    with app.app_context():
        create_staff_user(
            actor=None, email="a@opole.example", password=PASSWORD, full_name="A", role="admin", office=None
        )
        db.session.commit()
    client = app.test_client()
    codes = [client.post("/password/forgot", data={"email": "a@opole.example"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    with app.app_context():
        assert len(mails_to("a@opole.example")) == 1


def test_change_password_keeps_this_session_and_ends_the_others(app, client, api, login, evaluator, db):
    other = app.test_client()
    other.post("/login", data={"email": evaluator.email, "password": PASSWORD})
    assert other.get("/account/").status_code == 200
    machine = api(evaluator)
    login(evaluator)

    wrong = client.post(
        "/account/password",
        data={"current_password": "nie to hasło", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "To nie jest Twoje obecne hasło" in text(wrong)
    assert NEW_PASSWORD not in wrong.get_data(as_text=True)

    done = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.headers["Location"] == "/account/"
    assert client.get("/account/").status_code == 200  # this session goes on
    assert other.get("/account/").status_code == 302  # the other one has ended
    assert machine.get("/api/v1/auth/me").status_code == 401
    [entry] = audited(db, "auth.password_change")
    assert entry.entity_id == evaluator.id


def test_change_password_needs_a_signed_in_person(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
