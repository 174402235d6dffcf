"""The office's desk of small grants at national scale (/office/small-grants, issue 13): the offers in progress
(to publish, to decide) on top, limited and counted in one statement; the rest newest first in keyset pages,
filtered by status, budget year and the organisation's name or NIP or words of the title; bad filters named on
their fields; another office's offers never shown; the same statements for few and many offers."""

from datetime import timedelta

import pytest

from grants.clock import now_utc
from tests.helpers import counting_statements
from tests.smallgrants.helpers_office import make_small_grant
from tests.web.pages import parse

NIP = "1234563218"


def ids(response, table_id: str) -> list[str]:
    return parse(response).xpath(f'//table[@id="{table_id}"]//tr[@data-small-grant-id]/@data-small-grant-id')


def next_link(response) -> str | None:
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


def field_error(response, field: str) -> str:
    return " ".join(parse(response).xpath(f'//p[@id="f-{field}-error"]//text()')).strip()


@pytest.fixture
def org(make_org):
    return make_org("Fundacja Kuchnia Sąsiedzka", nip=NIP)


@pytest.fixture
def desk(client, login, officer):
    state = {"in": False}

    def get(url="/office/small-grants", **params):
        if not state["in"]:
            login(officer)
            state["in"] = True
        response = client.get(url, query_string=params or None)
        assert response.status_code == 200, response.status_code
        return response

    return get


def test_the_decided_offers_come_in_pages_newest_first_and_those_in_progress_on_top(desk, office, org):
    decided = [
        make_small_grant(office, org, status=status, title=f"Oferta {n}")
        for n, status in enumerate(["accepted", "refused", "withdrawn", "accepted", "refused"])
    ]
    to_publish = make_small_grant(office, org, title="Do publikacji")
    taking_comments = make_small_grant(office, org, status="published", title="Uwagi")

    first = desk(limit=2)
    assert set(ids(first, "small-grants-in-progress")) == {str(to_publish.id), str(taking_comments.id)}
    seen, response = [], first
    while True:
        seen += ids(response, "small-grants")
        link = next_link(response)
        if link is None:
            break
        assert "limit=2" in link
        response = desk(link)
        assert not ids(response, "small-grants-in-progress")
        assert parse(response).xpath('//nav[contains(@class, "pager")]//a[text()="Pierwsza strona"]')
    assert seen == [str(s.id) for s in reversed(decided)]


def test_the_in_progress_section_is_short_and_counts_them_all(desk, office, org, monkeypatch):
    from grants.smallgrants import office_list

    monkeypatch.setattr(office_list, "IN_PROGRESS_SHOWN", 2)
    now = now_utc()
    oldest, older, newest = (
        make_small_grant(office, org, received_at=now - timedelta(days=days)) for days in (3, 2, 1)
    )
    response = desk()
    assert ids(response, "small-grants-in-progress") == [str(oldest.id), str(older.id)]  # the days run out first
    assert "w toku razem: 3" in parse(response).xpath('//p[@id="in-progress-more"]')[0].text_content()
    assert str(newest.id) in ids(desk(status="submitted"), "small-grants")


def test_filters_by_status_budget_year_organisation_nip_and_title(desk, office, org, make_org):
    other_org = make_org("Stowarzyszenie 100% Ogród_Miejski", nip="5260250274")
    this_year = now_utc().year
    kitchen = make_small_grant(office, org, status="accepted", title="Warsztaty kulinarne")
    garden = make_small_grant(office, other_org, status="refused", title="Ogród społeczny")
    later = make_small_grant(
        office, org, status="accepted", title="Kuchnia na 2029", task_start=now_utc().date().replace(year=2029)
    )

    assert set(ids(desk(status="accepted"), "small-grants")) == {str(kitchen.id), str(later.id)}
    assert ids(desk(status="refused"), "small-grants") == [str(garden.id)]
    assert ids(desk(year="2029"), "small-grants") == [str(later.id)]
    assert str(later.id) not in ids(desk(year=str(this_year)), "small-grants")
    assert set(ids(desk(q="123-456-32-18"), "small-grants")) == {str(kitchen.id), str(later.id)}  # a NIP typed any way
    assert ids(desk(q="ogród_miejski"), "small-grants") == [str(garden.id)]  # the organisation's name
    assert ids(desk(q="100%"), "small-grants") == [str(garden.id)]
    assert ids(desk(q="ogród%"), "small-grants") == []  # % is a letter typed, not a pattern
    response = desk(q="  kulinarne ", status="accepted", year=str(kitchen.budget_year))
    assert ids(response, "small-grants") == [str(kitchen.id)]
    doc = parse(response)
    assert doc.xpath('//input[@id="f-q"]/@value') == ["kulinarne"]
    assert doc.xpath('//select[@id="f-status"]/option[@selected]/@value') == ["accepted"]
    assert doc.xpath('//select[@id="f-year"]/option[@selected]/@value') == [str(kitchen.budget_year)]
    assert "2029" in doc.xpath('//select[@id="f-year"]/option/@value')
    assert "Żadna oferta nie spełnia warunków" in desk(q="nic takiego").get_data(as_text=True)


@pytest.mark.parametrize(
    ("params", "field"), [({"status": "draft"}, "status"), ({"status": "zla"}, "status"), ({"year": "rok"}, "year")]
)
def test_a_filter_that_cannot_be_read_is_named_on_its_field_and_the_rest_applies(desk, office, org, params, field):
    kept = make_small_grant(office, org, status="accepted", title="Warsztaty kulinarne")
    response = desk(q="kulinarne", **params)
    assert field_error(response, field)
    assert ids(response, "small-grants") == [str(kept.id)]


def test_a_position_that_does_not_decode_is_named_and_the_first_page_shown(desk, office, org):
    kept = make_small_grant(office, org, status="accepted")
    for token in ("%%%", "WyJ4Il0", "WzEsMl0"):
        response = desk(after=token)
        [alert] = parse(response).xpath('//p[@role="alert"][@data-field="after"]')
        assert "wróć do pierwszej strony" in alert.text_content()
        assert ids(response, "small-grants") == [str(kept.id)]


def test_another_offices_offers_are_never_shown(desk, office, other_office, org):
    mine = make_small_grant(office, org, status="accepted", title="Opolska kuchnia")
    theirs = [
        make_small_grant(other_office, org, title="Gdańska kuchnia"),
        make_small_grant(other_office, org, status="accepted", title="Gdański ogród"),
    ]
    for params in ({}, {"q": NIP}, {"q": "kuchnia"}, {"status": "submitted"}, {"status": "accepted"}):
        response = desk(**params)
        shown = set(ids(response, "small-grants")) | set(ids(response, "small-grants-in-progress"))
        assert not shown & {str(s.id) for s in theirs}, params
    assert ids(desk(q=NIP), "small-grants") == [str(mine.id)]


@pytest.mark.parametrize("role", ["ngo_user", "evaluator"])
def test_the_desk_is_the_offices_only(client, login, role, request):
    assert client.get("/office/small-grants?status=accepted").status_code == 302
    login(request.getfixturevalue(role))
    assert client.get("/office/small-grants?status=accepted").status_code == 403
    assert client.get("/office/small-grants?q=1234563218").status_code == 403


def test_a_page_reads_the_same_statements_for_few_and_many_offers(client, login, officer, office, org, db):
    from grants.offices.models import Office
    from grants.organizations.models import Organization

    login(officer)
    made, counts, office_id, org_id = 0, [], office.id, org.id
    statuses = ["submitted", "published", "accepted", "refused", "withdrawn"]
    for n in (5, 40):
        for i in range(made, n):
            owner = (db.session.get(Office, office_id), db.session.get(Organization, org_id))
            make_small_grant(*owner, status=statuses[i % 5], title=f"Oferta {i}")
        made = n
        size = []
        for params in ({}, {"limit": "2"}, {"status": "accepted"}, {"q": NIP}):
            db.session.expunge_all()
            with counting_statements(db) as statements:
                response = client.get("/office/small-grants", query_string=params)
            assert response.status_code == 200
            size.append(statements())
        second = next_link(client.get("/office/small-grants?limit=2"))
        db.session.expunge_all()
        with counting_statements(db) as statements:
            assert client.get(second).status_code == 200
        size.append(statements())
        counts.append(size)
    assert counts[0] == counts[1], counts
