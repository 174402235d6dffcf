"""The office's desk of calls at national scale (/office/, issue 13): the calls waiting for the office in a short
section counted in one statement, every other call in keyset pages with filters (phase, year of the task, task
type, words of the title); bad filters named on their fields, never an error page; another office's calls never
shown; the statements of a page do not grow with the office's calls."""

from datetime import timedelta

import pytest

from tests.helpers import counting_statements, future
from tests.web.pages import parse


def ids(response, table_id: str) -> list[str]:
    return parse(response).xpath(f'//table[@id="{table_id}"]//tr[@data-call-id]/@data-call-id')


def next_link(response) -> str | None:
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


def field_error(response, field: str) -> str:
    return " ".join(parse(response).xpath(f'//p[@id="f-{field}-error"]//text()')).strip()


@pytest.fixture
def desk(client, login, officer):
    """GET /office/ as the officer; the logging in happens at the first call, inside the test's frozen clock."""
    state = {"in": False}

    def get(url="/office/", **params):
        if not state["in"]:
            login(officer)
            state["in"] = True
        response = client.get(url, query_string=params or None)
        assert response.status_code == 200, response.status_code
        return response

    return get


def test_the_other_calls_come_in_pages_newest_first_and_the_waiting_ones_only_on_top(desk, make_call, frozen_clock):
    published = []
    for n in range(5):
        published.append(make_call(publish=True, title=f"Nabór otwarty {n}", submission_deadline=future(40)))
        frozen_clock.tick(timedelta(minutes=1))
    draft = make_call(title="Projekt do opublikowania")

    first = desk(limit=2)
    assert ids(first, "calls-action") == [str(draft.id)]
    seen, response, pages = [], first, 0
    while True:
        pages += 1
        seen += ids(response, "calls-other")
        link = next_link(response)
        if link is None:
            break
        assert "limit=2" in link  # the next page as long as this one
        response = desk(link)
        assert not ids(response, "calls-action")  # what waits is the first page's, not repeated on the next
        assert parse(response).xpath('//nav[contains(@class, "pager")]//a[text()="Pierwsza strona"]')
    assert pages == 3
    assert seen == [str(call.id) for call in reversed(published)]  # newest first, each once, no draft


def test_filters_by_phase_year_task_type_and_title_words(desk, make_call, frozen_clock):
    soon = make_call(publish=True, title="Punkt informacyjny", submission_deadline=future(25))
    later = make_call(
        publish=True,
        title="Kursy 100% darmowe_dla seniorów",
        task_type="Działalność na rzecz osób w wieku emerytalnym",
        submission_deadline=future(40),
    )
    draft = make_call(title="Projekt: pomoc sąsiedzka", task_start="2028-02-01", task_end="2028-11-30")
    frozen_clock.tick(timedelta(days=26))  # `soon` is past its deadline now, waiting for the formal check

    assert ids(desk(status="open"), "calls-other") == [str(later.id)]
    assert ids(desk(status="closed"), "calls-other") == [str(soon.id)]
    assert ids(desk(status="draft"), "calls-other") == [str(draft.id)]
    assert set(ids(desk(status="waiting"), "calls-other")) == {str(soon.id), str(draft.id)}
    assert ids(desk(status="resolved"), "calls-other") == []

    response = desk(year="2028")
    assert ids(response, "calls-other") == [str(draft.id)]
    assert not ids(response, "calls-action")  # a search is about its results, the waiting section steps aside
    assert set(ids(desk(year="2027"), "calls-other")) == {str(soon.id), str(later.id)}

    elderly = "Działalność na rzecz osób w wieku emerytalnym"
    response = desk(task_type=elderly)
    assert ids(response, "calls-other") == [str(later.id)]
    # The form keeps what was chosen and typed.
    doc = parse(response)
    assert doc.xpath('//select[@id="f-task-type"]/option[@selected]/@value') == [elderly]

    response = desk(q="  100%   darmowe_dla ", status="open")
    assert ids(response, "calls-other") == [str(later.id)]
    doc = parse(response)
    assert doc.xpath('//input[@id="f-q"]/@value') == ["100% darmowe_dla"]
    assert doc.xpath('//select[@id="f-status"]/option[@selected]/@value') == ["open"]
    assert ids(desk(q="100_"), "calls-other") == []  # % and _ are letters typed, not patterns
    assert ids(desk(q="punkt INFORMACYJNY"), "calls-other") == [str(soon.id)]
    assert "Żaden konkurs urzędu nie spełnia warunków" in desk(q="nic takiego").get_data(as_text=True)


def test_the_waiting_section_is_short_counts_them_all_and_links_their_paged_list(
    desk, make_call, frozen_clock, monkeypatch
):
    from grants.calls import office_list

    monkeypatch.setattr(office_list, "WAITING_SHOWN", 2)
    drafts = [make_call(title=f"Projekt {n}") for n in range(3)]
    response = desk()
    assert len(ids(response, "calls-action")) == 2
    [more] = parse(response).xpath('//p[@id="waiting-more"]/a')
    assert "(3)" in more.text_content() and more.get("href") == "/office/?status=waiting"
    assert set(ids(desk(more.get("href")), "calls-other")) == {str(d.id) for d in drafts}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "zamkniety"}, "status", "Wybierz etap konkursu z listy."),
        ({"year": "dwa tysiące"}, "year", ""),
        ({"year": "1999"}, "year", ""),
        ({"task_type": "Nieznany rodzaj"}, "task-type", "Żaden konkurs urzędu nie dotyczy takiego rodzaju zadania"),
    ],
)
def test_a_filter_that_cannot_be_read_is_named_on_its_field_and_the_rest_applies(
    desk, make_call, params, field, message
):
    call = make_call(publish=True, title="Kursy językowe", submission_deadline=future(40))
    response = desk(q="kursy", **params)
    assert message in field_error(response, field) and field_error(response, field)
    assert ids(response, "calls-other") == [str(call.id)]  # the words still apply


def test_a_position_that_does_not_decode_is_named_and_the_first_page_shown(desk, make_call):
    call = make_call(publish=True, title="Kursy językowe", submission_deadline=future(40))
    for token in ("!!!", "WzEsMl0", "eyJhIjoxfQ"):
        response = desk(after=token)
        alert = parse(response).xpath('//p[@role="alert"][@data-field="after"]')
        assert alert and "wróć do pierwszej strony" in alert[0].text_content()
        assert ids(response, "calls-other") == [str(call.id)]
    assert field_error(desk(limit="0"), "limit") == ""  # a limit is named too, in the alert
    assert parse(desk(limit="0")).xpath('//p[@role="alert"][@data-field="limit"]')


def test_another_offices_calls_are_never_shown(desk, make_call, other_officer, db):
    from grants.auth.models import User

    mine = make_call(publish=True, title="Opolskie kursy", submission_deadline=future(40))
    other = db.session.get(User, other_officer.id)
    theirs = [
        make_call(actor=other, title="Gdański projekt"),
        make_call(actor=other, publish=True, title="Gdańskie kursy", submission_deadline=future(40)),
        make_call(actor=other, publish=True, title="Gdański nabór", task_type="Ochrona zwierząt"),
    ]
    for params in ({}, {"q": "kursy"}, {"status": "waiting"}, {"status": "draft"}, {"year": "2027"}):
        response = desk(**params)
        shown = set(ids(response, "calls-other")) | set(ids(response, "calls-action"))
        assert not shown & {str(call.id) for call in theirs}, params
        assert "Gdań" not in response.get_data(as_text=True)
    assert ids(desk(q="kursy"), "calls-other") == [str(mine.id)]
    # Their task type is not a choice of this office's form, and asking for it shows none of theirs.
    response = desk(task_type="Ochrona zwierząt")
    assert "Ochrona zwierząt" not in parse(response).xpath('//select[@id="f-task-type"]/option/@value')
    assert field_error(response, "task-type")


@pytest.mark.parametrize("role", ["ngo_user", "evaluator"])
def test_the_desk_is_the_offices_only(client, login, role, request):
    assert client.get("/office/?status=open").status_code == 302  # signed out: to the sign-in page
    login(request.getfixturevalue(role))
    assert client.get("/office/?status=open").status_code == 403
    assert client.get("/office/?after=WzEsMl0").status_code == 403


def test_a_page_reads_the_same_statements_for_few_and_many_calls(client, login, officer, make_call, db, frozen_clock):
    from grants.auth.models import User

    login(officer)
    officer_id, made, counts = officer.id, 0, []
    for n in (4, 40):
        for i in range(made, n):
            actor = db.session.get(User, officer_id)
            kind = i % 4
            if kind == 0:
                make_call(actor=actor, title=f"Projekt {i}")
            else:
                make_call(actor=actor, publish=True, title=f"Nabór {i}", submission_deadline=future(30 + kind))
        made = n
        size = []
        for params in ({}, {"limit": "2"}, {"status": "waiting"}, {"q": "Nabór", "year": "2027"}):
            db.session.expunge_all()
            with counting_statements(db) as statements:
                response = client.get("/office/", query_string=params)
            assert response.status_code == 200
            size.append(statements())
        second = next_link(client.get("/office/?limit=2"))
        db.session.expunge_all()
        with counting_statements(db) as statements:
            assert client.get(second).status_code == 200
        size.append(statements())  # a later page: the same statements too
        counts.append(size)
    assert counts[0] == counts[1], counts
    assert len(parse(client.get("/office/")).xpath('//table[@id="calls-other"]//tr[@data-call-id]')) == 30


def test_the_api_lists_the_offices_drafts_only(api, officer, other_officer, make_call, db, frozen_clock):
    from grants.auth.models import User

    first = make_call(title="Projekt pierwszy")
    frozen_clock.tick(timedelta(minutes=1))
    second = make_call(title="Projekt drugi")
    make_call(publish=True, title="Opublikowany")
    theirs = make_call(actor=db.session.get(User, other_officer.id), title="Gdański projekt")
    listed = api(officer).get("/api/v1/calls?status=draft")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.get_json()] == [second.id, first.id]  # newest first, no published call
    assert [c["id"] for c in api(other_officer).get("/api/v1/calls?status=draft").get_json()] == [theirs.id]
