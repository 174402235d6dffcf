"""The office's desk (/office/, issue 11): the calls first, those waiting for the office on top with their next
step as a link, each with its stage in words and its offer counts (drafts not counted) from one grouped
statement; the programmes after the calls; what only an admin runs, for the admin."""

from datetime import timedelta

import pytest

from tests.helpers import counting_statements, future
from tests.web.pages import parse


@pytest.fixture
def programme(officer, db):
    from grants.calls.operations import create_programme

    created = create_programme(
        actor=officer,
        raw={
            "year": 2027,
            "title": "Program współpracy 2027",
            "priorities": [{"code": "INT", "name": "Integracja", "budget": "300000.00"}],
        },
    )
    db.session.commit()
    return created


def rows(response, table_id: str) -> dict[str, str]:
    doc = parse(response)
    return {
        row.get("data-call-id"): " ".join(row.text_content().split())
        for row in doc.xpath(f'//table[@id="{table_id}"]//tr[@data-call-id]')
    }


def step_link(response, call_id) -> str:
    [href] = parse(response).xpath(f'//tr[@data-call-id="{call_id}"]//td[contains(@class, "next-step")]//a/@href')
    return href


def test_calls_come_before_programmes_and_those_waiting_for_the_office_on_top(
    client, login, officer, programme, make_call, frozen_clock
):
    later = make_call(publish=True, title="Kursy językowe", submission_deadline=future(40))
    soon = make_call(publish=True, title="Punkt informacyjny", submission_deadline=future(25))
    draft = make_call(title="Projekt: pomoc sąsiedzka")
    frozen_clock.tick(timedelta(days=20))  # `soon` now closes within days, `later` in about three weeks
    login(officer)
    response = client.get("/office/")
    assert response.status_code == 200

    waiting = rows(response, "calls-action")
    assert list(waiting) == [str(draft.id), str(soon.id)]  # the draft to publish, then the nearest deadline
    assert "projekt — niewidoczny publicznie" in waiting[str(draft.id)]
    assert "Sprawdź i opublikuj ogłoszenie" in waiting[str(draft.id)]
    assert "do terminu zostało mniej niż 7 dni" in waiting[str(soon.id)]
    assert step_link(response, draft.id) == f"/office/calls/{draft.id}"
    others = rows(response, "calls-other")
    assert list(others) == [str(later.id)]
    assert "otwarty — przyjmuje oferty" in others[str(later.id)] and "złożone: 0" in others[str(later.id)]

    headings = [h.get("id") for h in parse(response).xpath("//main//h2[@id]")]
    assert headings.index("calls-heading") < headings.index("programmes-heading")


def test_a_call_in_review_shows_its_counts_and_the_formal_check_as_next_step(
    client, login, officer, review_call, offers, flow
):
    submitted = offers  # three offers submitted before the deadline; the clock is now after it
    flow.formal(submitted[0].id, "accepted")
    flow.formal(submitted[1].id, "rejected", reason="Oferta złożona przez podmiot nieuprawniony (art. 3 ust. 2).")
    login(officer)
    response = client.get("/office/")
    row = rows(response, "calls-action")[str(review_call.id)]
    assert "złożone: 3" in row and "przyjęte formalnie: 1" in row and "odrzucone: 1" in row
    assert "Ocena formalna: do sprawdzenia 1 z 3" in row
    assert step_link(response, review_call.id) == f"/office/calls/{review_call.id}/review"

    flow.formal(submitted[2].id, "accepted")
    response = client.get("/office/")
    row = rows(response, "calls-action")[str(review_call.id)]
    assert "przyjęte formalnie: 2" in row and "Komisja, ranking i decyzja" in row
    assert step_link(response, review_call.id) == f"/review/calls/{review_call.id}/ranking#decision-heading"


def test_drafts_of_offers_are_not_counted(client, login, officer, published_call, ngo_user, org, api):
    response = api(ngo_user).post(
        f"/api/v1/calls/{published_call.id}/offers", json={"organization_id": org.id, "title": "Robocza"}
    )
    assert response.status_code == 201, response.get_json()
    login(officer)
    row = rows(client.get("/office/"), "calls-other")[str(published_call.id)]
    assert "złożone: 0" in row


def test_the_desk_reads_the_same_number_of_statements_for_2_and_20_calls(client, login, officer, make_call, db):
    from grants.auth.models import User

    login(officer)
    officer_id, made, counts = officer.id, 0, []
    for n in (2, 20):
        for i in range(made, n):
            make_call(actor=db.session.get(User, officer_id), publish=i % 2 == 0, title=f"Nabór {i}")
        made = n
        db.session.expunge_all()
        with counting_statements(db) as statements:
            response = client.get("/office/")
        assert response.status_code == 200 and len(parse(response).xpath("//tr[@data-call-id]")) == n
        counts.append(statements())
    assert counts[0] == counts[1], counts


def test_the_admin_finds_what_only_an_admin_runs(client, login, admin, officer):
    login(admin)
    links = parse(client.get("/office/")).xpath('//ul[@id="admin-links"]//a/@href')
    assert {"/office/users", "/office/interest-rates", "/office/contract-settings"} <= set(links)
    client.post("/logout")
    login(officer)
    assert not parse(client.get("/office/")).xpath('//*[@id="admin-links"]')
