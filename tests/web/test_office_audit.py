"""The office's audit log page (/office/audit, issue 13): the office's entries only, newest first, in keyset
pages, filtered by object, action, who and Warsaw days; bad filters named on their fields, never a 500."""

from datetime import timedelta

import pytest

from grants.audit.listing import PAGE_SIZE
from grants.audit.log import record
from grants.audit.models import AuditEntry
from grants.clock import WARSAW
from tests.web.pages import parse, text


def entry_ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath("//tr[@data-entry-id]/@data-entry-id")]


def next_href(response):
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


@pytest.fixture
def entries(db, officer, other_officer):
    """Entries of the office (actions of two kinds) and one of another office."""
    own = [
        record("call.update", "call", 7, actor=officer, office_id=officer.office_id, after={"title": f"T{n}"})
        for n in range(PAGE_SIZE + 3)
    ]
    own.append(record("offer.formal", "offer", 9, actor=officer, office_id=officer.office_id))
    theirs = record("call.update", "call", 8, actor=other_officer, office_id=other_officer.office_id)
    db.session.commit()
    return {"own": [e.id for e in own], "theirs": theirs.id}


def test_the_office_reads_its_own_entries_newest_first_in_pages(client, login, officer, entries, db):
    login(officer)
    first = client.get("/office/audit")
    assert first.status_code == 200
    office_entries = db.select(AuditEntry.id).where(AuditEntry.office_id == officer.office_id)
    newest_first = list(db.session.scalars(office_entries.order_by(AuditEntry.id.desc())))
    assert set(entries["own"]) <= set(newest_first) and entries["theirs"] not in newest_first
    assert entry_ids(first) == newest_first[:PAGE_SIZE]
    second = client.get(next_href(first))
    assert entry_ids(second) == newest_first[PAGE_SIZE:]
    assert entries["theirs"] not in entry_ids(first) + entry_ids(second)


def test_filters_narrow_by_object_action_and_who(client, login, officer, other_officer, entries, db):
    login(officer)
    offers = client.get("/office/audit?entity_type=offer")
    assert entry_ids(offers) == [entries["own"][-1]]
    assert entry_ids(client.get("/office/audit?action=offer.")) == [entries["own"][-1]]
    assert entry_ids(client.get("/office/audit?entity_type=call&entity_id=9")) == []
    by_email = client.get(f"/office/audit?actor={officer.email.upper()}&limit=5")
    assert len(entry_ids(by_email)) == 5
    assert entry_ids(client.get(f"/office/audit?actor={other_officer.email}")) == []


def test_days_are_warsaw_days(client, login, officer, db):
    # 23:30 UTC on 4 December is already 5 December in Warsaw (the suite's clock).
    entry = record("call.update", "call", 77, actor=officer, office_id=officer.office_id)
    db.session.commit()
    login(officer)
    day = entry.created_at.astimezone(WARSAW).date()
    # At the suite's 23:30 UTC the UTC date is the day before: a filter on UTC days would keep the entry below.
    one_call = "/office/audit?entity_type=call&entity_id=77"
    assert entry_ids(client.get(f"{one_call}&day_from={day}&day_to={day}")) == [entry.id]
    assert entry_ids(client.get(f"{one_call}&day_to={day - timedelta(days=1)}")) == []
    assert entry_ids(client.get(f"{one_call}&day_from={day + timedelta(days=1)}")) == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("entity_id=abc", "entity_id"),
        ("entity_type=nonsense", "entity_type"),
        ("action=DROP%20TABLE", "action"),
        ("day_from=31.02.2027", "day_from"),
        ("day_from=2026-01-02&day_to=2026-01-01", "day_to"),
    ],
)
def test_bad_filters_are_named_on_their_fields(client, login, officer, entries, query, field):
    login(officer)
    response = client.get(f"/office/audit?{query}")
    assert response.status_code == 200
    assert parse(response).xpath(f'//*[@id="f-{field}-error"]'), text(response)[:300]
    assert entry_ids(response), "the rest of the list is still shown"


def test_a_position_that_is_not_one_shows_the_first_page(client, login, officer, entries):
    login(officer)
    response = client.get("/office/audit?after=bm9wZQ")
    assert response.status_code == 200
    assert entry_ids(response)[0] == max(entries["own"])
    assert "pierwszej strony" in text(response)


def test_only_the_office_reads_it(client, login, evaluator, ngo_user, entries):
    assert client.get("/office/audit").status_code == 302
    login(evaluator)
    assert client.get("/office/audit").status_code == 403


def test_the_admin_reads_every_office(client, login, admin, entries, db):
    login(admin)
    ids = entry_ids(client.get("/office/audit?limit=200&entity_type=call"))
    assert entries["theirs"] in ids and entries["own"][0] in ids
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) >= len(ids)


def test_before_and_after_are_escaped_lists_and_dashes(client, login, officer, db):
    """Each side of an entry is a definition list written by `calls.labels.key_values` (not a macro): a
    reader's text is escaped, a list is a list, and an empty side is a dash."""
    entry = record(
        "call.update",
        "call",
        7,
        actor=officer,
        office_id=officer.office_id,
        before=None,
        after={"title": '<script>alert("x")</script> & co', "criteria": [{"name": "Jakość <b>", "max_points": 10}]},
    )
    db.session.commit()
    login(officer)
    response = client.get("/office/audit")
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    (row,) = parse(response).xpath(f'//tr[@data-entry-id="{entry.id}"]')
    before, after = row.xpath("./td")[-2:]
    assert before.text_content() == "—"
    labels = [dt.text_content() for dt in after.xpath(".//dl[@class='kv']/dt")]
    assert labels == ["Tytuł ogłoszenia", "Kryteria oceny ofert"]
    (criterion,) = after.xpath(".//dd/ul/li")
    assert "Jakość <b>" in criterion.text_content() and not criterion.xpath(".//b")
