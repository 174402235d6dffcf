"""Organisation profiles and members through /api/v1 (API.md "Organisations and offers")."""

import pytest
import sqlalchemy as sa

from grants.audit.log import entries_for
from grants.auth.models import User
from grants.mail import OutboundMail
from grants.organizations.models import Invitation, Membership, Organization
from tests.auth.helpers import accept_invitation, invitation_token, links_in_mails, verify_by_mail
from tests.helpers import Api
from tests.organizations.helpers import VALID_NRB, org_payload

URL = "/api/v1/organizations"


def audit(organization_id: int) -> list[tuple[str, dict | None, dict | None]]:
    return [(e.action, e.before, e.after) for e in entries_for("organization", organization_id)]


def mails(db, recipient: str) -> list[OutboundMail]:
    return db.session.scalars(sa.select(OutboundMail).where(OutboundMail.recipient == recipient)).all()


# ---------------------------------------------------------------- create


def test_create_returns_201_with_the_profile_and_makes_the_caller_a_member(api, ngo_user, db):
    client = api(ngo_user)
    assert client.get("/api/v1/auth/me").get_json()["roles"] == []
    response = client.post(URL, json=org_payload())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["name"] == "Fundacja Laboratorium Zmiany" and body["legal_form"] == "fundacja"
    assert body["address"] == {"street": "ul. Krakowska 12/3", "postal_code": "45-068", "city": "Opole"}
    assert body["bank_account"] == "61 1090 1014 0000 0712 1981 2874"
    assert body["bank_account_iban"] == "PL" + VALID_NRB
    assert (body["krs"], body["nip"], body["regon"]) == ("0000123456", "1234563218", "123456785")
    assert body["representatives"][0] == {"full_name": "Marta Zielińska", "function": "prezeska zarządu"}
    assert body["representation_rule"] == "dwóch członków zarządu łącznie"
    assert [m["email"] for m in body["members"]] == [ngo_user.email]
    assert client.get("/api/v1/auth/me").get_json()["roles"] == ["ngo"]
    stored = db.session.get(Organization, body["id"])
    assert stored.bank_account == VALID_NRB and stored.created_by_id == ngo_user.id


def test_create_is_audited_with_the_whole_profile(api, ngo_user):
    body = api(ngo_user).post(URL, json=org_payload()).get_json()
    [(action, before, after)] = audit(body["id"])
    assert action == "organization.create" and before is None
    assert after["nip"] == "1234563218" and after["bank_account"] == VALID_NRB
    assert after["legal_form"] == "fundacja" and after["postal_code"] == "45-068"


def test_create_refuses_bad_fields_by_dotted_name_and_stores_nothing(api, ngo_user, db):
    response = api(ngo_user).post(
        URL,
        json=org_payload(
            nip="1234563219",
            regon="123",
            bank_account="61109010140000071219812875",
            krs="12345",
            address={"street": "Rynek 1", "postal_code": "45068", "city": ""},
            email="biuro",
            representatives=[{"full_name": "Marta Zielińska", "function": "prezeska"}, {"function": "skarbnik"}],
        ),
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation"
    assert set(body["fields"]) == {
        "nip",
        "regon",
        "bank_account",
        "krs",
        "address.postal_code",
        "address.city",
        "email",
        "representatives.1.full_name",
    }
    assert "suma kontrolna" in body["fields"]["nip"][0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_create_needs_krs_or_another_register(api, ngo_user):
    response = api(ngo_user).post(URL, json=org_payload(krs=None))
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["krs"]
    response = api(ngo_user).post(
        URL,
        json=org_payload(
            krs=None,
            legal_form="kolo_gospodyn_wiejskich",
            registry_name="Krajowy Rejestr Kół Gospodyń Wiejskich",
            registry_number="KGW/0123",
        ),
    )
    assert response.status_code == 201
    assert response.get_json()["registry_number"] == "KGW/0123"


def test_malformed_body_is_400_not_500(api, ngo_user):
    client = api(ngo_user)
    for body in ("{nope", "[1, 2]"):
        response = client.post(URL, data=body, content_type="application/json")
        assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


@pytest.mark.parametrize(
    "method, path",
    [("post", ""), ("get", ""), ("get", "/1"), ("patch", "/1"), ("post", "/1/members"), ("delete", "/1/members/1")],
)
def test_anonymous_gets_401(api, org, method, path):
    client = api()
    response = getattr(client, method)(URL + path, **({"json": {}} if method in ("post", "patch") else {}))
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


# ---------------------------------------------------------------- read


def test_member_and_officers_of_any_office_read_the_profile(api, org, officer, other_officer):
    for user in (org.memberships[0].user, officer, other_officer):
        response = api(user).get(f"{URL}/{org.id}")
        assert response.status_code == 200
        assert response.get_json()["nip"] == "1234563218"


def test_officers_do_not_see_pending_invitations(api, org, ngo_user, officer):
    api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": "nowa@osoba.example"})
    assert api(ngo_user).get(f"{URL}/{org.id}").get_json()["pending_invitations"][0]["email"] == "nowa@osoba.example"
    assert "pending_invitations" not in api(officer).get(f"{URL}/{org.id}").get_json()


def test_another_organisation_is_404_exactly_like_an_unknown_id(api, org, rival, rival_org, loner, evaluator):
    unknown = api(rival).get(f"{URL}/999999")
    assert unknown.status_code == 404
    for user in (rival, loner, evaluator):
        response = api(user).get(f"{URL}/{org.id}")
        assert response.status_code == 404
        assert response.get_json() == unknown.get_json()


def test_list_returns_only_the_callers_organisations(api, org, rival_org, ngo_user, rival, loner):
    assert [o["id"] for o in api(ngo_user).get(URL).get_json()] == [org.id]
    assert [o["id"] for o in api(rival).get(URL).get_json()] == [rival_org.id]
    assert api(loner).get(URL).get_json() == []


# ---------------------------------------------------------------- change


def test_member_changes_the_profile_and_the_change_is_audited(api, org, ngo_user, db):
    response = api(ngo_user).patch(
        f"{URL}/{org.id}",
        json={
            "address": {"city": "Opole-Zaodrze"},
            "bank_account": "PL61109010140000071219812874",
            "phone": "",
            "name": "Fundacja LZ",
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["address"] == {"street": "ul. Krakowska 12/3", "postal_code": "45-068", "city": "Opole-Zaodrze"}
    assert body["phone"] is None and body["name"] == "Fundacja LZ"
    action, before, after = audit(org.id)[-1]
    assert action == "organization.update"
    # Only what changed: the same account written as IBAN is not a change.
    assert before == {"name": "Fundacja Laboratorium Zmiany", "city": "Opole", "phone": "+48 77 123 45 67"}
    assert after == {"name": "Fundacja LZ", "city": "Opole-Zaodrze", "phone": None}


def test_an_invalid_change_is_422_and_changes_nothing(api, org, ngo_user, db):
    response = api(ngo_user).patch(
        f"{URL}/{org.id}", json={"nip": "1234563219", "name": "Nowa nazwa", "representatives": [{"full_name": "X"}]}
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"nip", "representatives.0.function"}
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Fundacja Laboratorium Zmiany"
    assert [a for a, _, _ in audit(org.id)] == ["organization.create"]


def test_a_change_may_not_leave_the_profile_without_any_register(api, org, ngo_user):
    response = api(ngo_user).patch(f"{URL}/{org.id}", json={"krs": ""})
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["krs"]
    response = api(ngo_user).patch(
        f"{URL}/{org.id}", json={"krs": "", "registry_name": "ewidencja starosty", "registry_number": "7/2021"}
    )
    assert response.status_code == 200 and response.get_json()["krs"] is None


def test_officer_may_read_but_not_change(api, org, officer, db):
    response = api(officer).patch(f"{URL}/{org.id}", json={"name": "Przejęta"})
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Fundacja Laboratorium Zmiany"


def test_another_organisations_member_gets_404_on_change_and_members(api, org, rival, rival_org, db):
    client = api(rival)
    assert client.patch(f"{URL}/{org.id}", json={"name": "Przejęta"}).status_code == 404
    assert client.post(f"{URL}/{org.id}/members", json={"email": rival.email}).status_code == 404
    assert client.delete(f"{URL}/{org.id}/members/{org.memberships[0].user_id}").status_code == 404
    db.session.expire_all()
    assert not db.session.get(Organization, org.id).has_member(rival)


# ---------------------------------------------------------------- members and invitations


def test_inviting_an_existing_account_only_invites_it_until_it_accepts(api, org, ngo_user, loner, db, run_jobs):
    response = api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": " Loner@NGO.example "})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"status", "invitation_id", "email", "expires_at"}
    assert body["status"] == "invited" and body["email"] == "loner@ngo.example"
    # Not a member yet: the invited person decides.
    assert api(loner).get("/api/v1/auth/me").get_json()["roles"] == []
    assert api(loner).get(f"{URL}/{org.id}").status_code == 404
    [mail] = mails(db, "loner@ngo.example")
    assert "Fundacja Laboratorium Zmiany" in mail.subject and "Olena Kowalczuk" in mail.body
    assert "/invitations/" in mail.body
    assert audit(org.id)[-1][0] == "organization.invite"

    accept_invitation(api(loner), "loner@ngo.example")
    assert api(loner).get("/api/v1/auth/me").get_json()["roles"] == ["ngo"]
    assert api(loner).get(f"{URL}/{org.id}").status_code == 200
    assert db.session.get(Membership, (org.id, loner.id)).invited_by_id == ngo_user.id
    action, _, after = audit(org.id)[-1]
    assert action == "organization.invitation_accept" and after["user_id"] == loner.id
    run_jobs()
    db.session.expire_all()
    assert mails(db, "loner@ngo.example")[0].sent_at is not None


def test_an_invited_address_that_registers_is_no_member_until_it_verifies_and_accepts(api, org, ngo_user, db):
    response = api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": "Nowa@Osoba.example"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "invited" and body["email"] == "nowa@osoba.example"
    invitation = db.session.get(Invitation, body["invitation_id"])
    assert invitation.accepted_at is None and invitation.invited_by_id == ngo_user.id

    registered = api().post(
        "/api/v1/auth/register",
        json={"email": "NOWA@osoba.example", "password": "dobre hasło 123", "full_name": "Nowa Osoba"},
    )
    assert registered.status_code == 201
    user = db.session.get(User, registered.get_json()["id"])
    db.session.expire_all()
    assert not db.session.get(Organization, org.id).has_member(user)  # registration alone joins nothing
    assert db.session.get(Invitation, invitation.id).accepted_at is None

    token = api().post("/api/v1/auth/token", json={"email": "nowa@osoba.example", "password": "dobre hasło 123"})
    newcomer = Api(api().client, token.get_json()["token"])
    refused = newcomer.post("/api/v1/invitations/accept", json={"token": invitation_token("nowa@osoba.example")})
    assert refused.status_code == 403 and refused.get_json()["error"] == "email_unverified"

    verify_by_mail(api().client, "nowa@osoba.example")
    accept_invitation(newcomer, "nowa@osoba.example")
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).accepted_at is not None
    assert db.session.get(Membership, (org.id, user.id)).invited_by_id == ngo_user.id
    assert newcomer.get("/api/v1/auth/me").get_json()["roles"] == ["ngo"]


def test_inviting_the_same_address_again_resends_without_a_second_row(api, org, ngo_user, db):
    for _ in range(2):
        assert api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": "nowa@osoba.example"}).status_code == 201
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    assert len(mails(db, "nowa@osoba.example")) == 2


def test_invitations_of_two_organisations_are_answered_one_by_one(api, org, rival_org, ngo_user, rival, loner, db):
    api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": loner.email})
    api(rival).post(f"{URL}/{rival_org.id}/members", json={"email": loner.email})
    first, second = [link.rsplit("/", 1)[1] for link in links_in_mails(loner.email, "/invitations/")]
    client = api(loner)
    assert client.post("/api/v1/invitations/accept", json={"token": first}).get_json()["organization_id"] == org.id
    assert client.post("/api/v1/invitations/decline", json={"token": second}).status_code == 200
    assert list(db.session.scalars(sa.select(Membership.organization_id).where(Membership.user_id == loner.id))) == [
        org.id
    ]
    assert audit(rival_org.id)[-1][0] == "organization.invitation_decline"


def test_inviting_refuses_a_bad_address_and_a_current_member(api, org, ngo_user, db):
    client = api(ngo_user)
    for payload in ({"email": "nie-adres"}, {"email": ""}, {}):
        response = client.post(f"{URL}/{org.id}/members", json=payload)
        assert response.status_code == 422 and list(response.get_json()["fields"]) == ["email"]
    response = client.post(f"{URL}/{org.id}/members", json={"email": ngo_user.email})
    assert response.status_code == 422 and "już należy" in response.get_json()["fields"]["email"][0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundMail)) == 0


def test_officer_may_not_add_members(api, org, officer, db):
    response = api(officer).post(f"{URL}/{org.id}/members", json={"email": officer.email})
    assert response.status_code == 403
    db.session.expire_all()
    assert not db.session.get(Organization, org.id).has_member(officer)


def test_a_member_removes_another_and_the_last_one_cannot_leave(api, org, ngo_user, loner, db):
    client = api(ngo_user)
    client.post(f"{URL}/{org.id}/members", json={"email": loner.email})
    accept_invitation(api(loner), loner.email)
    assert client.delete(f"{URL}/{org.id}/members/{loner.id}").status_code == 200
    assert api(loner).get(f"{URL}/{org.id}").status_code == 404
    assert audit(org.id)[-1] == ("organization.member_remove", {"user_id": loner.id, "email": loner.email}, None)
    response = client.delete(f"{URL}/{org.id}/members/{ngo_user.id}")
    assert response.status_code == 409 and response.get_json()["error"] == "last_member"
    assert client.delete(f"{URL}/{org.id}/members/{loner.id}").status_code == 404


def test_a_cancelled_invitation_no_longer_makes_a_member(api, org, ngo_user, officer, db):
    invitation_id = (
        api(ngo_user).post(f"{URL}/{org.id}/members", json={"email": "nowa@osoba.example"}).get_json()["invitation_id"]
    )
    assert api(officer).delete(f"{URL}/{org.id}/invitations/{invitation_id}").status_code == 403
    assert api(ngo_user).delete(f"{URL}/{org.id}/invitations/{invitation_id}").status_code == 200
    assert audit(org.id)[-1][0] == "organization.invitation_cancel"
    user_id = (
        api()
        .post(
            "/api/v1/auth/register",
            json={"email": "nowa@osoba.example", "password": "dobre hasło 1", "full_name": "Nowa"},
        )
        .get_json()["id"]
    )
    assert db.session.scalar(sa.select(Membership).where(Membership.user_id == user_id)) is None


def test_openapi_documents_the_organisation_routes(api):
    paths = api().get("/api/v1/openapi.json").get_json()["paths"]
    assert "Create an organisation profile" in paths["/organizations"]["post"]["summary"]
    assert paths["/organizations"]["post"]["requestBody"]
    assert {"get", "patch"} <= set(paths["/organizations/{organization_id}"])
    assert "post" in paths["/organizations/{organization_id}/members"]


# ---------------------------------------------------------------- a second profile with the same NIP or KRS


def test_a_second_profile_with_an_existing_nip_awaits_an_officer(api, org, rival, officer, other_officer, db):
    from grants.organizations.models import ProfileStatus

    copy = api(rival).post("/api/v1/organizations", json=org_payload(krs="0000999999", email="kopia@x.example"))
    assert copy.status_code == 201
    body = copy.get_json()
    assert body["status"] == "awaiting_confirmation" and body["duplicate_of_id"] == org.id
    assert "organization.awaiting_confirmation" in [e.action for e in entries_for("organization", body["id"])]
    # The officers' list (any office's officer): the new profile beside the one that has the number.
    for person in (officer, other_officer):
        listed = api(person).get("/api/v1/organizations/awaiting-confirmation").get_json()
        assert [(i["organization"]["id"], i["same_numbers_as"]["id"]) for i in listed] == [(body["id"], org.id)]
    refused = api(rival).get("/api/v1/organizations/awaiting-confirmation")
    assert refused.status_code == 403
    assert api(rival).post(f"/api/v1/organizations/{body['id']}/confirm").status_code == 403  # not its own word
    no_reason = api(officer).post(f"/api/v1/organizations/{body['id']}/refuse", json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["fields"]
    decided = api(officer).post(f"/api/v1/organizations/{body['id']}/refuse", json={"reason": "Kopia profilu."})
    assert decided.status_code == 200 and decided.get_json()["status"] == "refused"
    assert db.session.get(Organization, body["id"]).status == ProfileStatus.refused
    assert "organization.refuse" in [e.action for e in entries_for("organization", body["id"])]
    again = api(officer).post(f"/api/v1/organizations/{body['id']}/confirm")
    assert again.status_code == 404  # no longer awaiting
    assert api(officer).post(f"/api/v1/organizations/{org.id}/confirm").status_code == 404  # never awaited


def test_editing_into_an_existing_krs_awaits_and_an_officer_confirms_a_branch(api, org, rival, admin, db):
    own = (
        api(rival)
        .post("/api/v1/organizations", json=org_payload(krs="0000999999", nip=None, regon=None, email="o@x.example"))
        .get_json()
    )
    assert own["status"] == "active"
    edited = api(rival).patch(f"/api/v1/organizations/{own['id']}", json={"krs": org.krs})
    assert edited.status_code == 200 and edited.get_json()["status"] == "awaiting_confirmation"
    confirmed = api(admin).post(f"/api/v1/organizations/{own['id']}/confirm", json={"reason": "Oddział terenowy."})
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "active"
    assert "organization.confirm" in [e.action for e in entries_for("organization", own["id"])]
    # Saving it again unchanged does not ask again.
    assert (
        api(rival).patch(f"/api/v1/organizations/{own['id']}", json={"phone": "77 000 00 00"}).get_json()["status"]
        == "active"
    )
