"""The member's desk /review/ and a call's page /review/calls/<id> (issue 11): what is left — the
declaration to sign, N of M sheets final, drafts not final, the selection deadline — and the next step as a
button; a fixed number of statements whatever the number of offers."""

from grants.extensions import db
from grants.formatting import date_pl
from tests.helpers import counting_statements
from tests.review.helpers import full_sheet
from tests.web.pages import element, parse, text


def next_button(response, scope: str) -> tuple[str, str]:
    (link,) = parse(response).xpath(f'//*[@id="{scope}"]//p[contains(@class, "next-step")]//a')
    return link.text_content().strip(), link.get("href")


def test_the_next_step_moves_from_declaring_to_scoring_to_done(web, flow, ready):
    call, m1 = flow.call, flow.c.m1
    client = web(m1)
    response = client.get("/review/")
    card = f"call-{call.id}"
    label, href = next_button(response, card)
    assert href == f"/review/calls/{call.id}/declaration" and "oświadczenie" in label
    assert "oferty bez oświadczenia: 2" in text(response)
    assert date_pl(call.selection_deadline) in text(response)
    # Declared: the first sheet to score; a draft is finished before an untouched sheet is started.
    flow.declare(m1, ready[0].id)
    flow.declare(m1, ready[1].id)
    flow.score(m1, ready[1].id, body={**full_sheet(), "final": False})
    label, href = next_button(client.get("/review/"), card)
    assert href == f"/review/calls/{call.id}/offers/{ready[1].id}" and label.startswith("Dokończ ocenę")
    response = client.get(f"/review/calls/{call.id}")
    assert "0 z 2" in text(response) and "wersje robocze niezatwierdzone: 1" in text(response)
    flow.score(m1, ready[1].id)
    label, href = next_button(client.get("/review/"), card)
    assert href == f"/review/calls/{call.id}/offers/{ready[0].id}" and label.startswith("Oceń ofertę")
    flow.score(m1, ready[0].id)
    response = client.get(f"/review/calls/{call.id}")
    assert "2 z 2" in text(response)
    assert not parse(response).xpath('//p[@id="next-step"]//a')  # nothing left for a member
    # The chair's last step is the ranking.
    flow.declare(flow.c.chair, ready[0].id)
    flow.declare(flow.c.chair, ready[1].id)
    flow.score(flow.c.chair, ready[0].id)
    flow.score(flow.c.chair, ready[1].id)
    label, href = next_button(web(flow.c.chair).get("/review/"), card)
    assert href == f"/review/calls/{call.id}/ranking"


def test_before_the_formal_check_passes_anything(web, flow, offers):
    flow.appoint()
    response = web(flow.c.m1).get(f"/review/calls/{flow.call.id}")
    assert "trwa ocena formalna" in text(response)
    assert element(response, "next-step") is not None


def _measure(client, call) -> tuple[int, int]:
    page_path = f"/review/calls/{call.id}"  # read before counting: the test's session reloads an expired call
    client.get("/review/")  # the session's first request warms what every request loads once
    with counting_statements(db) as desk:
        assert client.get("/review/").status_code == 200
    with counting_statements(db) as page:
        assert client.get(page_path).status_code == 200
    return desk(), page()


def _declare_and_score(flow, offers):
    for offer in offers:
        flow.declare(flow.c.m1, offer.id)
    flow.score(flow.c.m1, offers[0].id)
    flow.score(flow.c.m1, offers[1].id, body={**full_sheet(), "final": False})


def test_no_statement_per_offer(web, flow, submit):
    offers = [submit() for _ in range(30)]  # all before the deadline; the committee gets 3, then all 30
    flow.accept(*offers[:3])
    flow.appoint()
    flow.assign()
    _declare_and_score(flow, offers[:3])
    client = web(flow.c.m1)
    small = _measure(client, flow.call)
    flow.accept(*offers[3:])
    flow.assign()
    for offer in offers[3:]:
        flow.declare(flow.c.m1, offer.id)
    flow.score(flow.c.m1, offers[5].id, body={**full_sheet(), "final": False})
    large = _measure(client, flow.call)
    assert len(parse(client.get(f"/review/calls/{flow.call.id}")).xpath('//table[@id="my-offers"]/tbody/tr')) == 30
    assert small == large, (small, large)
    # Who signs, the seats with their calls, what is left; who signs, the call with the seat, what is left,
    # the page of offers with the member's standing on each (no partners here: no statement for theirs).
    assert large == (3, 4)
