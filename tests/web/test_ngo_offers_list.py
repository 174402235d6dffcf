"""The NGO's offers at national scale (/ngo/offers/, issue 13): keyset pages of the person's organisations'
offers (as the representing one or a confirmed partner) with the next step per row, filters by organisation,
status, year and words, a wrong filter named at its field — and never another organisation's offer."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from grants.clock import WARSAW
from grants.extensions import db as _db
from grants.organizations import desk
from tests.helpers import counting_statements
from tests.offers.helpers import offer_body
from tests.web.pages import element, parse, text


def make_offer(user, organization, call, title):
    """A draft made by the operation, from the ids alone (a test may have emptied the session)."""
    from grants.auth.models import User
    from grants.calls.models import Call
    from grants.offers.operations import create_offer

    actor, call = _db.session.get(User, user.id), _db.session.get(Call, call.id)
    offer = create_offer(actor=actor, call=call, raw={"organization_id": organization.id, "title": title})
    _db.session.commit()
    return offer.id


def row_ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath('//table[@id="offers"]/tbody/tr/@data-offer-id')]


def field_error(response, field: str) -> str:
    return " ".join(element(response, f"f-{field}-error").text_content().split())


def next_link(response) -> str | None:
    found = parse(response).xpath('//nav[@class="pager"]//a[@rel="next"]/@href')
    return found[0] if found else None


@pytest.fixture
def two_orgs(ngo_user, org, make_org, open_call, other_ngo_user, other_org):
    """ngo_user in two organisations, with offers in two calls; another organisation with its own offer."""
    second = make_org("Koło Gospodyń Wiejskich", members=[ngo_user])
    mine = [make_offer(ngo_user, org, open_call, f"Warsztaty teatralne {n}") for n in range(3)]
    mine.append(make_offer(ngo_user, second, open_call, "Festyn sąsiedzki"))
    foreign = make_offer(other_ngo_user, other_org, open_call, "Cudza oferta o kursach")
    return {"first": org, "second": second, "mine": mine, "foreign": foreign}


def test_the_pages_walk_through_every_offer_of_the_persons_organisations_once(client, login, ngo_user, two_orgs):
    login(ngo_user)
    seen, url = [], "/ngo/offers/?limit=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += row_ids(page)
        url = next_link(page)
    assert sorted(seen) == sorted(two_orgs["mine"]) and len(seen) == len(set(seen))
    assert two_orgs["foreign"] not in seen
    # The same deadline: the newest offer first, each row with its next step.
    first = client.get("/ngo/offers/")
    assert row_ids(first) == sorted(two_orgs["mine"], reverse=True)
    steps = parse(first).xpath('//table[@id="offers"]/tbody/tr/@data-step')
    assert set(steps) == {desk.EDIT_DRAFT}
    assert "Uzupełnij i złóż ofertę do" in text(first)


def test_the_second_page_has_a_way_back_and_the_filters_travel_with_it(client, login, ngo_user, two_orgs):
    login(ngo_user)
    first = client.get("/ngo/offers/?limit=2&q=warsztaty")
    assert row_ids(first) == sorted(two_orgs["mine"][:3], reverse=True)[:2]
    following = next_link(first)
    assert "q=warsztaty" in following and "after=" in following
    second = client.get(following + "&limit=2")
    assert row_ids(second) == [min(two_orgs["mine"][:3])]
    back = parse(second).xpath('//nav[@class="pager"]//a[not(@rel)]/@href')
    assert back and "after" not in back[0] and "q=warsztaty" in back[0]


def test_the_filters_narrow_the_list(client, login, ngo_user, two_orgs, open_call, api, draft):
    login(ngo_user)
    second = two_orgs["second"]
    assert row_ids(client.get(f"/ngo/offers/?organization={second.id}")) == [two_orgs["mine"][3]]
    assert set(row_ids(client.get("/ngo/offers/?q=WARSZTATY"))) == set(two_orgs["mine"][:3])
    by_call = client.get("/ngo/offers/?q=" + open_call.title.split()[0])  # words of the call's title
    assert set(row_ids(by_call)) == set(two_orgs["mine"])
    submitted = draft()
    assert api(ngo_user).post(f"/api/v1/offers/{submitted['id']}/submit").status_code == 200
    assert row_ids(client.get("/ngo/offers/?status=submitted")) == [submitted["id"]]
    assert submitted["id"] not in row_ids(client.get("/ngo/offers/?status=draft"))
    year = open_call.submission_deadline.astimezone(WARSAW).year
    assert len(row_ids(client.get(f"/ngo/offers/?year={year}"))) == 5
    empty = client.get("/ngo/offers/?year=2001")
    assert row_ids(empty) == [] and "Żadna oferta nie spełnia warunków wyszukiwania." in text(empty)
    # What was chosen stays chosen in the form.
    page = client.get(f"/ngo/offers/?organization={second.id}&status=draft&q=festyn")
    form = parse(page).xpath('//form[@role="search"]')[0]
    assert form.xpath('.//select[@name="organization"]/option[@selected]/@value') == [str(second.id)]
    assert form.xpath('.//select[@name="status"]/option[@selected]/@value') == ["draft"]
    assert form.xpath('.//input[@name="q"]/@value') == ["festyn"]


def test_the_organisations_are_listed_with_their_numbers_of_offers(client, login, ngo_user, two_orgs, make_org):
    empty = make_org("Klub Seniora", members=[ngo_user])
    login(ngo_user)
    page = client.get("/ngo/offers/")
    assert "liczba ofert: 3" in " ".join(element(page, f"organization-{two_orgs['first'].id}").text_content().split())
    assert "Ta organizacja nie ma jeszcze ofert." in element(page, f"organization-{empty.id}").text_content()


def test_a_wrong_filter_is_named_at_its_field_and_another_organisation_is_never_read(
    client, login, ngo_user, two_orgs, other_org
):
    login(ngo_user)
    page = client.get(f"/ngo/offers/?organization={other_org.id}")
    assert page.status_code == 200
    assert "Wybierz jedną ze swoich organizacji." in field_error(page, "organization")
    assert two_orgs["foreign"] not in row_ids(page) and "Cudza oferta" not in text(page)
    for query, field in (("status=accepted", "status"), ("year=dwa", "year"), ("organization=x", "organization")):
        page = client.get(f"/ngo/offers/?{query}")
        assert page.status_code == 200, query
        assert field_error(page, field), query
    bad = client.get("/ngo/offers/?after=%%%")
    assert bad.status_code == 200 and "Nieprawidłowa pozycja listy" in text(bad)
    assert client.get("/ngo/offers/?limit=0").status_code == 200


def test_a_partners_member_sees_the_joint_offer_and_who_leads_it(
    app, client, login, ngo_user, draft, other_org, other_ngo_user
):
    from tests.offer_pages.helpers import client_for

    offer = draft()
    login(ngo_user)
    client.post(f"/ngo/offers/{offer['id']}/partners", data={"partner": other_org.krs})
    partner = client_for(app, other_ngo_user)
    waiting = partner.get("/ngo/offers/")
    assert offer["id"] not in row_ids(waiting)  # until it confirms: its request is asked above the list
    assert element(waiting, f"partner-request-{offer['id']}-{other_org.id}") is not None
    partner.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/confirm")
    page = partner.get(f"/ngo/offers/?organization={other_org.id}")
    assert row_ids(page) == [offer["id"]]
    assert not parse(page).xpath('//section[@id="partner-requests"]')  # answered: no request left
    row = " ".join(element(page, f"offer-{offer['id']}").text_content().split())
    assert "partner; ofertę składa Fundacja GEKO" in row
    assert not parse(page).xpath(f'//tr[@id="offer-{offer["id"]}"]//a[contains(@href, "/clone")]')


def test_funded_and_not_funded_are_statuses_of_the_list(client, login, awarded):
    login(awarded.full.user)
    assert row_ids(client.get("/ngo/offers/?status=funded")) == [awarded.full.id]
    assert row_ids(client.get("/ngo/offers/?status=not_funded")) == []
    assert row_ids(client.get("/ngo/offers/?status=submitted")) == []  # its outcome is what the list shows
    client.post("/logout")
    login(awarded.rejected.user)
    assert row_ids(client.get("/ngo/offers/?status=not_funded")) == [awarded.rejected.id]


@pytest.mark.parametrize("who", ["officer", "evaluator"])
def test_office_staff_are_refused(who, request, app):
    from tests.offer_pages.helpers import client_for

    assert client_for(app, request.getfixturevalue(who)).get("/ngo/offers/?status=draft").status_code == 403


def test_a_page_costs_the_same_statements_for_4_offers_and_40(
    client, login, ngo_user, org, make_org, open_call, api, db
):
    second = make_org("Koło Gospodyń Wiejskich", members=[ngo_user])
    as_ngo = api(ngo_user)
    login(ngo_user)
    user, call = SimpleNamespace(id=ngo_user.id), SimpleNamespace(id=open_call.id)  # only their ids are used
    org, second = SimpleNamespace(id=org.id), SimpleNamespace(id=second.id)
    made, counts = 0, []
    for n in (4, 40):
        for i in range(made, n):
            offer_id = make_offer(user, second if i % 3 == 0 else org, call, f"Oferta {i}")
            if i % 2:
                assert as_ngo.patch(f"/api/v1/offers/{offer_id}", json=offer_body()).status_code == 200
                assert as_ngo.post(f"/api/v1/offers/{offer_id}/submit").status_code == 200
        made = n
        db.session.expunge_all()
        with counting_statements(db) as statements:
            page = client.get("/ngo/offers/?limit=30")
        assert page.status_code == 200 and len(row_ids(page)) == min(n, 30)
        counts.append(statements())
    assert counts[0] == counts[1], counts


def test_the_rows_come_with_their_versions_confirmations_and_formal_checks_in_one_statement(
    client, login, ngo_user, org, open_call, api, db
):
    """The rows are columns of one statement (OfferRow): the current version's control code, its confirmation
    and the formal check are joins of it, not statements of their own — nor are the partners, which the list
    does not show (the joint offers waiting for consent are read only when one waits: none here)."""
    as_ngo = api(ngo_user)
    for n in range(3):
        offer_id = make_offer(ngo_user, org, open_call, f"Oferta {n}")
        assert as_ngo.patch(f"/api/v1/offers/{offer_id}", json=offer_body()).status_code == 200
        assert as_ngo.post(f"/api/v1/offers/{offer_id}/submit").status_code == 200
    login(ngo_user)
    tables, partner_rows = [], []

    def before(conn, cursor, statement, *_args):
        words = statement.split()
        if words[0].upper() == "SELECT" and "FROM" in words:
            tables.append(words[words.index("FROM") + 1])
        partner_rows.extend(words[1:2] if words[1].startswith("offer_partners.") else [])

    engine = db.session.connection().engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        page = client.get("/ngo/offers/")
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert page.status_code == 200 and len(row_ids(page)) == 3
    assert not {"offer_versions", "offer_confirmations", "formal_reviews"} & set(tables), tables
    assert not partner_rows, tables


def _partner_statements(client, db, path="/ngo/offers/") -> tuple[int, int, object]:
    """The page's statements, and those of them that read the joint offers waiting for consent."""
    found = []

    def before(conn, cursor, statement, *_args):
        found.append(statement.split()[1].startswith("offer_partners.") and statement.startswith("SELECT"))

    engine = db.session.connection().engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        page = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return len(found), sum(found), page


def test_the_joint_offers_waiting_for_consent_are_read_only_when_one_waits(
    app, client, login, ngo_user, draft, other_org, other_ngo_user, db
):
    """The organisations, their numbers of offers and whether a joint offer waits for one of them are one
    statement; the waiting offers themselves one more, only when one waits."""
    from tests.offer_pages.helpers import client_for

    offer = draft()
    login(ngo_user)
    client.post(f"/ngo/offers/{offer['id']}/partners", data={"partner": other_org.krs})
    partner = client_for(app, other_ngo_user)
    waiting, read, page = _partner_statements(partner, db)
    assert read == 1 and element(page, f"partner-request-{offer['id']}-{other_org.id}") is not None
    partner.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/confirm")
    answered, read, page = _partner_statements(partner, db)
    assert read == 0 and not parse(page).xpath('//section[@id="partner-requests"]')
    assert answered == waiting - 1, (waiting, answered)


def test_a_funded_offers_contract_comes_with_its_row(client, login, awarded, make_contract, db):
    """The contract drawn up after the results is read with the row (its number for the next step, its page
    for the link), not by a statement of its own."""
    from grants.contracts.models import ContractStatus

    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    db.session.commit()
    login(awarded.full.user)
    tables = []

    def before(conn, cursor, statement, *_args):
        words = statement.split()
        if words[0].upper() == "SELECT" and "FROM" in words:
            tables.append(words[words.index("FROM") + 1])

    engine = db.session.connection().engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        page = client.get("/ngo/offers/")
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    row = parse(page).xpath(f'//tr[@data-offer-id="{awarded.full.id}"]')[0]
    assert row.get("data-step") == desk.SIGN_CONTRACT and contract.number in row.text_content()
    assert row.xpath(f'.//a[@href="/ngo/contracts/{contract.id}"]')
    assert "contracts" not in tables, tables


# ---------------------------------------------------------------- the API's list


def test_the_api_list_comes_in_keyset_pages_when_asked(api, ngo_user, two_orgs):
    client = api(ngo_user)
    whole = client.get("/api/v1/offers")
    assert whole.status_code == 200 and "Link" not in whole.headers
    assert [o["id"] for o in whole.get_json()] == sorted(two_orgs["mine"])
    seen, url = [], "/api/v1/offers?limit=3"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [o["id"] for o in response.get_json()]
        link = response.headers.get("Link")
        url = link[1 : link.index(">")] if link else None
        if link:
            assert response.headers["X-Next-After"] in url
    assert seen == sorted(two_orgs["mine"])
    bad = client.get("/api/v1/offers?after=nonsense")
    assert bad.status_code == 422 and "after" in bad.get_json()["fields"]
    assert client.get("/api/v1/offers?limit=500").status_code == 422


def test_a_year_is_counted_in_warsaw_time():
    # The year filter counts a deadline in Warsaw time: 31 December 23:30 UTC is already the next year.
    from grants.offers.ngo_list import _year_bounds

    start, end = _year_bounds(2027)
    assert start < datetime(2026, 12, 31, 23, 30, tzinfo=UTC) < end
