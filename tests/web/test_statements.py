"""The RODO information clause (/privacy, art. 13 of Regulation (EU) 2016/679) and the accessibility statement
(/accessibility, art. 10 of the Act of 4 April 2019, Dz.U. 2019 poz. 848) — public, linked from every page's
footer, naming each office with the contact it set — and the short notice on every form that collects personal
data (templates/_rodo.html)."""

from datetime import timedelta

import pytest

from grants.clock import now_utc
from grants.extensions import db
from grants.offices.models import Office
from grants.public import statements
from tests.smallgrants.helpers_office import desk_world, make_small_grant
from tests.web.pages import parse, text

CONTACT = {"contact_email": "cdo@opole.example", "contact_phone": "+48 77 000 00 00", "dpo_email": "iod@opole.example"}


def set_contact(office_id: int, **values):
    office = db.session.get(Office, office_id)
    for key, value in values.items():
        setattr(office, key, value)
    db.session.commit()


def test_the_privacy_clause_names_the_controller_the_dpo_the_legal_bases_and_the_complaint(client, office):
    set_contact(office.id, parent_body="Prezydent Miasta Opola", address="Rynek-Ratusz, 45-015 Opole", **CONTACT)
    response = client.get("/privacy")
    assert response.status_code == 200
    page = text(response)
    [card] = parse(response).xpath(f'//ul[@id="controllers"]/li[@data-office-id="{office.id}"]')
    card_text = " ".join(card.text_content().split())
    assert "Prezydent Miasta Opola" in card_text and "Rynek-Ratusz, 45-015 Opole" in card_text
    assert card.xpath('.//dd[@class="dpo"]/a/@href') == ["mailto:iod@opole.example"]
    assert "art. 6 ust. 1 lit. c RODO" in page and "art. 6 ust. 1 lit. e RODO" in page
    assert "Prezes Urzędu Ochrony Danych Osobowych" in page and "art. 77 RODO" in page
    for right in ("art. 15 RODO", "art. 16 RODO", "art. 17 RODO", "art. 18 RODO", "art. 21 RODO"):
        assert right in page


def test_without_a_dpo_the_clause_gives_the_office_contact_or_its_address(client, office, other_office):
    set_contact(office.id, contact_email="cdo@opole.example")
    response = client.get("/privacy")
    dpo = {
        li.get("data-office-id"): " ".join(li.xpath('.//dd[@class="dpo"]')[0].text_content().split())
        for li in parse(response).xpath('//ul[@id="controllers"]/li')
    }
    assert "cdo@opole.example" in dpo[str(office.id)]
    assert "Inspektor ochrony danych" in dpo[str(other_office.id)]  # by post, to the office's address


def test_the_accessibility_statement_says_what_how_when_and_whom_to_ask(client, office):
    set_contact(office.id, **CONTACT)
    response = client.get("/accessibility")
    assert response.status_code == 200
    page = text(response)
    assert "Deklaracja dostępności" in page and "Dz.U. 2019 poz. 848" in page
    assert statements.WCAG_LEVEL in page and "390 px" in page and "1280 px" in page and "axe-core" in page
    dates = text_of(response, "a11y-dates")
    assert "4 grudnia 2026 r." in dates  # publication and last update, constants in grants.public.statements
    assert "7 dni" in page and "2 miesięcy" in page and "Rzecznika Praw Obywatelskich" in page
    assert parse(response).xpath('//ul[@id="a11y-offices"]//a[@href="mailto:cdo@opole.example"]')


def text_of(response, element_id: str) -> str:
    return " ".join(parse(response).xpath(f'//*[@id="{element_id}"]')[0].text_content().split())


@pytest.mark.parametrize("path", ["/", "/calls", "/login", "/register", "/privacy"])
def test_every_page_links_both_statements_from_its_footer(client, path):
    footer = parse(client.get(path)).xpath("//footer//a/@href")
    assert "/privacy" in footer and "/accessibility" in footer


def test_the_office_sets_its_contact_and_a_bad_address_is_refused_at_its_field(client, login, officer):
    login(officer)
    form = {
        "contract_number_pattern": "CDO-RIPS.525.{seq}.{year}",
        "treasurer": "",
        "contract_place": "",
        "bank_account": "",
        **CONTACT,
        "dpo_email": "iod(at)opole",
    }
    refused = client.post("/office/contract-settings", data=form)
    assert refused.status_code == 422
    assert parse(refused).xpath('//input[@name="dpo_email"]/@value') == ["iod(at)opole"]  # nothing typed is lost
    assert parse(refused).xpath('//input[@name="contact_phone"]/@value') == ["+48 77 000 00 00"]
    assert "Podaj adres e-mail" in text_of(refused, "f-dpo_email-error")
    saved = client.post("/office/contract-settings", data={**form, "dpo_email": "IOD@Opole.example"})
    assert saved.status_code == 302
    office = db.session.get(Office, officer.office_id)
    assert (office.contact_email, office.contact_phone, office.dpo_email) == (
        "cdo@opole.example",
        "+48 77 000 00 00",
        "iod@opole.example",
    )


# ---------------------------------------------------------------- the notice on forms with personal data


def notice(response):
    found = parse(response).xpath('//form//p[contains(@class, "rodo-notice")]')
    assert found, "no RODO notice in a form"
    assert found[0].xpath('.//a[@href="/privacy"]')
    return " ".join(found[0].text_content().split())


def test_the_account_and_organisation_forms_carry_the_notice(client, login, ngo_user, make_org, db):
    assert "art. 6 ust. 1 lit. c i e RODO" in notice(client.get("/register"))
    organization = make_org("Fundacja GEKO", members=[ngo_user])
    login(ngo_user)
    notice(client.get("/ngo/organizations/new"))
    notice(client.get(f"/ngo/organizations/{organization.id}/edit"))
    notice(client.get(f"/ngo/organizations/{organization.id}/members"))  # the invitation names a person's address


def test_the_offer_summary_names_the_office_as_controller(client, login, ngo_user, org, draft, office):
    set_contact(office.id, parent_body="Prezydent Miasta Opola")
    offer = draft()
    login(ngo_user)
    assert "Prezydent Miasta Opola" in notice(client.get(f"/ngo/offers/{offer['id']}/summary"))


def test_the_public_comment_form_of_a_small_grant_carries_the_notice(client, api, office, officer, make_org):
    world = desk_world(api, office, officer, make_org)
    published = make_small_grant(
        world.office, world.organization, status="published", published_at=now_utc() - timedelta(days=2)
    )
    assert "urząd prowadzący sprawę" in notice(client.get(f"/small-grants/{published.id}"))


def test_the_justification_request_form_carries_the_notice(client, awarded):
    assert awarded.call.office.name in notice(client.get(f"/calls/{awarded.call.id}/results"))
