"""The NGO's pages: "Moje organizacje", the profile form (without JavaScript) and the members page."""

import lxml.html
import pytest
import sqlalchemy as sa

from grants.audit.log import entries_for
from grants.mail import OutboundMail
from grants.organizations.models import Invitation, Membership, Organization
from tests.auth.helpers import link_in_mail, verify_by_mail
from tests.organizations.helpers import VALID_NRB


def parse(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def value_of(response, element_id: str) -> str:
    [el] = parse(response).xpath(f'//*[@id="{element_id}"]')
    if el.tag == "textarea":
        return el.text or ""
    if el.tag == "select":
        chosen = el.xpath(".//option[@selected]/@value")
        return chosen[0] if chosen else ""
    return el.get("value") or ""


def errors_at(response, field_id: str) -> list[str]:
    return [li.text_content().strip() for li in parse(response).xpath(f'//*[@id="{field_id}-error"]/li')]


def summary_links(response) -> dict[str, str]:
    return {a.get("href"): a.text_content().strip() for a in parse(response).xpath('//*[@class="error-summary"]//a')}


def flashes(response, category: str) -> list[str]:
    return [p.text_content().strip() for p in parse(response).xpath(f'//p[contains(@class, "flash-{category}")]')]


def page_text(response) -> str:
    return " ".join(parse(response).text_content().split())


def nav_links(response) -> list[str]:
    return [a.text_content().strip() for a in parse(response).xpath("//nav//a")]


def form_post(**overrides) -> dict:
    """The profile form as a browser posts it: flat strings, dotted names, a blank row left blank."""
    data = {
        "name": "Fundacja Laboratorium Zmiany",
        "legal_form": "fundacja",
        "krs": "0000123456",
        "registry_name": "",
        "registry_number": "",
        "nip": "123-456-32-18",
        "regon": "123456785",
        "address.street": "ul. Krakowska 12/3",
        "address.postal_code": "45-068",
        "address.city": "Opole",
        "email": "biuro@labzmiany.example",
        "phone": "",
        "website": "",
        "bank_account": "PL61 1090 1014 0000 0712 1981 2874",
        "representatives.0.full_name": "Marta Zielińska",
        "representatives.0.function": "prezeska zarządu",
        "representatives.1.full_name": "",
        "representatives.1.function": "",
        "representatives.2.full_name": "Piotr Nowak",
        "representatives.2.function": "członek zarządu",
        "representation_rule": "dwóch członków zarządu łącznie\r\nlub prezeska samodzielnie",
    }
    data.update(overrides)
    return data


def only_org(db) -> Organization:
    return db.session.scalars(sa.select(Organization)).one()


# ---------------------------------------------------------------- access


@pytest.mark.parametrize(
    "path",
    [
        "/ngo/",
        "/ngo/organizations/new",
        "/ngo/organizations/{id}",
        "/ngo/organizations/{id}/edit",
        "/ngo/organizations/{id}/members",
    ],
)
def test_anonymous_is_sent_to_the_login_page(client, org, path):
    response = client.get(path.format(id=org.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_nav_shows_my_organisations_to_ngo_people_only(client, login, ngo_user, officer):
    assert "Moje organizacje" not in nav_links(client.get("/"))
    login(ngo_user)
    assert "Moje organizacje" in nav_links(client.get("/"))
    client.post("/logout")
    login(officer)
    assert "Moje organizacje" not in nav_links(client.get("/"))


@pytest.mark.parametrize(
    "path", ["/ngo/organizations/{id}", "/ngo/organizations/{id}/edit", "/ngo/organizations/{id}/members"]
)
def test_another_organisations_member_gets_404(client, login, org, rival, rival_org, path):
    login(rival)
    assert client.get(path.format(id=org.id)).status_code == 404


def test_another_organisations_member_cannot_post_either(client, login, org, rival, rival_org, db):
    login(rival)
    assert client.post(f"/ngo/organizations/{org.id}/edit", data=form_post(name="Przejęta")).status_code == 404
    assert client.post(f"/ngo/organizations/{org.id}/members", data={"email": rival.email}).status_code == 404
    db.session.expire_all()
    organization = db.session.get(Organization, org.id)
    assert organization.name == "Fundacja Laboratorium Zmiany" and not organization.has_member(rival)


def test_officer_reads_the_profile_but_may_not_edit(client, login, org, officer, db):
    login(officer)
    response = client.get(f"/ngo/organizations/{org.id}")
    assert response.status_code == 200
    assert parse(response).xpath('//*[@id="bank-account"]')[0].text_content() == "61 1090 1014 0000 0712 1981 2874"
    assert not parse(response).xpath(f'//a[@href="/ngo/organizations/{org.id}/edit"]')
    assert client.get(f"/ngo/organizations/{org.id}/edit").status_code == 403
    assert client.post(f"/ngo/organizations/{org.id}/edit", data=form_post(name="Przejęta")).status_code == 403
    members = client.get(f"/ngo/organizations/{org.id}/members")
    assert members.status_code == 200 and not parse(members).xpath('//input[@name="email"]')
    assert client.post(f"/ngo/organizations/{org.id}/members", data={"email": officer.email}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Fundacja Laboratorium Zmiany"


# ---------------------------------------------------------------- dashboard


def test_dashboard_without_organisations_explains_how_to_join_or_create(client, login, loner):
    login(loner)
    response = client.get("/ngo/")
    assert response.status_code == 200
    assert "Nie należysz jeszcze do żadnej organizacji" in page_text(response)
    assert parse(response).xpath('//main//a[@href="/ngo/organizations/new"]')


def test_dashboard_lists_my_organisations_and_pending_invitations(client, login, org, rival_org, ngo_user, db):
    login(ngo_user)
    client.post(f"/ngo/organizations/{org.id}/members", data={"email": "nowa@osoba.example"})
    response = client.get("/ngo/")
    cards = parse(response).xpath('//li[@class="card"]')
    assert [card.get("id") for card in cards] == [f"organization-{org.id}"]
    card_text = " ".join(cards[0].text_content().split())
    assert "Fundacja Laboratorium Zmiany" in card_text and "KRS 0000123456" in card_text
    assert "nowa@osoba.example" in card_text and "Zaproszenia czekające" in card_text
    assert "Chciej" not in page_text(response)


# ---------------------------------------------------------------- create


def test_create_form_saves_the_profile_and_makes_me_a_member(client, login, ngo_user, db):
    login(ngo_user)
    assert client.get("/ngo/organizations/new").status_code == 200
    response = client.post("/ngo/organizations/new", data=form_post())
    assert response.status_code == 302
    organization = only_org(db)
    assert response.headers["Location"] == f"/ngo/organizations/{organization.id}"
    assert organization.has_member(ngo_user)
    assert organization.nip == "1234563218" and organization.bank_account == VALID_NRB
    # The blank middle row is dropped; the rest keep their order.
    assert organization.representatives == [
        {"full_name": "Marta Zielińska", "function": "prezeska zarządu"},
        {"full_name": "Piotr Nowak", "function": "członek zarządu"},
    ]
    assert organization.representation_rule == "dwóch członków zarządu łącznie\nlub prezeska samodzielnie"
    assert organization.phone is None and organization.website is None
    assert [e.action for e in entries_for("organization", organization.id)] == ["organization.create"]
    page = client.get(response.headers["Location"])
    assert flashes(page, "success") and "61 1090 1014 0000 0712 1981 2874" in page_text(page)


def test_create_form_with_errors_is_422_with_summary_messages_at_fields_and_values_kept(client, login, ngo_user, db):
    login(ngo_user)
    response = client.post(
        "/ngo/organizations/new",
        data=form_post(
            **{
                "nip": "1234563219",
                "address.postal_code": "45068",
                "krs": "",
                "representatives.2.function": "",
                "bank_account": "61 1090 1014 0000 0712 1981 2875",
            }
        ),
    )
    assert response.status_code == 422
    links = summary_links(response)
    assert set(links) == {
        "#f-nip",
        "#f-address-postal_code",
        "#f-krs",
        "#f-representatives-1-function",
        "#f-bank_account",
    }
    assert errors_at(response, "f-nip") == [
        "NIP ma 10 cyfr; sprawdź, czy nie zamieniono cyfr — suma kontrolna się nie zgadza."
    ]
    assert "NN-NNN" in errors_at(response, "f-address-postal_code")[0]
    assert "funkcję" in errors_at(response, "f-representatives-1-function")[0]
    # Everything typed comes back, the blank row dropped so row 1 is the one with the error.
    assert value_of(response, "f-nip") == "1234563219"
    assert value_of(response, "f-name") == "Fundacja Laboratorium Zmiany"
    assert value_of(response, "f-legal_form") == "fundacja"
    assert value_of(response, "f-address-street") == "ul. Krakowska 12/3"
    assert value_of(response, "f-address-postal_code") == "45068"
    assert value_of(response, "f-bank_account") == "61 1090 1014 0000 0712 1981 2875"
    assert value_of(response, "f-representatives-1-full_name") == "Piotr Nowak"
    assert value_of(response, "f-representation_rule").startswith("dwóch członków zarządu łącznie")
    # The control points at its error for screen readers.
    [nip_input] = parse(response).xpath('//*[@id="f-nip"]')
    assert nip_input.get("aria-invalid") == "true" and "f-nip-error" in nip_input.get("aria-describedby")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_create_form_without_any_representative_points_at_the_table(client, login, ngo_user):
    login(ngo_user)
    response = client.post(
        "/ngo/organizations/new",
        data=form_post(
            **{
                "representatives.0.full_name": "",
                "representatives.0.function": "",
                "representatives.2.full_name": "",
                "representatives.2.function": "",
            }
        ),
    )
    assert response.status_code == 422
    assert "#f-representatives" in summary_links(response)
    assert errors_at(response, "f-representatives")
    assert value_of(response, "f-representatives-0-full_name") == ""


# ---------------------------------------------------------------- edit


def test_edit_form_is_prefilled_and_saves_a_change(client, login, org, ngo_user, db):
    login(ngo_user)
    page = client.get(f"/ngo/organizations/{org.id}/edit")
    assert page.status_code == 200
    assert value_of(page, "f-bank_account") == "61 1090 1014 0000 0712 1981 2874"
    assert value_of(page, "f-address-city") == "Opole"
    assert value_of(page, "f-representatives-1-full_name") == "Piotr Nowak"
    data = dict(parse(page).xpath("//main//form[not(@action)]")[0].form_values())
    data["address.city"] = "Opole-Zaodrze"
    response = client.post(f"/ngo/organizations/{org.id}/edit", data=data)
    assert response.status_code == 302, page_text(response)[:500]
    db.session.expire_all()
    organization = db.session.get(Organization, org.id)
    assert organization.city == "Opole-Zaodrze" and organization.bank_account == VALID_NRB
    [update] = [e for e in entries_for("organization", org.id) if e.action == "organization.update"]
    assert (update.before, update.after) == ({"city": "Opole"}, {"city": "Opole-Zaodrze"})


def test_edit_form_with_errors_keeps_the_typed_values(client, login, org, ngo_user, db):
    login(ngo_user)
    response = client.post(
        f"/ngo/organizations/{org.id}/edit", data=form_post(name="Nowa nazwa", regon="123456786", email="biuro")
    )
    assert response.status_code == 422
    assert set(summary_links(response)) == {"#f-regon", "#f-email"}
    assert value_of(response, "f-name") == "Nowa nazwa" and value_of(response, "f-regon") == "123456786"
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Fundacja Laboratorium Zmiany"


# ---------------------------------------------------------------- members


def test_members_page_invites_an_existing_account_which_stays_out_until_it_accepts(
    client, login, org, ngo_user, loner, db
):
    login(ngo_user)
    response = client.post(f"/ngo/organizations/{org.id}/members", data={"email": loner.email})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Wysłaliśmy zaproszenie na adres loner@ngo.example" in flashes(page, "success")[0]
    assert not parse(page).xpath(f'//tr[@id="member-{loner.id}"]')
    assert "loner@ngo.example" in parse(page).xpath('//*[@id="invitations"]')[0].text_content()
    db.session.expire_all()
    assert not db.session.get(Organization, org.id).has_member(loner)
    assert db.session.scalars(sa.select(OutboundMail.recipient)).all() == [loner.email]

    client.post("/logout")
    login(loner)
    invitation_page = link_in_mail(loner.email, "/invitations/")
    assert client.post(invitation_page + "/accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Organization, org.id).has_member(loner)


def test_members_page_invites_an_unregistered_address_who_registers_verifies_and_accepts(
    client, login, org, ngo_user, db
):
    login(ngo_user)
    response = client.post(f"/ngo/organizations/{org.id}/members", data={"email": "nowa@osoba.example"})
    page = client.get(response.headers["Location"])
    assert "zaproszenie" in flashes(page, "success")[0]
    assert "nowa@osoba.example" in " ".join(parse(page).xpath('//*[@id="invitations"]')[0].text_content().split())
    client.post("/logout")

    invitation_page = link_in_mail("nowa@osoba.example", "/invitations/")
    landing = client.get(invitation_page)
    assert landing.status_code == 200 and "Fundacja Laboratorium Zmiany" in page_text(landing)
    [register_link] = parse(landing).xpath('//main//a[starts-with(@href, "/register")]/@href')
    registered = client.post(
        register_link, data={"full_name": "Nowa Osoba", "email": "nowa@osoba.example", "password": "dobre hasło 123"}
    )
    assert registered.status_code == 302 and registered.headers["Location"] == invitation_page
    waiting = client.get(invitation_page)
    assert "Najpierw potwierdź swój adres e-mail" in page_text(waiting)
    assert client.post(invitation_page + "/accept").status_code == 403
    assert db.session.scalars(sa.select(Invitation.accepted_at)).one() is None

    verified = verify_by_mail(client, "nowa@osoba.example")
    assert verified.headers["Location"] == invitation_page  # back to the invitation that waited
    assert client.post(invitation_page + "/accept").status_code == 302
    dashboard = client.get("/ngo/")
    assert parse(dashboard).xpath(f'//li[@id="organization-{org.id}"]')
    assert db.session.scalars(sa.select(Invitation.accepted_at)).one() is not None


def test_members_page_refuses_a_bad_address_keeping_it(client, login, org, ngo_user):
    login(ngo_user)
    response = client.post(f"/ngo/organizations/{org.id}/members", data={"email": "nie-adres"})
    assert response.status_code == 422
    assert value_of(response, "f-email") == "nie-adres"
    assert errors_at(response, "f-email") and "#f-email" in summary_links(response)


def test_cancel_invitation_and_remove_member_from_the_page(client, login, org, ngo_user, loner, db):
    org.memberships.append(Membership(user_id=loner.id))
    db.session.commit()
    login(ngo_user)
    client.post(f"/ngo/organizations/{org.id}/members", data={"email": "nowa@osoba.example"})
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert client.post(f"/ngo/organizations/{org.id}/invitations/{invitation.id}/cancel").status_code == 302
    assert db.session.scalars(sa.select(Invitation.cancelled_at)).one() is not None
    assert not parse(client.get(f"/ngo/organizations/{org.id}/members")).xpath('//*[@id="invitations"]')
    assert client.post(f"/ngo/organizations/{org.id}/members/{loner.id}/remove").status_code == 302
    db.session.expire_all()
    assert not db.session.get(Organization, org.id).has_member(loner)
    actions = [e.action for e in entries_for("organization", org.id)]
    assert actions[-2:] == ["organization.invitation_cancel", "organization.member_remove"]


def test_the_last_member_cannot_leave(client, login, org, ngo_user, db):
    login(ngo_user)
    response = client.post(f"/ngo/organizations/{org.id}/members/{ngo_user.id}/remove")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "co najmniej jednego członka" in flashes(page, "error")[0]
    db.session.expire_all()
    assert db.session.get(Organization, org.id).has_member(ngo_user)


def test_error_summary_follows_the_order_of_the_form(client, login, ngo_user):
    login(ngo_user)
    response = client.post(
        "/ngo/organizations/new",
        data=form_post(
            **{
                "representation_rule": "x" * 2001,
                "representatives.2.function": "",
                "bank_account": "1",
                "address.city": "",
                "krs": "",
                "name": "",
            }
        ),
    )
    assert response.status_code == 422
    assert list(summary_links(response)) == [
        "#f-name",
        "#f-krs",
        "#f-address-city",
        "#f-bank_account",
        "#f-representatives-1-function",
        "#f-representation_rule",
    ]


# ---------------------------------------------------------------- caching


def test_every_ngo_page_is_no_store(client, login, ngo_user, org):
    """The profile shows the bank account, the dashboard the organisations: no browser or proxy keeps them."""
    login(ngo_user)
    for url in ("/ngo/", f"/ngo/organizations/{org.id}", f"/ngo/organizations/{org.id}/edit", "/ngo/offers/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    assert client.get("/ngo").headers["Cache-Control"] == "no-store"  # the redirect to the slash as well


def test_public_pages_stay_cacheable(client, office):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


# ---------------------------------------------------------------- a second profile with the same NIP or KRS


def test_the_ngo_sees_why_and_the_officer_decides_side_by_side(app, client, login, ngo_user, org, rival, officer, db):
    from tests.helpers import PASSWORD

    login(rival)
    created = client.post("/ngo/organizations/new", data=form_post(krs="0000999999", email="kopia@x.example"))
    assert created.status_code == 302
    copy = db.session.scalar(sa.select(Organization).where(Organization.krs == "0000999999"))
    detail = client.get(f"/ngo/organizations/{copy.id}")
    assert "Profil czeka na potwierdzenie przez urząd." in page_text(detail)
    assert "Profil czeka na potwierdzenie przez urząd." in page_text(client.get("/ngo/"))
    assert client.get("/office/organizations/awaiting").status_code == 403  # an NGO member

    office = app.test_client()
    office.post("/login", data={"email": officer.email, "password": PASSWORD})
    listing = office.get("/office/organizations/awaiting")
    assert listing.status_code == 200
    card = parse(listing).xpath(f'//*[@id="awaiting-card-{copy.id}"]')[0]
    assert copy.name in card.text_content() and org.name in card.text_content()  # side by side
    blank = office.post(f"/office/organizations/{copy.id}/refuse", data={f"reason-{copy.id}": ""})
    assert blank.status_code == 422 and errors_at(blank, f"f-reason-{copy.id}")
    refused = office.post(f"/office/organizations/{copy.id}/refuse", data={f"reason-{copy.id}": "To kopia."})
    assert refused.status_code == 302
    assert "To kopia." in page_text(client.get(f"/ngo/organizations/{copy.id}"))
    assert "organization.refuse" in [e.action for e in entries_for("organization", copy.id)]
    assert parse(office.get("/office/organizations/awaiting")).xpath('//*[@id="nothing-awaiting"]')
