"""The public list of calls at national scale: keyset pages, the filters a reader needs, bad input named and
never an error page, and the same few statements for a page whatever the number of calls (issue 13)."""

from datetime import timedelta

import pytest

from grants.calls.ending import cancel_call
from grants.calls.operations import update_call
from grants.calls.public_list import PAGE_SIZE
from grants.clock import now_utc, warsaw_date
from tests.helpers import Api, counting_statements, future
from tests.web.pages import parse, text


def card_ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath('//li[contains(@class, "card")]/@data-call-id')]


def next_href(response) -> str | None:
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


@pytest.fixture
def many_open(make_call):
    """Open calls with deadlines a day apart, created in an order other than their deadlines'."""

    selection = (warsaw_date(now_utc()) + timedelta(days=120)).isoformat()

    def create(n: int, **overrides) -> list:
        deadlines = [future(30 + (i * 7) % n) for i in range(n)]
        return [
            make_call(publish=True, submission_deadline=d, selection_deadline=selection, **overrides) for d in deadlines
        ]

    return create


def test_the_open_list_walks_every_call_once_in_deadline_order(client, many_open):
    calls = many_open(PAGE_SIZE + 5)
    by_deadline = [c.id for c in sorted(calls, key=lambda c: (c.submission_deadline, c.id))]

    first = client.get("/calls")
    assert first.status_code == 200
    assert card_ids(first) == by_deadline[:PAGE_SIZE]
    second = client.get(next_href(first))
    assert card_ids(second) == by_deadline[PAGE_SIZE:]
    assert next_href(second) is None
    assert "Pierwsza strona" in text(second)


def test_filters_narrow_by_office_year_task_type_and_title(client, make_call, other_officer, db):
    kursy = make_call(publish=True, title="Kursy 100% po polsku", task_type="Integracja")
    festyn = make_call(publish=True, title="Festyn sąsiedzki", task_type="Kultura")
    elsewhere = make_call(publish=True, actor=other_officer, title="Kursy w Gdańsku", task_type="Integracja")

    assert card_ids(client.get(f"/calls?office={elsewhere.office_id}")) == [elsewhere.id]
    assert set(card_ids(client.get("/calls?task_type=Integracja"))) == {kursy.id, elsewhere.id}
    assert set(card_ids(client.get("/calls?q=kursy"))) == {kursy.id, elsewhere.id}
    # The reader's "%" is a character of a title, not a pattern that matches everything.
    assert card_ids(client.get("/calls?q=100%25")) == [kursy.id]
    year = kursy.submission_deadline.year
    assert set(card_ids(client.get(f"/calls?year={year}"))) == {kursy.id, festyn.id, elsewhere.id}
    narrowed = client.get(f"/calls?year={year + 5}")
    assert card_ids(narrowed) == []
    assert "nie spełnia warunków wyszukiwania" in text(narrowed)


def office_choices(response) -> list[str]:
    return parse(response).xpath('//select[@id="f-office"]/option[@value!=""]/@value')


def test_the_filter_choices_follow_a_publication_and_an_amended_deadline(
    app, client, make_call, officer, other_officer, db
):
    # The choices are kept between requests (grants.calls.public_list.filter_choices): a change of state must
    # still show on the next page, as the page cache's revision does.
    app.config["PUBLIC_PAGE_CACHE"] = False
    here = make_call(publish=True)
    assert office_choices(client.get("/calls")) == [str(here.office_id)]
    elsewhere = make_call(publish=True, actor=other_officer)
    assert set(office_choices(client.get("/calls"))) == {str(here.office_id), str(elsewhere.office_id)}
    chosen = parse(client.get(f"/calls?office={elsewhere.office_id}")).xpath('//select[@id="f-office"]/option')
    assert [o.get("value") for o in chosen if o.get("selected") is not None] == [str(elsewhere.office_id)]
    unfiltered = parse(client.get("/calls")).xpath('//select[@id="f-office"]/option[@selected]')
    assert unfiltered == [], "the options kept for the unfiltered list select nothing"
    years = parse(client.get("/calls")).xpath('//select[@id="f-year"]/option[@value!=""]/@value')
    later = future(3 * 366)
    assert later[:4] not in years
    update_call(
        actor=officer,
        call=here,
        raw={"submission_deadline": later, "selection_deadline": future(3 * 366 + 30)[:10], "reason": "Dłużej."},
    )
    db.session.commit()
    years = parse(client.get("/calls")).xpath('//select[@id="f-year"]/option[@value!=""]/@value')
    assert later[:4] in years


def test_published_phases_list_the_newest_first_in_pages(client, many_open, officer, db):
    calls = many_open(5)
    for call in calls:
        cancel_call(actor=officer, call=call, reason="Nie złożono żadnej oferty.")
    db.session.commit()
    newest_first = [c.id for c in sorted(calls, key=lambda c: (c.published_at, c.id), reverse=True)]
    api = Api(client)
    first = api.get("/api/v1/calls?status=cancelled&limit=3")
    assert first.status_code == 200
    assert [item["id"] for item in first.json] == newest_first[:3]
    assert first.headers["Link"].endswith('rel="next"')
    second = api.get(first.headers["Link"].split(";")[0].strip("<>"))
    assert [item["id"] for item in second.json] == newest_first[3:]
    assert "Link" not in second.headers


def test_the_api_keeps_its_whole_list_unless_pages_are_asked_for(client, many_open):
    many_open(PAGE_SIZE + 3)
    whole = Api(client).get("/api/v1/calls")
    assert whole.status_code == 200
    assert len(whole.json) == PAGE_SIZE + 3
    assert "Link" not in whole.headers


@pytest.mark.parametrize(
    "query, field",
    [
        ("after=not-a-position", "after"),
        ("limit=0", "limit"),
        ("limit=x", "limit"),
        ("office_id=abc", "office_id"),
        ("year=12", "year"),
        ("status=draftish", "status"),
    ],
)
def test_the_api_names_bad_list_arguments(client, many_open, query, field):
    many_open(2)
    response = Api(client).get(f"/api/v1/calls?{query}")
    assert response.status_code == 422
    assert field in response.json["fields"]


@pytest.mark.parametrize("query", ["after=not-a-position", "after=WzEsMl0", "year=abc", "office=-3", "status=zzz"])
def test_the_page_shows_bad_input_beside_a_list_never_an_error(client, many_open, query):
    calls = many_open(3)
    response = client.get(f"/calls?{query}")
    assert response.status_code == 200
    assert set(card_ids(response)) == {c.id for c in calls}
    if not query.startswith("status"):
        assert parse(response).xpath('//*[contains(@class, "errors")]'), "the unreadable filter is named"


def test_a_page_costs_the_same_statements_at_3_and_30_calls(app, client, many_open, db):
    app.config["PUBLIC_PAGE_CACHE"] = False

    def cost(url):
        with counting_statements(db) as count:
            assert client.get(url).status_code == 200
        return count()

    many_open(3)
    small = {url: cost(url) for url in ("/calls", "/", "/api/v1/calls?limit=20")}
    many_open(27)
    large = {url: cost(url) for url in small}
    assert large == small
