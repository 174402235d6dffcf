"""The contract lists at national scale (/office/contracts, /ngo/contracts, GET /api/v1/contracts; issue 13): keyset
pages that keep their filters, a search by the contract's number, the task's title, the organisation's name or
NIP, the year of the contract; on a page a filter that cannot be read is named on its field (the API answers
422); another office never sees the office's contracts; the awards waiting for a contract in one statement."""

import pytest

from grants.contracts.models import Contract, ContractStatus
from grants.organizations.models import Organization
from tests.helpers import PASSWORD, counting_statements
from tests.web.pages import parse

NIP = "1234563218"


@pytest.fixture
def web(app):
    def as_(user):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return as_


@pytest.fixture
def contracts(awarded, make_contract, db):
    """Three contracts: `full`'s cancelled draft of an earlier year (written directly: the numbering is not
    under test here) and its signed one, `lower`'s draft (its organisation has a NIP)."""
    old = make_contract(awarded.full.id, status=ContractStatus.cancelled)
    old.year, old.number = 2025, "CDO-RIPS.525.99.2025"
    full = make_contract(awarded.full.id)
    lower = make_contract(awarded.lower.id, status=ContractStatus.draft)
    db.session.get(Organization, lower.organization_id).nip = NIP
    db.session.commit()
    return full, lower, old


def ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath('//table[@id="contracts"]//tr/@data-contract-id')]


def field_error(response, field: str) -> str:
    return " ".join(parse(response).xpath(f'//p[@id="f-{field}-error"]//text()')).strip()


def test_the_office_finds_a_contract_by_number_title_organisation_nip_and_year(contracts, web, officer, db):
    full, lower, old = contracts
    office = web(officer)
    assert ids(office.get("/office/contracts")) == [lower.id, full.id, old.id]  # newest first
    assert ids(office.get("/office/contracts?q=525.99")) == [old.id]
    assert ids(office.get("/office/contracts?q=123 456 32 18")) == [lower.id]  # a NIP typed any way
    organisation = db.session.get(Organization, full.organization_id).name
    assert ids(office.get("/office/contracts", query_string={"q": organisation.upper()})) == [full.id, old.id]
    title_word = full.task_title.split()[0]
    assert set(ids(office.get("/office/contracts", query_string={"q": title_word}))) >= {full.id}
    assert ids(office.get("/office/contracts?q=100%25")) == []  # % is a letter typed, not a pattern
    response = office.get("/office/contracts?year=2025&status=cancelled")
    assert ids(response) == [old.id]
    doc = parse(response)
    assert doc.xpath('//select[@id="f-year"]/option[@selected]/@value') == ["2025"]
    assert doc.xpath('//select[@id="f-status"]/option[@selected]/@value') == ["cancelled"]
    assert "2025" in doc.xpath('//select[@id="f-year"]/option/@value')


def test_the_pages_keep_the_filters(contracts, web, officer):
    full, lower, old = contracts
    office = web(officer)
    seen, url = [], "/office/contracts?q=CDO&limit=1"
    while url:
        response = office.get(url)
        seen += ids(response)
        links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
        url = links[0] if links else None
        if url:
            assert "q=CDO" in url and "limit=1" in url
    assert seen == [lower.id, full.id, old.id]
    assert parse(response).xpath('//nav[contains(@class, "pager")]//a[text()="Pierwsza strona"]')


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=signedd", "status"), ("due=never", "due"), ("year=dwa", "year"), ("year=1999", "year")],
)
def test_a_filter_that_cannot_be_read_is_named_on_its_field_and_the_rest_applies(
    contracts, web, officer, api, query, field
):
    full, lower, old = contracts
    response = web(officer).get(f"/office/contracts?q=525.99&{query}")
    assert response.status_code == 200 and field_error(response, field)
    assert ids(response) == [old.id]
    refused = api(officer).get(f"/api/v1/contracts?{query}")  # the API answers 422 naming the parameter
    assert refused.status_code == 422 and field in refused.get_json()["fields"]


def test_a_position_that_cannot_be_read_is_named_and_the_first_page_shown(contracts, web, officer):
    response = web(officer).get("/office/contracts?after=abc")
    assert response.status_code == 200
    assert parse(response).xpath('//p[@role="alert"][@data-field="after"]')
    assert len(ids(response)) == 3


def test_the_api_filters_by_year_and_words(contracts, api, officer):
    full, lower, old = contracts
    client = api(officer)
    assert [c["id"] for c in client.get("/api/v1/contracts?year=2025").get_json()["items"]] == [old.id]
    assert [c["id"] for c in client.get(f"/api/v1/contracts?q={NIP}").get_json()["items"]] == [lower.id]


def test_another_office_and_the_organisations_never_see_the_offices_list(
    contracts, web, other_officer, evaluator, awarded
):
    stranger = web(other_officer)
    for query in ("", f"?q={NIP}", "?year=2025", "?q=CDO"):
        assert ids(stranger.get(f"/office/contracts{query}")) == []
    assert web(evaluator).get("/office/contracts").status_code == 403
    ngo = web(awarded.lower.user)
    assert ngo.get("/office/contracts").status_code == 403
    full, lower, old = contracts
    assert ids(ngo.get(f"/ngo/contracts?q={NIP}")) == [lower.id]  # the organisation's own list searches too
    assert ids(ngo.get("/ngo/contracts?year=2025")) == []  # another organisation's contract of that year


def test_the_awards_waiting_for_a_contract_cost_the_same_statements_however_many(
    awarded, web, officer, make_contract, db
):
    make_contract(awarded.full.id)
    db.session.commit()
    office = web(officer)
    office.get("/office/contracts")
    costs = []
    for waiting in ([str(awarded.lower.id)], []):
        db.session.expunge_all()
        with counting_statements(db) as statements:
            page = office.get("/office/contracts").get_data(as_text=True)
        assert parse_rows(page) == waiting  # a live contract takes the offer off the list
        costs.append(statements())
        if waiting:
            make_contract(awarded.lower.id)
            db.session.commit()
    assert costs[0] == costs[1], costs
    assert db.session.scalar(db.select(db.func.count(Contract.id))) == 2


def parse_rows(page: str) -> list[str]:
    import lxml.html

    return lxml.html.fromstring(page).xpath('//table[@id="awaiting"]//tr/@data-offer-id')
