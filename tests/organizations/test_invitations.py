"""Invitations as single-use, expiring links that the invited person accepts (issue 10): nobody is
attached to an organisation without saying yes, with the invited address, signed in and confirmed."""

import hashlib
from datetime import timedelta

import lxml.html
import sqlalchemy as sa
from freezegun import freeze_time

from grants.clock import now_utc
from grants.organizations.models import Invitation, Membership, Organization
from tests.auth.helpers import accept_invitation, invitation_token, link_in_mail, mails_to

URL = "/api/v1/organizations"


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


def invite(api, member, organization, email):
    response = api(member).post(f"{URL}/{organization.id}/members", json={"email": email})
    assert response.status_code == 201, response.get_json()
    return response


def is_member(db, organization, user) -> bool:
    return db.session.get(Membership, (organization.id, user.id)) is not None


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(api, client, login, org, ngo_user, loner):
    with_account = invite(api, ngo_user, org, loner.email)
    without = invite(api, ngo_user, org, "nikt@nigdzie.example")
    assert with_account.status_code == without.status_code == 201
    shape = {key: type(value) for key, value in with_account.get_json().items()}
    assert shape == {key: type(value) for key, value in without.get_json().items()}
    assert with_account.get_json()["status"] == without.get_json()["status"] == "invited"
    # The pages say the same too, but for the address itself.
    login(ngo_user)
    pages = []
    for email in (loner.email, "ktos@inny.example"):
        response = client.post(f"/ngo/organizations/{org.id}/members", data={"email": email})
        flash = lxml.html.fromstring(client.get(response.headers["Location"]).get_data(as_text=True)).xpath(
            '//p[contains(@class, "flash-success")]'
        )[0]
        pages.append((response.status_code, flash.text_content().replace(email, "<email>")))
    assert pages[0] == pages[1]
    # And the mails are the same invitation.
    assert "/invitations/" in mails_to(loner.email)[0].body and "/invitations/" in mails_to("ktos@inny.example")[0].body


def test_staff_accounts_are_not_attached_without_saying_yes(api, org, ngo_user, evaluator, admin, db):
    for person in (evaluator, admin):
        invite(api, ngo_user, org, person.email)
        assert not is_member(db, org, person)


def test_only_the_sha256_of_the_token_is_stored_and_it_expires_in_14_days(api, org, ngo_user, db):
    invite(api, ngo_user, org, "nowa@osoba.example")
    token = invitation_token("nowa@osoba.example")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = db.session.execute(sa.select(Invitation.__table__)).one()
    assert token not in [str(value) for value in row]
    assert timedelta(days=13, hours=23) < invitation.expires_at - now_utc() <= timedelta(days=14)


def test_another_address_cannot_accept_not_even_a_member_of_another_organisation(
    api, client, login, org, ngo_user, loner, rival, rival_org, db
):
    invite(api, ngo_user, org, loner.email)
    token = invitation_token(loner.email)
    response = api(rival).post("/api/v1/invitations/accept", json={"token": token})
    assert response.status_code == 403 and response.get_json()["error"] == "invitation_other_address"
    login(rival)
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 403 and "jesteś zalogowany(-a) jako rival@chciej.example" in text(page)
    assert not lxml.html.fromstring(page.get_data(as_text=True)).xpath('//form[contains(@action, "/accept")]')
    assert client.post(f"/invitations/{token}/accept").status_code == 403
    assert not is_member(db, org, rival)
    # The invitation still waits for the right person.
    accept_invitation(api(loner), loner.email)
    assert is_member(db, org, loner)


def test_a_used_link_is_refused_the_second_time(api, client, login, org, ngo_user, loner, db):
    invite(api, ngo_user, org, loner.email)
    token = invitation_token(loner.email)
    accept_invitation(api(loner), loner.email)
    for action in ("accept", "decline"):
        response = api(loner).post(f"/api/v1/invitations/{action}", json={"token": token})
        assert response.status_code == 409 and response.get_json()["error"] == "invitation_used"
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 409 and "zostało już wykorzystane" in text(page)
    entries = list(db.session.execute(sa.text("SELECT action FROM audit_entries")).scalars())
    assert entries.count("organization.invitation_accept") == 1


def test_an_expired_link_is_refused(api, client, org, ngo_user, loner, db):
    invite(api, ngo_user, org, loner.email)
    token = invitation_token(loner.email)
    with freeze_time(now_utc() + timedelta(days=14, seconds=1)):
        response = api(loner).post("/api/v1/invitations/accept", json={"token": token})
        assert response.status_code == 409 and response.get_json()["error"] == "invitation_expired"
        page = client.get(f"/invitations/{token}")
        assert page.status_code == 409 and "wygasło" in text(page)
        members = api(ngo_user).get(f"{URL}/{org.id}").get_json()
        assert members["pending_invitations"][0]["email"] == loner.email
    assert not is_member(db, org, loner)


def test_a_cancelled_link_is_refused_and_says_so(api, client, org, ngo_user, loner, db):
    invitation_id = invite(api, ngo_user, org, loner.email).get_json()["invitation_id"]
    token = invitation_token(loner.email)
    assert api(ngo_user).delete(f"{URL}/{org.id}/invitations/{invitation_id}").status_code == 200
    response = api(loner).post("/api/v1/invitations/accept", json={"token": token})
    assert response.status_code == 409 and response.get_json()["error"] == "invitation_cancelled"
    assert "wycofane" in text(client.get(f"/invitations/{token}"))
    assert not is_member(db, org, loner)
    assert api(ngo_user).get(f"{URL}/{org.id}").get_json()["pending_invitations"] == []


def test_a_forged_or_replaced_link_is_unknown(api, client, org, ngo_user, loner, db):
    for bad in ("x" * 43, "short"):
        response = api(loner).post("/api/v1/invitations/accept", json={"token": bad})
        assert response.status_code == 404 and response.get_json()["error"] == "invitation_not_found"
        page = client.get(f"/invitations/{bad}")
        assert page.status_code == 404 and "nieprawidłowy" in text(page)
    invite(api, ngo_user, org, loner.email)
    old = invitation_token(loner.email)
    invite(api, ngo_user, org, loner.email)  # inviting again: a new link, the old one stops working
    assert invitation_token(loner.email) != old
    response = api(loner).post("/api/v1/invitations/accept", json={"token": old})
    assert response.status_code == 404
    accept_invitation(api(loner), loner.email)
    assert is_member(db, org, loner)


def test_an_invitation_opens_no_other_organisation(api, org, rival_org, rival, ngo_user, loner, db):
    invite(api, ngo_user, org, loner.email)
    accept_invitation(api(loner), loner.email)
    assert api(loner).get(f"{URL}/{rival_org.id}").status_code == 404
    assert api(loner).post(f"{URL}/{rival_org.id}/members", json={"email": "x@y.example"}).status_code == 404
    assert not is_member(db, rival_org, loner)


def test_the_page_for_a_visitor_offers_to_sign_in_or_register_and_declining_needs_no_account(
    api, client, org, ngo_user, db
):
    invite(api, ngo_user, org, "nowa@osoba.example")
    path = link_in_mail("nowa@osoba.example", "/invitations/")
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Olena Kowalczuk zaprasza adres nowa@osoba.example do organizacji „Fundacja Laboratorium Zmiany”" in text(
        page
    )
    links = lxml.html.fromstring(page.get_data(as_text=True)).xpath("//main//a/@href")
    assert any(href.startswith("/login?next=/invitations/") for href in links)
    assert any(href.startswith("/register?next=/invitations/") and "email=nowa" in href for href in links)
    accept = client.post(path + "/accept")
    assert accept.status_code == 302 and accept.headers["Location"].startswith("/login?next=/invitations/")

    assert client.post(path + "/decline").status_code == 302
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.declined_at is not None
    entries = db.session.execute(sa.text("SELECT action, actor_id FROM audit_entries ORDER BY id")).all()
    assert tuple(entries[-1]) == ("organization.invitation_decline", None)
    assert client.get(path).status_code == 409


def test_the_members_page_shows_waiting_and_expired_invitations(client, login, api, org, ngo_user, db):
    invite(api, ngo_user, org, "nowa@osoba.example")
    login(ngo_user)
    page = text(client.get(f"/ngo/organizations/{org.id}/members"))
    assert "Zaproszenia czekające na przyjęcie" in page and "nowa@osoba.example" in page and "ważne do" in page
    with freeze_time(now_utc() + timedelta(days=15)):
        login(ngo_user)  # the session itself has ended by then
        assert "wygasło — zaproś ponownie" in text(client.get(f"/ngo/organizations/{org.id}/members"))


def test_accepting_on_the_page_makes_the_membership_and_audits_it(api, client, login, org, ngo_user, loner, db):
    invite(api, ngo_user, org, loner.email)
    path = link_in_mail(loner.email, "/invitations/")
    login(loner)
    page = client.get(path)
    assert page.status_code == 200
    assert lxml.html.fromstring(page.get_data(as_text=True)).xpath('//form[contains(@action, "/accept")]')
    response = client.post(path + "/accept")
    assert response.status_code == 302 and response.headers["Location"] == f"/ngo/organizations/{org.id}"
    db.session.expire_all()
    assert db.session.get(Organization, org.id).has_member(loner)
    assert db.session.get(Membership, (org.id, loner.id)).invited_by_id == ngo_user.id
    action, actor = db.session.execute(sa.text("SELECT action, actor_id FROM audit_entries ORDER BY id DESC")).first()
    assert (action, actor) == ("organization.invitation_accept", loner.id)


def test_openapi_documents_the_invitation_answer(api):
    paths = api().get("/api/v1/openapi.json").get_json()["paths"]
    invite_doc = paths["/organizations/{organization_id}/members"]["post"]
    assert "201" in invite_doc["responses"]
    assert {"status", "invitation_id", "email", "expires_at"} <= set(
        invite_doc["responses"]["201"]["content"]["application/json"]["schema"]["properties"]
    )
    assert "post" in paths["/invitations/accept"] and "post" in paths["/invitations/decline"]
