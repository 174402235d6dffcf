"""The formal desk at national scale (issue 13): the call's offers in keyset pages with the whole call's formal
counts, a filter by the formal outcome, a search by title or organisation words, a NIP or a control code typed
any way; bad input named at its field, never an error page; the formal check returns to the page it came from;
other offices, NGOs and committee members refused; the statements the same for 4 offers and for 10."""

import pytest

from grants.offers.models import Offer
from tests.helpers import counting_statements
from tests.review.helpers import CODES
from tests.web.pages import form_data, parse, text, value_of


def row_ids(response) -> list[int]:
    return [int(i.split("-")[1]) for i in parse(response).xpath('//table[@id="formal-list"]/tbody/tr/@id')]


def next_href(response):
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


def counts(response) -> dict:
    doc = parse(response)
    return {dd.get("data-count"): int(dd.text_content()) for dd in doc.xpath('//dl[@id="counts"]/dd')}


def code_of(offer_id: int) -> str:
    from grants.extensions import db

    return db.session.get(Offer, offer_id).current_version.control_code


@pytest.fixture
def desk(flow, submit):
    """Five offers: the first accepted, the second rejected, the third asked to complete, two not checked."""
    offers = [
        submit(name="Fundacja Dom Pokoju", nip="5261040828"),
        submit(name="Stowarzyszenie Tęcza"),
        submit(name="Klub Sportowy Odra"),
        submit(name="Stowarzyszenie Most"),
        submit(name="Fundacja Zdrój"),
    ]
    flow.formal(offers[0].id)
    flow.formal(
        offers[1].id,
        "rejected",
        checklist=flow.checklist(eligible_entity=False),
        reason="Spółka działająca dla zysku (art. 3 ust. 3 pkt 4 ustawy).",
    )
    flow.formal(
        offers[2].id,
        "correction_requested",
        checklist=flow.checklist(attachments=False),
        defects=["Brak statutu organizacji."],
        fields=["attachments"],
    )
    return flow.call, offers


def test_pages_walk_every_offer_once_and_the_counts_are_the_whole_calls(web, officer, desk):
    call, offers = desk
    client = web(officer)
    first = client.get(f"/office/calls/{call.id}/review?limit=2")
    assert first.status_code == 200
    assert row_ids(first) == [offers[0].id, offers[1].id]
    whole = {"submitted": 5, "checked": 3, "pending": 2, "accepted": 1, "rejected": 1, "correction": 1}
    assert counts(first) == whole
    seen = row_ids(first)
    page = first
    while next_href(page):
        page = client.get(next_href(page))
        assert page.status_code == 200 and counts(page) == whole
        assert "Pierwsza strona" in text(page)
        seen += row_ids(page)
    assert seen == [o.id for o in offers]


def test_fifty_offers_to_a_page(web, officer, desk, monkeypatch):
    from grants.review import desk_list

    call, offers = desk
    monkeypatch.setattr(desk_list, "PAGE_SIZE", 3)  # the default page, as 50 of a national call's 500
    first = web(officer).get(f"/office/calls/{call.id}/review")
    assert row_ids(first) == [o.id for o in offers[:3]] and next_href(first)


@pytest.mark.parametrize(
    "status, expected",
    [("pending", [3, 4]), ("accepted", [0]), ("rejected", [1]), ("correction", [2])],
)
def test_the_outcome_filter_keeps_its_choice_and_the_counts(web, officer, desk, status, expected):
    call, offers = desk
    response = web(officer).get(f"/office/calls/{call.id}/review", query_string={"status": status})
    assert response.status_code == 200
    assert row_ids(response) == [offers[i].id for i in expected]
    assert value_of(response, "f-status") == status
    assert counts(response)["submitted"] == 5
    assert "Wyczyść filtry" in text(response)


@pytest.mark.parametrize(
    "query, expected",
    [("Tęcza", [1]), ("klub sportowy", [2]), ("526-104-08-28", [0]), ("nothing-like-this", [])],
)
def test_search_by_words_and_nip(web, officer, desk, query, expected):
    call, offers = desk
    response = web(officer).get(f"/office/calls/{call.id}/review", query_string={"q": query})
    assert row_ids(response) == [offers[i].id for i in expected]
    assert value_of(response, "f-q") == query
    if not expected:
        assert "Żadna oferta nie spełnia warunków wyszukiwania" in text(response)


def test_a_control_code_typed_any_way_and_the_filters_together(web, officer, desk):
    call, offers = desk
    client = web(officer)
    typed = code_of(offers[3].id).replace("-", " ").lower()
    assert row_ids(client.get(f"/office/calls/{call.id}/review", query_string={"q": typed})) == [offers[3].id]
    both = client.get(f"/office/calls/{call.id}/review", query_string={"q": "Stowarzyszenie", "status": "pending"})
    assert row_ids(both) == [offers[3].id]


def test_an_unknown_outcome_is_named_at_its_field_and_the_list_is_not_narrowed(web, officer, desk):
    call, offers = desk
    response = web(officer).get(f"/office/calls/{call.id}/review", query_string={"status": "approved", "q": "Most"})
    assert response.status_code == 200
    error = parse(response).xpath('//*[@id="f-status-error"]')[0].text_content()
    assert "Wybierz wynik oceny formalnej z listy" in error
    assert parse(response).xpath('//select[@id="f-status"]/@aria-invalid') == ["true"]
    assert value_of(response, "f-q") == "Most"  # what was typed stays
    assert row_ids(response) == [offers[3].id]


@pytest.mark.parametrize("args", [{"after": "not-a-position"}, {"after": "WzEsMl0"}, {"limit": "0"}, {"limit": "x"}])
def test_a_bad_page_position_or_size_is_a_message_and_the_first_page(web, officer, desk, args):
    call, offers = desk
    response = web(officer).get(f"/office/calls/{call.id}/review", query_string=args)
    assert response.status_code == 200
    assert parse(response).xpath('//p[@class="errors" and @role="alert"]')
    assert row_ids(response)[0] == offers[0].id


def test_the_formal_check_goes_back_to_the_page_and_filter_it_came_from(web, officer, desk):
    call, offers = desk
    client = web(officer)
    first = client.get(f"/office/calls/{call.id}/review", query_string={"status": "pending", "limit": "1"})
    second = client.get(next_href(first))
    assert row_ids(second) == [offers[4].id]
    link = parse(second).xpath(f'//tr[@id="offer-{offers[4].id}"]//a/@href')[0]
    assert "status=pending" in link and "after=" in link
    form_page = client.get(link)
    action = parse(form_page).xpath('//form[contains(@action, "/review/offers/")]/@action')[0]
    checklist = {f"checklist.{code}": "1" for code in CODES}
    data = {**form_data(form_page, "/review/offers/"), **checklist, "outcome": "accepted", "override_note": "Wpłynęło."}
    saved = client.post(action, data=data)
    assert saved.status_code == 302
    location = saved.headers["Location"]
    assert "status=pending" in location and "after=" in location and location.endswith(f"#offer-{offers[4].id}")
    back = client.get(location)
    assert counts(back)["accepted"] == 2


def test_a_forged_back_position_is_dropped(web, officer, desk):
    call, offers = desk
    client = web(officer)
    form_url = f"/office/calls/{call.id}/review/offers/{offers[4].id}?after=junk&status=nonsense&q=Zdr%C3%B3j"
    action = parse(client.get(form_url)).xpath('//form[contains(@action, "/review/offers/")]/@action')[0]
    assert "junk" not in action and "nonsense" not in action and "q=Zdr" in action


def test_other_office_ngo_and_committee_member_are_refused(web, desk, other_officer, committee):
    call, offers = desk
    assert web(other_officer).get(f"/office/calls/{call.id}/review?status=pending").status_code == 404
    assert web(offers[0].user).get(f"/office/calls/{call.id}/review").status_code == 403
    assert web(committee.chair).get(f"/office/calls/{call.id}/review").status_code == 403


def test_the_desk_asks_the_database_the_same_number_of_times_for_5_and_12_offers(web, officer, desk, submit, flow, db):
    from grants.calls.models import CallStatus

    call, offers = desk
    client = web(officer)

    def cost(url) -> int:
        client.get(url)
        with counting_statements(db) as count:
            response = client.get(url)
        assert response.status_code == 200
        return count()

    urls = [f"/office/calls/{call.id}/review", f"/office/calls/{call.id}/review?status=pending&q=Stowarzyszenie"]
    few = [cost(url) for url in urls]
    # More offers come in (the call reopened for the submissions only, as tests/test_statement_counts.py does).
    review_status, call.status = call.status, CallStatus.published
    db.session.commit()
    more = [submit(name=f"Stowarzyszenie Nowe {n}") for n in range(7)]
    call.status = review_status
    db.session.commit()
    flow.formal(more[0].id)
    flow.formal(
        more[1].id,
        "correction_requested",
        checklist=flow.checklist(attachments=False),
        defects=["Brak statutu organizacji."],
        fields=["attachments"],
    )
    many = [cost(url) for url in urls]
    assert few == many, (few, many)


# ---------------------------------------------------------------- the same list through the API


def test_the_api_lists_the_whole_call_or_keyset_pages(flow, desk):
    call, offers = desk
    url = f"/api/v1/calls/{call.id}/formal-reviews"
    whole = flow.officer.get(url)
    assert whole.status_code == 200 and "Link" not in whole.headers
    body = whole.get_json()
    assert [i["offer_id"] for i in body["items"]] == [o.id for o in offers]
    assert [i["state"] for i in body["items"]] == ["accepted", "rejected", "correction_open", "pending", "pending"]
    assert body["counts"] == {"submitted": 5, "checked": 3, "pending": 2, "accepted": 1, "rejected": 1, "correction": 1}
    assert body["items"][0]["control_code"] == code_of(offers[0].id)
    walked, next_url = [], f"{url}?limit=2"
    while next_url:
        response = flow.officer.get(next_url)
        assert response.status_code == 200
        walked += [i["offer_id"] for i in response.get_json()["items"]]
        link = response.headers.get("Link")
        assert (link is None) == (response.headers.get("X-Next-After") is None)
        next_url = link.split(">")[0].lstrip("<") if link else None
    assert walked == [o.id for o in offers]
    pending = flow.officer.get(url, query_string={"status": "pending", "q": "Fundacja"}).get_json()
    assert [i["offer_id"] for i in pending["items"]] == [offers[4].id]


@pytest.mark.parametrize(
    "args, field", [({"status": "approved"}, "status"), ({"after": "junk"}, "after"), ({"limit": "500"}, "limit")]
)
def test_the_api_names_a_bad_filter(flow, desk, args, field):
    call, _offers = desk
    response = flow.officer.get(f"/api/v1/calls/{call.id}/formal-reviews", query_string=args)
    assert response.status_code == 422 and field in response.get_json()["fields"]


def test_the_api_refuses_other_offices_and_ngos(api, desk, other_officer):
    call, offers = desk
    url = f"/api/v1/calls/{call.id}/formal-reviews?limit=2"
    assert api(other_officer).get(url).status_code == 404
    assert api(offers[0].user).get(url).status_code == 403
