"""What anyone sees without an account: the lists, an announcement, the Atom feed."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from lxml import etree

from grants.calls.ending import cancel_call, delete_draft
from grants.calls.models import CancelGround, CancelKind
from grants.calls.operations import update_call
from tests.helpers import future
from tests.web.pages import parse, text

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def calls(make_call, officer, db):
    """A draft, an open call, a deleted draft and a published call cancelled under art. 18a ust. 1 pkt 1."""
    draft = make_call(title="Szkic: tajny projekt ogłoszenia")
    open_call = make_call(publish=True, title="Kursy języka polskiego dla cudzoziemców")
    cancelled = make_call(publish=True, title="Festyn integracyjny")
    # The writer takes the ground its caller judged (review.operations.cancellation checks the facts).
    cancel_call(
        actor=officer,
        call=cancelled,
        reason="Nie złożono żadnej oferty.",
        kind=CancelKind.cancellation,
        ground=CancelGround.no_offers,
    )
    # Deleted last: SQLite would give a deleted row's id to the next call.
    cancelled_draft = make_call(title="Szkic unieważniony przed publikacją")
    delete_draft(actor=officer, call=cancelled_draft)
    db.session.commit()
    return {"draft": draft, "open": open_call, "cancelled_draft": cancelled_draft, "cancelled": cancelled}


def card_ids(response) -> list[str]:
    return parse(response).xpath('//li[contains(@class, "card")]/@data-call-id')


def test_home_says_what_oko_is_and_lists_open_calls(client, calls):
    response = client.get("/")
    assert response.status_code == 200
    assert "organizacje pozarządowe składają oferty" in text(response)
    assert card_ids(response) == [str(calls["open"].id)]
    hrefs = set(parse(response).xpath("//main//a/@href"))
    assert {
        "/calls?status=closed",
        "/calls?status=resolved",
        "/calls?status=cancelled",
        "/feed.atom",
        f"/calls/{calls['open'].id}",
    } <= hrefs


def test_calls_tabs_mark_the_current_one_and_show_cards(client, calls):
    response = client.get("/calls?status=open")
    assert response.status_code == 200
    doc = parse(response)
    current = doc.xpath('//ul[@class="tabs"]//a[@aria-current="page"]')
    assert [a.get("href") for a in current] == ["/calls?status=open"]
    assert card_ids(response) == [str(calls["open"].id)]
    card = " ".join(doc.xpath('//li[contains(@class, "card")]')[0].text_content().split())
    assert "Kursy języka polskiego dla cudzoziemców" in card
    assert "Urząd Miasta Opola" in card and "Działalność na rzecz integracji cudzoziemców" in card
    assert "120 000,00 zł" in card
    assert "godz. 16:00" in card
    assert "otwarty — przyjmuje oferty" in card

    cancelled = client.get("/calls?status=cancelled")
    assert card_ids(cancelled) == [str(calls["cancelled"].id)]
    assert parse(cancelled).xpath('//a[@aria-current="page"]/@href') == ["/calls?status=cancelled"]
    assert card_ids(client.get("/calls?status=resolved")) == []
    assert card_ids(client.get("/calls?status=nonsense")) == [str(calls["open"].id)]  # falls back to open


def test_drafts_are_never_public(client, calls):
    secret = ("Szkic: tajny projekt ogłoszenia", "Szkic unieważniony przed publikacją")
    for url in (
        "/",
        "/calls",
        "/calls?status=open",
        "/calls?status=closed",
        "/calls?status=resolved",
        "/calls?status=cancelled",
        "/feed.atom",
    ):
        body = client.get(url).get_data(as_text=True)
        for title in secret:
            assert title not in body, url
    assert client.get(f"/calls/{calls['draft'].id}").status_code == 404
    assert client.get(f"/calls/{calls['cancelled_draft'].id}").status_code == 404
    assert client.get("/calls/999999").status_code == 404
    feed = etree.fromstring(client.get("/feed.atom").data)
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert not any(i.endswith(f":call:{calls['draft'].id}") for i in ids)


def test_drafts_stay_hidden_from_a_logged_in_officer_on_public_pages(client, login, officer, calls):
    login(officer)
    assert client.get(f"/calls/{calls['draft'].id}").status_code == 404
    assert "Szkic: tajny projekt ogłoszenia" not in client.get("/calls").get_data(as_text=True)


def test_announcement_has_all_seven_items_criteria_and_publications(client, calls):
    call = calls["open"]
    response = client.get(f"/calls/{call.id}")
    assert response.status_code == 200
    doc = parse(response)
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//main//h3")]
    for number in range(1, 8):
        assert any(h.startswith(f"{number}. ") for h in headings), number
    assert headings[0] == "1. Rodzaj zadania publicznego"
    assert headings[4] == "5. Termin składania ofert"
    page = text(response)
    assert "120 000,00 zł" in page and "Działalność na rzecz integracji cudzoziemców" in page
    assert "Nabór przyjmuje oferty do" in page
    criteria = doc.xpath('//table[caption[contains(., "Kryteria")]]')[0]
    assert criteria.xpath(".//th[@scope='col']")
    rows = {
        " ".join(r.xpath("./th")[0].text_content().split()): r.xpath("./td")[0].text_content().strip()
        for r in criteria.xpath("./tbody/tr")
    }
    assert rows["Jakość wykonania zadania i kwalifikacje osób realizujących zadanie"] == "30"
    assert criteria.xpath("./tfoot//td")[0].text_content().strip() == "100"
    publications = doc.xpath('//table[caption[contains(., "Publikacje")]]//tbody/tr')
    assert [" ".join(r.xpath("./th")[0].text_content().split()) for r in publications] == [
        "Biuletyn Informacji Publicznej",
        "Tablica ogłoszeń urzędu",
        "Strona internetowa urzędu",
    ]
    assert all("godz." in r.xpath("./td")[0].text_content() for r in publications)
    assert doc.xpath('//span[@data-phase="published"]')


def test_amendment_is_shown_with_date_reason_and_change(client, officer, calls, db):
    call = calls["open"]
    update_call(actor=officer, call=call, raw={"budget_total": "150000", "reason": "Zwiększenie środków."})
    db.session.commit()
    response = client.get(f"/calls/{call.id}")
    section = parse(response).xpath('//section[@aria-labelledby="amendments-heading"]')[0]
    content = " ".join(section.text_content().split())
    assert "Zwiększenie środków." in content
    assert "Zmiana z " in content and "godz." in content
    assert (
        "Wysokość środków publicznych przeznaczonych na realizację zadania: 120 000,00 zł → zmieniono na "
        "150 000,00 zł" in content
    )
    assert "150 000,00 zł" in " ".join(
        parse(response).xpath('//*[@id="item-2"]/following-sibling::div[1]')[0].text_content().split()
    )


def test_amendments_criteria_and_publications_each_once_and_in_order(client, officer, calls, db):
    # The call page loads the three lists joined in one statement (grants.calls.queries.public_call_for_page):
    # their rows multiply, the page must not.
    call = calls["open"]
    for budget, reason in (("150000", "Pierwsza zmiana."), ("160000", "Druga zmiana.")):
        with freeze_time(call.published_at + timedelta(hours=1 if budget == "150000" else 2)):
            update_call(actor=officer, call=call, raw={"budget_total": budget, "reason": reason})
            db.session.commit()
    doc = parse(client.get(f"/calls/{call.id}"))
    reasons = [" ".join(p.text_content().split()) for p in doc.xpath('//div[@class="amendment"]/p[2]')]
    assert reasons == ["Powód: Pierwsza zmiana.", "Powód: Druga zmiana."]
    criteria = doc.xpath('//table[caption[contains(., "Kryteria")]]/tbody/tr/th')
    names = [" ".join(th.text_content().split()) for th in criteria]
    assert len(names) == len(set(names)) == len(call.criteria)
    assert names == [" ".join(c.name.split()) for c in sorted(call.criteria, key=lambda c: c.position)]
    assert len(doc.xpath('//table[caption[contains(., "Publikacje")]]//tbody/tr')) == 3


def test_the_call_pages_lists_are_the_rows_as_the_orm_loads_them(app, officer, calls, db):
    """On PostgreSQL the page reads the three lists as JSON in the call's row and rebuilds them: the same
    values, of the same types (amounts, aware moments, enums, JSON), in the same order as loaded rows."""
    from grants.calls.models import Call
    from grants.calls.queries import public_call_for_page

    call = calls["open"]
    with freeze_time(call.published_at + timedelta(hours=1)):
        update_call(actor=officer, call=call, raw={"budget_total": "150000", "reason": "Zmiana."})
        db.session.commit()

    def columns(item):
        return {attr.key: getattr(item, attr.key) for attr in item.__mapper__.column_attrs}

    with app.test_request_context():
        expected = db.session.get(Call, call.id)
        lists = {key: [columns(item) for item in getattr(expected, key)] for key in LISTS}
        db.session.expunge_all()
        page_call, _formal_list_at = public_call_for_page(call.id)
        assert {key: [columns(item) for item in getattr(page_call, key)] for key in LISTS} == lists
        assert all(lists.values()) and page_call.max_total_points == expected.max_total_points
        moment = lists["publications"][0]["published_at"]
        assert moment.tzinfo is not None and lists["criteria"][0]["max_points"].as_tuple().exponent == -2


LISTS = ("criteria", "publications", "amendments")


def test_cancelled_call_shows_the_notice_with_reason(client, calls):
    response = client.get(f"/calls/{calls['cancelled'].id}")
    assert response.status_code == 200
    notice = " ".join(parse(response).xpath('//div[contains(@class, "cancel-notice")]')[0].text_content().split())
    assert "art. 18a" in notice and "Nie złożono żadnej oferty." in notice
    assert parse(response).xpath('//span[@data-phase="cancelled"]')
    assert "Nabór przyjmuje oferty" not in text(response)


def test_call_past_its_deadline_is_closed_by_the_clock(client, make_call):
    call = make_call(publish=True, submission_deadline=future(30))
    assert card_ids(client.get("/calls?status=open")) == [str(call.id)]
    with freeze_time(call.submission_deadline + timedelta(seconds=1)):
        assert card_ids(client.get("/calls?status=open")) == []
        assert card_ids(client.get("/calls?status=closed")) == [str(call.id)]
        assert card_ids(client.get("/")) == []
        response = client.get(f"/calls/{call.id}")
        assert parse(response).xpath('//span[@data-phase="closed"]')
        assert "Termin składania ofert minął" in text(response)
        assert "Nabór przyjmuje oferty" not in text(response)
    with freeze_time(call.submission_deadline - timedelta(seconds=1)):
        assert parse(client.get(f"/calls/{call.id}")).xpath('//span[@data-phase="published"]')


def test_feed_is_atom_with_stable_ids_links_and_summaries(client, officer, calls, db):
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = etree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {"Kursy języka polskiego dla cudzoziemców", "Festyn integracyjny"}
    open_entry = entries["Kursy języka polskiego dla cudzoziemców"]
    call = calls["open"]
    entry_id = open_entry.findtext(f"{ATOM}id")
    assert entry_id.startswith("tag:") and entry_id.endswith(f":call:{call.id}")
    assert open_entry.find(f"{ATOM}link").get("href") == f"http://localhost/calls/{call.id}"
    summary = " ".join(open_entry.findtext(f"{ATOM}summary").split())
    assert "120 000,00 zł" in summary and "godz. 16:00" in summary
    assert "unieważniony" in entries["Festyn integracyjny"].findtext(f"{ATOM}summary")
    first_updated = open_entry.findtext(f"{ATOM}updated")

    # An amendment moves `updated` to its own time; the id stays.
    with freeze_time(call.published_at + timedelta(days=2)):
        update_call(
            actor=officer,
            call=call,
            raw={"title": "Kursy języka polskiego (zmiana)", "reason": "Doprecyzowanie tytułu."},
        )
        db.session.commit()
    feed = etree.fromstring(client.get("/feed.atom").data)
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == entry_id)
    assert entry.findtext(f"{ATOM}title") == "Kursy języka polskiego (zmiana)"
    assert entry.findtext(f"{ATOM}updated") > first_updated
    assert "Doprecyzowanie tytułu." in entry.findtext(f"{ATOM}summary")
    assert feed.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}updated")


def test_the_feed_announces_published_results_in_an_entry_of_their_own(client, awarded):
    """Issue 11: the Atom feed carried announcements and amendments but not results (art. 15 ust. 2h)."""
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(client.get("/feed.atom").get_data())
    entries = {e.findtext(f"{atom}id"): e for e in feed.iter(f"{atom}entry")}
    results = [e for key, e in entries.items() if key.endswith(f":oko:results:{awarded.call.id}")]
    assert len(results) == 1
    entry = results[0]
    assert entry.findtext(f"{atom}title") == f"Wyniki: {awarded.call.title}"
    assert entry.find(f"{atom}link").get("href").endswith(f"/calls/{awarded.call.id}/results")
    assert "art. 15 ust. 2h" in entry.findtext(f"{atom}summary")
    # the call's own entry stays, and a call without results has no results entry
    assert any(key.endswith(f":oko:call:{awarded.call.id}") for key in entries)
    assert sum(key.count(":oko:results:") for key in entries) == 1
