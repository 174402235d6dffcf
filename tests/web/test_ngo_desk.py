"""The NGO's desk (/ngo/, issue 11): the first steps of a new account (the address, a profile, an offer), the
first suggestion of a new profile (an offer, then the members), and each offer with its deadline, status in words
and next step — the same statements for 2 offers or 20, for one organisation or three."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from freezegun import freeze_time

from grants.auth.models import User
from grants.clock import now_utc
from grants.contracts.models import ContractStatus
from grants.offers.models import OfferStatus
from grants.organizations import desk
from grants.review.models import FormalStatus
from tests.helpers import PASSWORD, counting_statements
from tests.web.pages import flashes, parse

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def step_of(response, offer_id) -> str:
    [row] = parse(response).xpath(f'//table[@id="desk-offers"]//tr[@data-offer-id="{offer_id}"]')
    return row.get("data-step")


def row_text(response, offer_id) -> str:
    [row] = parse(response).xpath(f'//table[@id="desk-offers"]//tr[@data-offer-id="{offer_id}"]')
    return " ".join(row.text_content().split())


# ---------------------------------------------------------------- a new account, a new profile


def test_after_registering_the_desk_says_what_comes_next(client, db):
    response = client.post(
        "/register", data={"email": "nowa@osoba.example", "password": PASSWORD, "full_name": "Nowa Osoba"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/ngo/"
    page = client.get("/ngo/")
    doc = parse(page)
    steps = [li.get("id") for li in doc.xpath('//section[@id="first-steps"]//ol/li')]
    assert steps == ["step-email", "step-organization", "step-offer"]
    assert "Potwierdź adres e-mail" in doc.xpath('//li[@id="step-email"]')[0].text_content()
    assert doc.xpath('//li[@id="step-email"]//form[@action="/account/verify-email/resend"]')
    assert doc.xpath('//li[@id="step-organization"]//a[@href="/ngo/organizations/new"]')
    assert doc.xpath('//li[@id="step-offer"]//a[@href="/calls"]')


def test_a_verified_account_sees_its_address_confirmed_in_the_first_steps(client, login, ngo_user):
    login(ngo_user)
    step = parse(client.get("/ngo/")).xpath('//li[@id="step-email"]')[0].text_content()
    assert "jest potwierdzony" in step


def test_a_new_profile_suggests_an_offer_first_and_members_second(client, login, ngo_user, db):
    from tests.organizations.test_organization_pages import form_post

    login(ngo_user)
    response = client.post("/ngo/organizations/new", data=form_post())
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Następny krok: złóż ofertę" in " ".join(flashes(page, "success"))
    links = parse(page).xpath('//div[starts-with(@id, "next-steps-")]//a/@href')
    assert links[0] == "/calls" and links[-1].endswith("/members")
    desk_links = parse(client.get("/ngo/")).xpath('//div[starts-with(@id, "next-steps-")]//a/@href')
    assert desk_links == links
    assert not parse(client.get("/ngo/")).xpath('//section[@id="first-steps"]')  # it has an organisation now


def test_a_partner_in_a_joint_offer_is_not_told_to_make_its_first_offer(
    client, login, api, ngo_user, other_ngo_user, other_org, draft
):
    offer = draft()
    url = f"/api/v1/offers/{offer['id']}"
    assert api(ngo_user).patch(url, json={"partners": [other_org.id]}).status_code == 200
    login(other_ngo_user)
    suggestion = f'//div[@id="next-steps-{other_org.id}"]'
    assert parse(client.get("/ngo/")).xpath(suggestion)  # asked, not yet a partner: no offer of its own
    assert api(other_ngo_user).post(f"{url}/partners/{other_org.id}/confirm").status_code == 200
    page = client.get("/ngo/")
    assert not parse(page).xpath(suggestion)
    assert step_of(page, offer["id"]) == desk.EDIT_DRAFT


# ---------------------------------------------------------------- offers and their next steps


def test_a_draft_shows_until_when_it_can_be_submitted_and_a_submitted_one_its_confirmation(
    client, login, api, ngo_user, org, draft, open_call
):
    editing = draft()
    submitted = draft()
    assert api(ngo_user).post(f"/api/v1/offers/{submitted['id']}/submit").status_code == 200
    login(ngo_user)
    page = client.get("/ngo/")
    assert step_of(page, editing["id"]) == desk.EDIT_DRAFT
    assert "Uzupełnij i złóż ofertę do" in row_text(page, editing["id"])
    assert parse(page).xpath(
        f'//tr[@data-offer-id="{editing["id"]}"]//td[contains(@class, "next-step")]'
        f'//a[@href="/ngo/offers/{editing["id"]}"]'
    )
    assert step_of(page, submitted["id"]) == desk.SEND_CONFIRMATION
    assert "potwierdzenie" in row_text(page, submitted["id"])
    assert not parse(page).xpath('//div[starts-with(@id, "next-steps-")]')  # the organisation has offers


def test_after_the_results_the_desk_leads_to_the_contract(client, login, awarded, make_contract, db):
    login(awarded.rejected.user)
    page = client.get("/ngo/")
    assert step_of(page, awarded.rejected.id) == desk.NOT_FUNDED and "bez dotacji" in row_text(
        page, awarded.rejected.id
    )
    client.post("/logout")

    login(awarded.full.user)
    assert step_of(client.get("/ngo/"), awarded.full.id) == desk.AWAITING_CONTRACT
    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    db.session.commit()
    page = client.get("/ngo/")
    assert step_of(page, awarded.full.id) == desk.SIGN_CONTRACT
    assert parse(page).xpath(f'//tr[@data-offer-id="{awarded.full.id}"]//a[@href="/ngo/contracts/{contract.id}"]')


def test_the_desk_reads_the_same_number_of_statements_for_2_and_20_offers(
    client, login, api, ngo_user, org, open_call, draft, db
):
    as_ngo = api(ngo_user)
    login(ngo_user)
    call, organization = SimpleNamespace(id=open_call.id), SimpleNamespace(id=org.id)  # only their ids are used
    made, counts = 0, []
    for n in (2, 20):
        for i in range(made, n):
            offer = draft(client=as_ngo, call=call, organization=organization)
            if i % 2:
                assert as_ngo.post(f"/api/v1/offers/{offer['id']}/submit").status_code == 200
        made = n
        db.session.expunge_all()
        with counting_statements(db) as statements:
            page = client.get("/ngo/")
        assert page.status_code == 200 and len(parse(page).xpath('//table[@id="desk-offers"]//tbody/tr')) == n
        counts.append(statements())
    assert counts[0] == counts[1], counts


def card_text(response, organization_id) -> str:
    [card] = parse(response).xpath(f'//li[@id="organization-{organization_id}"]')
    return " ".join(card.text_content().split())


def test_each_organisation_shows_its_unanswered_invitations_oldest_first_in_one_statement_for_all(
    client, login, api, ngo_user, org, make_org, other_ngo_user, other_org, db
):
    def invite(member, organization_id, email) -> int:
        response = api(member).post(f"/api/v1/organizations/{organization_id}/members", json={"email": email})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["invitation_id"]

    def desk(person_id):
        client.post("/logout")
        db.session.expunge_all()
        login(db.session.get(User, person_id))
        db.session.expunge_all()
        with counting_statements(db) as statements:
            page = client.get("/ngo/")
        assert page.status_code == 200
        return page, statements()

    first, second, third = org.id, make_org("Drugie", members=[ngo_user]).id, make_org("Trzecie", members=[ngo_user]).id
    invite(ngo_user, first, "pierwsza@osoba.example")
    invite(ngo_user, first, "druga@osoba.example")
    withdrawn = invite(ngo_user, first, "wycofana@osoba.example")
    with freeze_time(now_utc() + timedelta(minutes=5)):
        invite(ngo_user, first, "pierwsza@osoba.example")  # invited again: its link is now the newest
    invite(ngo_user, third, "o'brien@osoba.example")
    other = other_org.id
    invite(other_ngo_user, other, "cudza@osoba.example")
    people = {"one organisation": other_ngo_user.id, "three": ngo_user.id}
    login(ngo_user)
    assert client.post(f"/ngo/organizations/{first}/invitations/{withdrawn}/cancel").status_code == 302

    page, one = desk(people["one organisation"])
    assert "Zaproszenia czekające na przyjęcie: cudza@osoba.example" in card_text(page, other)
    page, three = desk(people["three"])
    waiting = "Zaproszenia czekające na przyjęcie: druga@osoba.example, pierwsza@osoba.example"
    assert waiting in card_text(page, first)
    assert "Zaproszenia" not in card_text(page, second)
    assert "Zaproszenia czekające na przyjęcie: o'brien@osoba.example" in card_text(page, third)
    html = page.get_data(as_text=True)
    assert "o&#39;brien@osoba.example" in html  # escaped
    assert "cudza@" not in html and "wycofana@" not in html  # another's organisation, a withdrawn invitation
    assert one == three, (one, three)


def test_each_card_counts_its_members_and_says_why_a_profile_cannot_act(
    client, login, ngo_user, org, colleague, make_org
):
    from grants.organizations.models import ProfileStatus

    first = org.id
    refused = make_org("Kopia", members=[ngo_user], status=ProfileStatus.refused, review_note="To <kopia>.").id
    login(ngo_user)
    page = client.get("/ngo/")
    assert "2 członków" in card_text(page, first) and "Urząd nie potwierdził" not in card_text(page, first)
    assert "1 członek" in card_text(page, refused) and "Urząd nie potwierdził tego profilu." in card_text(page, refused)
    assert "Powód: To &lt;kopia&gt;." in page.get_data(as_text=True)


def test_a_member_without_a_verified_address_is_not_shown_who_was_invited(client, login, api, ngo_user, org, db):
    """The members' page and the API refuse such a member (403 email_unverified): the desk lists the
    organisation, not the addresses invited to it."""
    first = org.id
    invited = api(ngo_user).post(f"/api/v1/organizations/{first}/members", json={"email": "nowa@osoba.example"})
    assert invited.status_code == 201, invited.get_json()
    login(ngo_user)
    assert "nowa@osoba.example" in card_text(client.get("/ngo/"), first)
    db.session.get(User, ngo_user.id).email_verified_at = None
    db.session.commit()
    card = card_text(client.get("/ngo/"), first)
    assert "Fundacja GEKO" in card and "nowa@osoba.example" not in card and "Zaproszenia czekające" not in card
    assert client.get(f"/ngo/organizations/{first}/members").status_code == 403


# ---------------------------------------------------------------- the rule itself


def _offer(status, *, open_=True, correction_deadline=None, confirmed=False):
    call = SimpleNamespace(submission_deadline=NOW + timedelta(days=3), is_open=lambda now: open_)
    version = SimpleNamespace(confirmation=object() if confirmed else None)
    offer = SimpleNamespace(status=status, call=call, current_version=version, correction_deadline=correction_deadline)
    offer.correction_open = lambda now: correction_deadline is not None and now < correction_deadline
    return offer


@pytest.mark.parametrize(
    "offer, expected",
    [
        (_offer(OfferStatus.draft), desk.EDIT_DRAFT),
        (_offer(OfferStatus.withdrawn), desk.EDIT_DRAFT),
        (_offer(OfferStatus.draft, open_=False), desk.DEADLINE_MISSED),
        (_offer(OfferStatus.submitted), desk.SEND_CONFIRMATION),
        (_offer(OfferStatus.submitted, confirmed=True), desk.AWAITING_REVIEW),
        (_offer(OfferStatus.correction, correction_deadline=NOW + timedelta(days=2)), desk.CORRECT),
        (_offer(OfferStatus.correction, correction_deadline=NOW - timedelta(days=1)), desk.CORRECTION_LAPSED),
    ],
)
def test_the_next_step_before_the_results(offer, expected):
    step = desk.next_step(offer, NOW, outcome=None)
    assert step["key"] == expected
    if expected == desk.CORRECT:
        assert step["when"] == offer.correction_deadline


def test_the_formal_check_decides_the_step_before_the_results():
    unconfirmed = _offer(OfferStatus.submitted)
    assert desk.next_step(unconfirmed, NOW, outcome=None, formal=FormalStatus.rejected)["key"] == desk.FORMALLY_REJECTED
    assert desk.next_step(unconfirmed, NOW, outcome=None, formal=FormalStatus.accepted)["key"] == desk.FORMALLY_ACCEPTED
    assert desk.next_step(unconfirmed, NOW, outcome=None, formal=FormalStatus.pending)["key"] == desk.SEND_CONFIRMATION


def test_the_offeror_sees_its_formal_outcome_and_where_the_reason_is(client, login, offers, flow):
    flow.formal(offers[0].id, "rejected", reason="Oferta złożona przez podmiot nieuprawniony (art. 3 ust. 2).")
    flow.formal(offers[1].id, "accepted")
    login(offers[0].user)
    page = client.get("/ngo/")
    assert step_of(page, offers[0].id) == desk.FORMALLY_REJECTED
    assert parse(page).xpath(f'//tr[@data-offer-id="{offers[0].id}"]//a[@href="/ngo/offers/{offers[0].id}/summary"]')
    client.post("/logout")
    login(offers[1].user)
    assert step_of(client.get("/ngo/"), offers[1].id) == desk.FORMALLY_ACCEPTED


def test_the_next_step_after_the_results():
    offer = _offer(OfferStatus.submitted, confirmed=True)
    funded = {"funded": True}

    def contract(status):
        return SimpleNamespace(status=status)

    due = SimpleNamespace(date=NOW.date() + timedelta(days=10), overdue=False)
    assert desk.next_step(offer, NOW, outcome={"funded": False})["key"] == desk.NOT_FUNDED
    assert desk.next_step(offer, NOW, outcome=funded)["key"] == desk.AWAITING_CONTRACT
    assert desk.next_step(offer, NOW, outcome=funded, contract=contract(ContractStatus.draft))["key"] == (
        desk.SIGN_CONTRACT
    )
    reporting = desk.next_step(offer, NOW, outcome=funded, contract=contract(ContractStatus.signed), due=due)
    assert reporting["key"] == desk.REPORT_DUE and reporting["when"] == due.date
    assert desk.next_step(offer, NOW, outcome=funded, contract=contract(ContractStatus.signed))["key"] == (
        desk.IN_PROGRESS
    )
    assert desk.next_step(offer, NOW, outcome=funded, contract=contract(ContractStatus.performed))["key"] == desk.DONE


def test_only_a_signed_contracts_dues_are_worked_out(app, monkeypatch):
    """The next step reads a due of a signed contract only: a performed contract's settlement (a return owed and
    its interest, several statements and the settlement's arithmetic) is not worked out for its row."""
    from grants.organizations import pages

    contracts = {
        1: SimpleNamespace(id=11, status=ContractStatus.signed, number="1/2027"),
        2: SimpleNamespace(id=12, status=ContractStatus.performed, number="2/2027"),
    }
    offers = [_offer(OfferStatus.submitted, confirmed=True) for _ in range(2)]
    for number, offer in enumerate(offers, start=1):
        offer.id, offer.call_id, offer.formal, offer.outcome = number, number, None, {"funded": True}
        offer.contract = contracts[number]
    asked = []
    monkeypatch.setattr(pages, "next_due_for", lambda signed, today, office: asked.append(signed) or {})
    with app.test_request_context("/ngo/"):
        rows = pages.offer_rows(offers, NOW)
    assert asked == [[contracts[1]]]
    assert [row["step"]["key"] for row in rows] == [desk.IN_PROGRESS, desk.DONE]
    assert rows[0]["links"]["contract"] == "/ngo/contracts/11"
