"""The office's list of a call's offers at scale (issue 13): the figures of the whole call, the rows in keyset
pages, a search by title or organisation words, a NIP or a control code typed any way, and the confirmation
filter; bad input named, never an error page."""

from copy import deepcopy
from datetime import timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from grants.clock import warsaw_date
from grants.extensions import db
from grants.offers.models import Offer
from tests.web.pages import parse, text


def row_ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath('//table[@id="offers"]//tr[@data-offer-id]/@data-offer-id')]


def next_href(response):
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


@pytest.fixture
def listed(submit, review_call):
    offers = [
        submit(name="Fundacja Dom Pokoju", nip="5261040828"),
        submit(name="Stowarzyszenie Tęcza"),
        submit(name="Klub Sportowy Odra"),
    ]
    return review_call, offers


def code_of(offer_id: int) -> str:
    return db.session.get(Offer, offer_id).current_version.control_code


def test_pages_walk_every_offer_once_and_the_figures_count_the_whole_call(client, login, officer, listed):
    call, offers = listed
    login(officer)
    first = client.get(f"/office/calls/{call.id}/offers?limit=2")
    assert first.status_code == 200
    assert row_ids(first) == [offers[0].id, offers[1].id]
    assert parse(first).xpath('//dd[@data-count="submitted"]/text()') == ["3"]
    second = client.get(next_href(first))
    assert row_ids(second) == [offers[2].id]
    assert next_href(second) is None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Tęcza", [1]),
        ("klub sportowy", [2]),
        ("526-104-08-28", [0]),
        ("nothing-like-this", []),
    ],
)
def test_search_by_words_and_nip(client, login, officer, listed, query, expected):
    call, offers = listed
    login(officer)
    response = client.get(f"/office/calls/{call.id}/offers", query_string={"q": query})
    assert row_ids(response) == [offers[i].id for i in expected]
    if not expected:
        assert "Żadna oferta nie spełnia warunków wyszukiwania" in text(response)


def test_a_control_code_finds_its_offer_however_typed(client, login, officer, listed):
    call, offers = listed
    typed = code_of(offers[1].id).replace("-", " ").lower()
    login(officer)
    assert row_ids(client.get(f"/office/calls/{call.id}/offers", query_string={"q": typed})) == [offers[1].id]


def test_the_confirmation_filter(client, login, officer, listed):
    call, offers = listed
    login(officer)
    version = db.session.get(Offer, offers[2].id).current_version
    # The offers were submitted the day before the call's deadline (`submit`), after the suite's "now".
    with freeze_time(version.submitted_at + timedelta(hours=1)):
        login(officer)
        recorded = client.post(
            f"/office/calls/{call.id}/confirmations",
            data={
                "control_code": version.control_code,
                "received_at": warsaw_date(version.submitted_at).isoformat(),
                "channel": "paper",
            },
        )
    assert recorded.status_code == 302 and f"/office/calls/{call.id}/offers" in recorded.headers["Location"]
    login(officer)
    assert row_ids(client.get(f"/office/calls/{call.id}/offers?confirmed=yes")) == [offers[2].id]
    assert row_ids(client.get(f"/office/calls/{call.id}/offers?confirmed=no")) == [offers[0].id, offers[1].id]


@pytest.mark.parametrize("query, field", [("confirmed=maybe", "confirmed"), ("after=zzz", None), ("limit=0", None)])
def test_bad_filters_are_named_and_the_list_still_shown(client, login, officer, listed, query, field):
    call, offers = listed
    login(officer)
    response = client.get(f"/office/calls/{call.id}/offers?{query}")
    assert response.status_code == 200
    assert row_ids(response) == [o.id for o in offers]
    if field:
        assert parse(response).xpath(f'//*[@id="f-{field}-error"]')
    else:
        assert parse(response).xpath('//p[contains(@class, "errors")][@role="alert"]')


def test_another_office_and_other_roles_are_refused(client, login, other_officer, evaluator, listed):
    call, _offers = listed
    login(other_officer)
    assert client.get(f"/office/calls/{call.id}/offers?q=Tęcza").status_code == 404
    client.post("/logout")
    login(evaluator)
    assert client.get(f"/office/calls/{call.id}/offers").status_code == 403


def test_a_page_read_again_decodes_no_frozen_document_and_another_document_is_read(client, login, officer, listed):
    """The titles and the offerors' names are kept by (version id, control sum) once read: a page read again
    reads no document. A version's document never changes, but a restored database may give its id another
    one — with another control sum, so it is read anew."""
    call, offers = listed
    login(officer)
    url = f"/office/calls/{call.id}/offers"
    assert "Fundacja Dom Pokoju" in text(client.get(url))
    statements = []

    def before(conn, cursor, statement, *_args):
        statements.append(statement)

    engine = db.session.connection().engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        again = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert row_ids(again) == [offer.id for offer in offers] and "Fundacja Dom Pokoju" in text(again)
    assert statements and not [s for s in statements if "offer_versions.document" in s]
    version = db.session.get(Offer, offers[0].id).current_version
    document = deepcopy(version.document)
    document["organizations"][0]["name"] = "Fundacja Odtworzona"
    version.document, version.control_sum = document, "f" * 64
    db.session.commit()
    page = text(client.get(url))
    assert "Fundacja Odtworzona" in page and "Fundacja Dom Pokoju" not in page
