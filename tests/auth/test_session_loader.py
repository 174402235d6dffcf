"""Who signs a request is read in one statement (issue 13): the user, its office, its roles and whether it
belongs to an organisation (the header's NGO links on every staff page) — and still exactly: a membership
added or removed in the same transaction changes the answer, and a rotated session token, a deactivated
account or a removed role take effect on the next request. The API's bearer token reads its holder the same
way, and a revoked token or a deactivated holder is still refused."""

import lxml.html

from tests.helpers import counting_statements

NGO_LINKS = '//nav//a[@href="/ngo/contracts"]'


def _ngo_links(page: str) -> list:
    return lxml.html.fromstring(page).xpath(NGO_LINKS)


def test_a_staff_page_reads_who_signs_it_in_one_statement(client, login, evaluator, db):
    login(evaluator)
    client.get("/account/")
    with counting_statements(db) as count:
        page = client.get("/account/")
    assert page.status_code == 200 and "Ewa Oceniająca" in page.get_data(as_text=True)
    assert count() == 1


def test_the_ngo_links_follow_the_staff_persons_membership(client, login, evaluator, make_org, db):
    from grants.organizations.models import Membership

    login(evaluator)
    assert _ngo_links(client.get("/account/").get_data(as_text=True)) == []

    organization = make_org("Fundacja Oceniającej", members=[evaluator])
    assert len(_ngo_links(client.get("/account/").get_data(as_text=True))) == 1

    db.session.delete(db.session.get(Membership, (organization.id, evaluator.id)))
    db.session.commit()
    assert _ngo_links(client.get("/account/").get_data(as_text=True)) == []


def test_a_membership_changed_in_the_transaction_changes_the_answer(evaluator, make_org, db):
    from grants.auth.models import User
    from grants.auth.session import signed_in_options
    from grants.organizations.models import Membership

    organization = make_org("Fundacja Bez Oceniającej")
    user = db.session.get(User, evaluator.id, options=signed_in_options(), populate_existing=True)
    assert user.is_ngo_member is False

    db.session.add(Membership(organization_id=organization.id, user_id=user.id))
    db.session.flush()
    assert user.is_ngo_member is True

    db.session.delete(db.session.get(Membership, (organization.id, user.id)))
    db.session.flush()
    assert user.is_ngo_member is False


def test_deactivation_and_a_removed_role_take_effect_on_the_next_request(client, login, officer, db):
    from grants.auth.models import Role, UserRole

    login(officer)
    assert client.get("/office/").status_code == 200

    db.session.delete(db.session.get(UserRole, (officer.id, Role.officer)))
    db.session.commit()
    assert client.get("/office/").status_code == 403

    officer.active = False
    db.session.commit()
    response = client.get("/account/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_api_request_reads_its_token_holder_in_one_statement(api, evaluator, db):
    client = api(evaluator)
    client.get("/api/v1/auth/me")
    with counting_statements(db) as count:
        response = client.get("/api/v1/auth/me")
    assert response.status_code == 200 and response.get_json()["roles"] == ["evaluator"]
    assert count() == 1


def test_the_token_holders_roles_and_membership_are_those_of_the_request(api, evaluator, make_org, db):
    from grants.auth.models import Role, UserRole

    client = api(evaluator)
    make_org("Fundacja Oceniającej", members=[evaluator])
    assert client.get("/api/v1/auth/me").get_json()["roles"] == ["evaluator", "ngo"]

    db.session.delete(db.session.get(UserRole, (evaluator.id, Role.evaluator)))
    db.session.commit()
    assert client.get("/api/v1/auth/me").get_json()["roles"] == ["ngo"]


def test_a_revoked_token_is_refused_while_the_holders_other_token_still_works(api, officer):
    first, second = api(officer), api(officer)
    assert first.delete("/api/v1/auth/token").status_code == 200
    refused = first.get("/api/v1/auth/me")
    assert refused.status_code == 401 and refused.get_json()["error"] == "unauthorized"
    assert second.get("/api/v1/auth/me").status_code == 200


def test_a_token_of_a_deactivated_account_is_refused_even_if_not_revoked(api, evaluator, db):
    from grants.auth.models import ApiToken

    client = api(evaluator)
    evaluator.active = False  # as the shell would, without set_active's revocation of the tokens
    db.session.commit()
    assert db.session.scalar(db.select(ApiToken.id).where(ApiToken.revoked_at.is_(None)))
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_unknown_or_someone_elses_hash_is_refused(api, officer, db):
    from grants.auth.models import ApiToken

    client = api(officer)
    stored = db.session.scalar(db.select(ApiToken.token_hash))
    for forged in (stored, client.token + "x", ""):
        response = api().client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401
