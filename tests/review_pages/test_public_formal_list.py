"""The public list of formal outcomes (issue 11: the office published it, but only the API showed it):
/calls/<id>/formal-list is public once published and 404 before, lists offerors, task titles and outcomes
with the publication date, is linked from the call page and announced in the Atom feed."""

import xml.etree.ElementTree as ET

from grants.extensions import db
from grants.offers.models import Offer
from tests.web.pages import element, parse, text

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(flow):
    response = flow.officer.post(f"/api/v1/calls/{flow.call.id}/formal-reviews/publish")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_404_before_publication_then_the_list_for_anyone(client, flow, offers):
    url = f"/calls/{flow.call.id}/formal-list"
    assert client.get(url).status_code == 404
    flow.accept(offers[0])
    flow.formal(offers[1].id, "rejected", checklist=flow.checklist(on_time=False), reason="Oferta po terminie.")
    publish(flow)
    page = client.get(url)
    assert page.status_code == 200
    rows = parse(page).xpath('//table[@id="formal-list"]/tbody/tr')
    assert len(rows) == 3
    by_org = {row.xpath("string(th)").strip(): " ".join(row.text_content().split()) for row in rows}
    first, second, third = (db.session.get(Offer, o.id) for o in offers)
    assert (
        "spełnia wymogi formalne" in by_org[first.organization.name] and first.title in by_org[first.organization.name]
    )
    assert "nie spełnia wymogów formalnych" in by_org[second.organization.name]
    assert "Oferta po terminie." in by_org[second.organization.name]
    assert "czeka na ocenę formalną" in by_org[third.organization.name]
    assert element(page, "formal-list-published").text_content().strip()
    # cards on phones: every data cell names its column
    assert all(td.get("data-label") for td in parse(page).xpath('//table[@id="formal-list"]//td'))
    # no control codes in public
    assert first.current_version.control_code not in text(page)


def test_the_page_shows_the_published_version_not_todays_outcomes(client, flow, offers):
    flow.accept(offers[1])
    publish(flow)
    flow.accept(offers[0])  # after the publication: not on the published list until published again
    page = client.get(f"/calls/{flow.call.id}/formal-list")
    assert [row.get("data-status") for row in parse(page).xpath('//table[@id="formal-list"]/tbody/tr')].count(
        "accepted"
    ) == 1
    publish(flow)
    page = client.get(f"/calls/{flow.call.id}/formal-list")
    assert element(page, "formal-list-version").text_content() == "2"
    assert [row.get("data-status") for row in parse(page).xpath('//table[@id="formal-list"]/tbody/tr')].count(
        "accepted"
    ) == 2


def test_the_call_page_and_the_feed_link_to_it(client, flow, offers):
    call_url = f"/calls/{flow.call.id}"
    flow.accept(offers[0])
    assert not parse(client.get(call_url)).xpath('//*[@id="formal-list-link"]')
    publish(flow)
    links = parse(client.get(call_url)).xpath('//*[@id="formal-list-link"]//a/@href')
    assert links == [f"/calls/{flow.call.id}/formal-list"]
    feed = ET.fromstring(client.get("/feed.atom").get_data())
    entries = [
        e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith(f":oko:formal-list:{flow.call.id}")
    ]
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/calls/{flow.call.id}/formal-list")
    assert entries[0].findtext(f"{ATOM}title") == f"Wyniki oceny formalnej: {flow.call.title}"
