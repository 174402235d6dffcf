"""Closing the evaluation from the ranking page (issue 11): the chair (or the office) sees whose sheets are
missing and a "Zamknij ocenę" button saying what it does; a refusal names who is missing at that section;
after closing the ranking reads "ocena zamknięta" with who and when, and a member's sheet is refused."""

from tests.review.helpers import full_sheet
from tests.web.pages import element, flashes, parse, text


def test_the_chair_closes_the_evaluation_from_the_ranking(web, flow, committee, offers):
    c = committee
    flow.ready(offers[:1])
    for user in (c.chair, c.m1):
        flow.score(user, offers[0].id)
    chair = web(c.chair)
    url = f"/review/calls/{flow.call.id}/ranking"
    page = chair.get(url)
    assert "zatwierdzone karty 2 z 3" in element(page, "evaluation-state").text_content()
    assert c.m2.full_name in element(page, "unfinished-sheets").text_content()
    assert "tego nie można cofnąć" in element(page, "close-evaluation-hint").text_content()
    refused = chair.post(f"/review/calls/{flow.call.id}/evaluation/close")
    assert refused.status_code == 409
    section = " ".join(element(refused, "evaluation").text_content().split())
    assert "Brak zatwierdzonych kart oceny: 1" in section and c.m2.full_name in section
    flow.score(c.m2, offers[0].id)
    done = chair.post(f"/review/calls/{flow.call.id}/evaluation/close", follow_redirects=True)
    assert done.status_code == 200 and flashes(done, "success")
    state = element(done, "evaluation-state").text_content()
    assert "ocena zamknięta" in state and c.chair.full_name in state
    assert not parse(done).xpath('//form[contains(@action, "/evaluation/close")]')


def test_after_closing_the_members_score_page_refuses(web, flow, committee, offers, officer):
    c = committee
    flow.ready(offers[:1])
    for user in (c.chair, c.m1, c.m2):
        flow.score(user, offers[0].id)
    assert web(officer).post(f"/review/calls/{flow.call.id}/evaluation/close").status_code == 302
    sheet = {"final": "1", **{f"scores.{k}": str(v) for k, v in full_sheet()["scores"].items()}}
    response = web(c.expert).post(f"/review/calls/{flow.call.id}/offers/{offers[0].id}", data=sheet)
    assert response.status_code == 409
    assert "Ocena komisji została zamknięta" in text(response)
