"""Auth, registration and staff accounts through /api/v1 (API.md "Conventions")."""

import pytest

from grants.audit.models import AuditEntry
from grants.auth.models import User
from tests.helpers import PASSWORD


def test_token_login_returns_user_with_roles(api, officer):
    response = api().post("/api/v1/auth/token", json={"email": officer.email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token"]
    assert body["user"] == {
        "id": officer.id,
        "email": officer.email,
        "full_name": "Anna Urzędniczka",
        "roles": ["officer"],
        "office_id": officer.office_id,
    }


def test_wrong_password_is_401_and_audited_as_failed_login(api, officer, db):
    response = api().post("/api/v1/auth/token", json={"email": officer.email, "password": "wrong password!"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"
    failed = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "auth.login_failed")).all()
    assert [entry.entity_id for entry in failed] == [officer.id]


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(api, officer):
    unknown = api().post("/api/v1/auth/token", json={"email": "nobody@opole.example", "password": "whatever1"})
    wrong = api().post("/api/v1/auth/token", json={"email": officer.email, "password": "whatever1"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_json() == wrong.get_json()


def test_malformed_body_is_400_not_500(api):
    response = api().client.post("/api/v1/auth/token", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


def test_revoked_token_no_longer_works(api, officer):
    client = api(officer)
    assert client.get("/api/v1/auth/me").status_code == 200
    assert client.delete("/api/v1/auth/token").status_code == 200
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_session_cookie_does_not_authenticate_the_api(client, login, officer):
    login(officer)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_register_creates_ngo_user_without_roles(api, db):
    response = api().post(
        "/api/v1/auth/register",
        json={"email": "Olena@NGO.example", "password": "dobre hasło 123", "full_name": "Olena K."},
    )
    assert response.status_code == 201
    user = db.session.get(User, response.get_json()["id"])
    assert user.email == "olena@ngo.example"
    assert user.roles == []
    assert user.password_hash.startswith("$argon2id$")


def test_register_refuses_bad_fields_by_name(api):
    response = api().post("/api/v1/auth/register", json={"email": "not-an-email", "password": "short", "full_name": ""})
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {"email", "password", "full_name"}


def test_register_refuses_duplicate_email(api, ngo_user):
    response = api().post(
        "/api/v1/auth/register", json={"email": ngo_user.email, "password": "another pass 1", "full_name": "X"}
    )
    assert response.status_code == 422
    assert "email" in response.get_json()["fields"]


def test_officer_creates_evaluator_in_own_office(api, officer, db):
    response = api(officer).post(
        "/api/v1/users",
        json={
            "email": "member@opole.example",
            "password": PASSWORD,
            "full_name": "Członek Komisji",
            "role": "evaluator",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["roles"] == ["evaluator"] and body["office_id"] == officer.office_id
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "user.create").order_by(AuditEntry.id.desc())
    )
    assert entry.actor_id == officer.id and entry.after["roles"] == ["evaluator"]


def test_officer_cannot_create_admin(api, officer):
    response = api(officer).post(
        "/api/v1/users",
        json={"email": "boss@opole.example", "password": PASSWORD, "full_name": "Boss", "role": "admin"},
    )
    assert response.status_code == 403


def test_ngo_user_and_evaluator_cannot_create_users(api, ngo_user, evaluator):
    for user in (ngo_user, evaluator):
        response = api(user).post(
            "/api/v1/users",
            json={"email": "x@opole.example", "password": PASSWORD, "full_name": "X", "role": "evaluator"},
        )
        assert response.status_code == 403


def test_anonymous_cannot_create_users(api):
    response = api().post(
        "/api/v1/users", json={"email": "x@opole.example", "password": PASSWORD, "full_name": "X", "role": "evaluator"}
    )
    assert response.status_code == 401


def test_user_list_shows_only_own_office(api, officer, other_officer, evaluator):
    emails = {u["email"] for u in api(officer).get("/api/v1/users").get_json()}
    assert emails == {officer.email, evaluator.email}


def test_offices_are_public(api, office, other_office):
    response = api().get("/api/v1/offices")
    assert response.status_code == 200
    assert {o["slug"] for o in response.get_json()} == {"opole-cdo", "gdansk"}


def test_login_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    codes = [
        client.post("/api/v1/auth/token", json={"email": "a@b.example", "password": "nope nope"}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401]
    assert codes[3:] == [429, 429]


def test_officer_changes_roles_and_it_is_audited(api, officer, evaluator, db):
    response = api(officer).patch(f"/api/v1/users/{evaluator.id}", json={"roles": ["evaluator", "officer"]})
    assert response.status_code == 200 and response.get_json()["roles"] == ["evaluator", "officer"]
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.roles"))
    assert entry.before == {"roles": ["evaluator"]} and entry.after == {"roles": ["evaluator", "officer"]}
    assert entry.actor_id == officer.id


def test_role_change_refusals(api, officer, other_officer, evaluator, ngo_user):
    assert api(officer).patch(f"/api/v1/users/{evaluator.id}", json={"roles": ["admin"]}).status_code == 403
    assert api(officer).patch(f"/api/v1/users/{evaluator.id}", json={"roles": ["boss"]}).status_code == 422
    assert api(other_officer).patch(f"/api/v1/users/{evaluator.id}", json={"roles": []}).status_code == 404
    assert api(ngo_user).patch(f"/api/v1/users/{evaluator.id}", json={"roles": []}).status_code == 403
    assert api(officer).patch(f"/api/v1/users/{officer.id}", json={"roles": ["evaluator"]}).status_code == 403


def test_disabled_account_loses_its_tokens(api, officer, evaluator):
    member = api(evaluator)
    assert member.get("/api/v1/auth/me").status_code == 200
    assert api(officer).patch(f"/api/v1/users/{evaluator.id}", json={"active": False}).status_code == 200
    assert member.get("/api/v1/auth/me").status_code == 401
    response = api().post("/api/v1/auth/token", json={"email": evaluator.email, "password": "correct horse battery"})
    assert response.status_code == 401


@pytest.mark.parametrize("locale", ["x" * 50, {"lang": "pl"}, ["uk"], 7, "de"])
def test_registration_refuses_a_locale_it_does_not_speak_on_the_field(api, locale):
    response = api().post(
        "/api/v1/auth/register",
        json={"email": "nowa@ngo.example", "password": "correct horse battery", "full_name": "Nowa", "locale": locale},
    )
    assert response.status_code == 422
    assert "locale" in response.get_json()["fields"]


def test_registration_keeps_a_language_it_speaks(api, db):
    from grants.auth.models import User

    response = api().post(
        "/api/v1/auth/register",
        json={"email": "nowa@ngo.example", "password": "correct horse battery", "full_name": "Nowa", "locale": "uk"},
    )
    assert response.status_code == 201
    assert db.session.get(User, response.get_json()["id"]).locale == "uk"
