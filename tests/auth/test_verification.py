"""E-mail verification (issue 10): a registered account acts for no organisation until its owner has
followed the link mailed to the address; staff and demo accounts count as verified."""

from datetime import timedelta

import lxml.html
import sqlalchemy as sa
from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.auth.models import User
from grants.clock import now_utc
from grants.organizations.models import Membership
from tests.auth.helpers import link_in_mail, mails_to, verify_by_mail
from tests.helpers import PASSWORD, Api
from tests.organizations.helpers import org_payload

NEW = {"email": "Nowa@Osoba.example", "password": "dobre hasło 123", "full_name": "Nowa Osoba"}


def register(api) -> tuple[int, Api]:
    response = api().post("/api/v1/auth/register", json=NEW)
    assert response.status_code == 201 and set(response.get_json()) == {"id"}
    token = api().post("/api/v1/auth/token", json={"email": NEW["email"], "password": NEW["password"]})
    assert token.status_code == 200, token.get_json()
    return response.get_json()["id"], Api(api().client, token.get_json()["token"])


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


def actions(db, user_id: int) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "user", AuditEntry.entity_id == user_id)
            .order_by(AuditEntry.id)
        )
    )


def test_registration_mails_a_link_and_the_account_may_not_create_an_organisation_before(api, db):
    user_id, client = register(api)
    [mail] = mails_to("nowa@osoba.example")
    assert "/verify-email/" in mail.body and "Potwierdź" in mail.subject
    assert client.get("/api/v1/auth/me").get_json()["email_verified"] is False

    refused = client.post("/api/v1/organizations", json=org_payload())
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "email_unverified"
    assert "nowa@osoba.example" in refused.get_json()["message"]

    verify_by_mail(api().client, "nowa@osoba.example")
    assert client.get("/api/v1/auth/me").get_json()["email_verified"] is True
    assert db.session.get(User, user_id).email_verified_at is not None
    assert actions(db, user_id) == ["user.register", "auth.login", "user.email_verified"]
    assert client.post("/api/v1/organizations", json=org_payload()).status_code == 201


def test_the_api_takes_the_token_of_the_link(api, db):
    user_id, client = register(api)
    token = link_in_mail("nowa@osoba.example", "/verify-email/").rsplit("/", 1)[1]
    response = api().post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 200 and response.get_json()["verified"] is True
    again = api().post("/api/v1/auth/verify-email", json={"token": token})  # harmless when followed again
    assert again.status_code == 200
    assert actions(db, user_id).count("user.email_verified") == 1


def test_forged_expired_and_foreign_links_are_refused(api, client, db):
    register(api)
    path = link_in_mail("nowa@osoba.example", "/verify-email/")
    token = path.rsplit("/", 1)[1]

    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (forged, "nonsense", ""):
        response = api().post("/api/v1/auth/verify-email", json={"token": bad})
        assert response.status_code == 400 and response.get_json()["error"] == "link_invalid"
    page = client.get(f"/verify-email/{forged}")
    assert page.status_code == 400 and "Ten link jest nieprawidłowy" in text(page)

    with freeze_time(now_utc() + timedelta(days=3, minutes=1)):
        response = api().post("/api/v1/auth/verify-email", json={"token": token})
        assert response.status_code == 400 and response.get_json()["error"] == "link_expired"
        assert "wygasł" in text(client.get(path))
    assert db.session.scalar(sa.select(User.email_verified_at).where(User.email == "nowa@osoba.example")) is None


def test_a_link_of_another_purpose_is_not_a_verification(api, db):
    register(api)
    api().post("/api/v1/auth/password/forgot", json={"email": "nowa@osoba.example"})
    reset_token = link_in_mail("nowa@osoba.example", "/password/reset/").rsplit("/", 1)[1]
    response = api().post("/api/v1/auth/verify-email", json={"token": reset_token})
    assert response.status_code == 400 and response.get_json()["error"] == "link_invalid"


def test_registration_page_leads_to_the_check_your_mail_state_and_the_link_can_be_sent_again(client, db):
    response = client.post("/register", data=dict(NEW))
    assert response.status_code == 302 and response.headers["Location"] == "/ngo/"  # the first steps (issue 11)
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Sprawdź pocztę" in text(page) and "niepotwierdzony" in text(page)
    assert lxml.html.fromstring(page.get_data(as_text=True)).xpath('//*[@id="email-unverified"]')  # the banner
    assert client.post("/account/verify-email/resend").status_code == 302
    assert len(mails_to("nowa@osoba.example")) == 2

    refused = client.post("/ngo/organizations/new", data={"name": "X"})
    assert refused.status_code == 403 and "potwierdź swój adres e-mail" in text(refused)

    verify_by_mail(client, "nowa@osoba.example")
    page = client.get("/account/")
    assert "potwierdzony" in text(page) and "Sprawdź pocztę" not in text(page)
    assert not lxml.html.fromstring(page.get_data(as_text=True)).xpath('//*[@id="email-unverified"]')


def test_an_unverified_member_can_neither_read_nor_change_the_organisation_nor_its_offers(
    api, client, login, ngo_user, make_call, db
):
    """An account that is a member without a verified address (from before verification existed) meets
    the gate wherever the membership is looked up."""
    organization_id = api(ngo_user).post("/api/v1/organizations", json=org_payload()).get_json()["id"]
    call = make_call(publish=True)
    member = api(ngo_user)
    db.session.get(User, ngo_user.id).email_verified_at = None
    db.session.commit()
    assert db.session.get(Membership, (organization_id, ngo_user.id)) is not None
    for response in (
        member.get(f"/api/v1/organizations/{organization_id}"),
        member.patch(f"/api/v1/organizations/{organization_id}", json={"name": "Przejęta"}),
        member.post(f"/api/v1/organizations/{organization_id}/members", json={"email": "x@y.example"}),
        member.get("/api/v1/offers"),
        member.post(f"/api/v1/calls/{call.id}/offers", json={"organization_id": organization_id, "title": "T"}),
    ):
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"] == "email_unverified"
    login(ngo_user)
    page = client.get(f"/ngo/organizations/{organization_id}/edit")
    assert page.status_code == 403 and "potwierdź swój adres e-mail" in text(page)


def test_staff_accounts_are_verified_by_whoever_creates_them(api, officer, app, db):
    created = api(officer).post(
        "/api/v1/users",
        json={"email": "member@opole.example", "password": PASSWORD, "full_name": "Członek", "role": "evaluator"},
    )
    assert created.status_code == 201
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "shell@opole.example", "--password", PASSWORD, "--role", "officer"]
        + ["--name", "Z powłoki"]
    )
    assert result.exit_code == 0, result.output
    for email in ("member@opole.example", "shell@opole.example", officer.email):
        assert db.session.scalar(sa.select(User.email_verified_at).where(User.email == email)) is not None
    assert mails_to("member@opole.example") == []


def test_demo_accounts_are_verified(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count()).where(User.email_verified_at.is_(None))) == 0
