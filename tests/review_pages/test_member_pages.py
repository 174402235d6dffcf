"""The committee member's pages: "Moja ocena", the declaration before any content (KPA art. 24), the score
sheet (draft, final, locked), the chair's reopening."""

from grants.audit.log import entries_for
from grants.extensions import db
from grants.offers.models import Offer
from grants.review import queries
from grants.review.models import DeclarationStatus
from tests.review_pages.helpers import CONTENT_MARKER, score_form
from tests.web.pages import element, errors_at, flashes, parse, summary_links, text, value_of


def offer_url(call, offer) -> str:
    return f"/review/calls/{call.id}/offers/{offer.id}"


def offer_actions(offer_id: int) -> list[str]:
    return [entry.action for entry in entries_for("offer", offer_id)]


def test_my_review_lists_the_calls_and_offers_without_content(web, flow, ready):
    client = web(flow.c.m1)
    response = client.get("/review/")
    assert response.status_code == 200
    assert flow.call.title in text(response)
    response = client.get(f"/review/calls/{flow.call.id}")
    assert response.status_code == 200
    rows = parse(response).xpath('//table[@id="my-offers"]/tbody/tr')
    assert len(rows) == 2
    assert "brak oświadczenia" in text(response)
    assert CONTENT_MARKER not in response.get_data(as_text=True)


def test_access_to_my_review(web, client, flow, ready, officer, ngo_user, evaluator):
    call = flow.call
    assert client.get("/review/").status_code == 302  # anonymous → login
    assert "/login" in client.get(f"/review/calls/{call.id}").headers["Location"]
    assert web(officer).get("/review/").status_code == 403  # not an evaluator
    assert web(ngo_user).get(f"/review/calls/{call.id}").status_code == 403
    outsider = web(evaluator)  # an evaluator not on the committee
    assert outsider.get("/review/").status_code == 200
    assert outsider.get(f"/review/calls/{call.id}").status_code == 403
    response = outsider.get(offer_url(call, ready[0]))
    assert response.status_code == 403
    assert CONTENT_MARKER not in response.get_data(as_text=True)
    assert outsider.post(offer_url(call, ready[0]), data=score_form()).status_code == 403


def test_no_declaration_shows_the_declaration_form_and_no_content(web, flow, ready):
    client = web(flow.c.m1)
    response = client.get(offer_url(flow.call, ready[0]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert CONTENT_MARKER not in html
    assert "Wynagrodzenie lektora" not in html
    assert "Oświadczenie o bezstronności" in text(response)
    assert element(response, "declaration-required") is not None
    # A score posted before the declaration is refused the same way, and nothing is written.
    response = client.post(offer_url(flow.call, ready[0]), data={**score_form(), "final": "0"})
    assert CONTENT_MARKER not in response.get_data(as_text=True)
    assert queries.sheets_of_offer(db.session.get(Offer, ready[0].id)) == []


def test_declaring_impartiality_opens_the_offer(web, flow, ready):
    client = web(flow.c.m1)
    response = client.post(f"{offer_url(flow.call, ready[0])}/declaration", data={"impartial": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(offer_url(flow.call, ready[0]))
    assert "declaration.impartial" in offer_actions(ready[0].id)
    response = client.get(offer_url(flow.call, ready[0]))
    assert response.status_code == 200
    assert CONTENT_MARKER in response.get_data(as_text=True)
    assert element(response, "f-scores-ability") is not None
    # The other offer still needs its own declaration.
    assert CONTENT_MARKER not in client.get(offer_url(flow.call, ready[1])).get_data(as_text=True)


def test_a_declared_conflict_excludes_the_member(web, flow, ready):
    client = web(flow.c.m1)
    response = client.post(
        f"{offer_url(flow.call, ready[0])}/declaration",
        data={"impartial": "no", "reason": "Moja siostra jest prezeską tej organizacji."},
    )
    assert response.status_code == 302
    assert "declaration.conflict" in offer_actions(ready[0].id)
    member = queries.active_member(flow.call.id, flow.c.m1.id)
    assert queries.declaration_status(member.id, ready[0].id) == DeclarationStatus.conflict
    response = client.get(offer_url(flow.call, ready[0]))
    assert response.status_code == 403
    assert CONTENT_MARKER not in response.get_data(as_text=True)
    assert client.post(offer_url(flow.call, ready[0]), data=score_form()).status_code == 403
    # A declared conflict cannot be taken back (OKO's rule: the exclusion of art. 15 ust. 2f with KPA art. 24 stands).
    response = client.post(f"{offer_url(flow.call, ready[0])}/declaration", data={"impartial": "yes"})
    assert response.status_code == 409


def test_draft_then_final_then_locked(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    client = web(flow.c.m1)
    url = offer_url(flow.call, ready[0])
    # A draft may be incomplete.
    response = client.post(
        url, data={"scores.ability": "12", "justifications.ability": "Doświadczona kadra.", "final": "0"}
    )
    assert response.status_code == 302
    response = client.get(url)
    assert value_of(response, "f-scores-ability") == "12"
    assert value_of(response, "f-justifications-ability") == "Doświadczona kadra."
    assert "score.save" in offer_actions(ready[0].id)
    # Final needs every criterion scored and justified; what was typed stays.
    response = client.post(
        url,
        data={
            "scores.ability": "12",
            "justifications.ability": "Doświadczona kadra.",
            "scores.costs": "99",
            "final": "1",
        },
    )
    assert response.status_code == 422
    assert errors_at(response, "f-scores-costs")
    assert value_of(response, "f-scores-costs") == "99"
    assert "#f-scores-costs" in summary_links(response)
    # Complete → final, read-only, with the note about the chair.
    response = client.post(url, data={**score_form(quality="24.5"), "final": "1"})
    assert response.status_code == 422  # halves are not allowed in this call
    assert errors_at(response, "f-scores-quality")
    response = client.post(url, data={**score_form(), "final": "1"}, follow_redirects=True)
    assert response.status_code == 200
    assert flashes(response, "success")
    assert element(response, "locked-note") is not None
    assert "przewodniczący" in text(response)
    assert not parse(response).xpath('//input[@name="scores.ability"]')
    assert "score.final" in offer_actions(ready[0].id)
    # A POST to the locked sheet is refused (409) and shows the stored sheet.
    response = client.post(url, data={**score_form(ability="1"), "final": "0"})
    assert response.status_code == 409
    assert "zablokowana" in text(response)
    sheet = queries.sheet_for(queries.active_member(flow.call.id, flow.c.m1.id).id, ready[0].id)
    assert sheet.is_final and {e.criterion_code: int(e.points) for e in sheet.entries}["ability"] == 15


def test_the_chair_reopens_a_final_sheet_with_a_reason(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    flow.score(flow.c.m1, ready[0].id)
    flow.declare(flow.c.chair, ready[0].id)
    chair = web(flow.c.chair)
    sheets_url = f"/review/calls/{flow.call.id}/offers/{ready[0].id}/sheets"
    response = chair.get(sheets_url)
    assert response.status_code == 200
    reopen_url = f"{sheets_url}/{flow.c.m1.id}/reopen"
    response = chair.post(reopen_url, data={"reason": ""})
    assert response.status_code == 422
    assert errors_at(response, f"f-reason-{flow.c.m1.id}")
    response = chair.post(reopen_url, data={"reason": "Omyłka w kryterium kosztów."})
    assert response.status_code == 302
    assert "score.reopen" in offer_actions(ready[0].id)
    # The member may edit again and sees why.
    response = web(flow.c.m1).get(offer_url(flow.call, ready[0]))
    assert "Omyłka w kryterium kosztów." in text(response)
    assert element(response, "f-scores-ability") is not None
    # A member who is not the chair may not reopen.
    flow.score(flow.c.m1, ready[0].id)
    assert web(flow.c.m2).post(reopen_url, data={"reason": "x"}).status_code == 403
    assert web(flow.c.m2).get(sheets_url).status_code == 403


def test_the_chair_sees_the_declaration_form_before_the_sheets(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    flow.score(flow.c.m1, ready[0].id)
    chair = web(flow.c.chair)
    sheets_url = f"/review/calls/{flow.call.id}/offers/{ready[0].id}/sheets"
    response = chair.get(sheets_url)
    assert response.status_code == 200
    assert element(response, "declaration-required") is not None
    assert "Uzasadnienie: quality." not in text(response)
    assert parse(response).xpath('//form//input[@name="then"][@value="sheets"]')
    ranking = chair.get(f"/review/calls/{flow.call.id}/ranking")
    assert parse(ranking).xpath(f'//tr[@id="rank-{ready[0].id}"]//*[contains(@class, "sheets-withheld")]')
    # Reopening before the declaration is refused the same way, and the sheet stays final.
    refused = chair.post(f"{sheets_url}/{flow.c.m1.id}/reopen", data={"reason": "Omyłka."})
    assert refused.status_code == 409 and "Uzasadnienie: quality." not in text(refused)
    assert "score.reopen" not in offer_actions(ready[0].id)

    declared = chair.post(
        f"/review/calls/{flow.call.id}/offers/{ready[0].id}/declaration", data={"impartial": "yes", "then": "sheets"}
    )
    assert declared.status_code == 302 and declared.headers["Location"].endswith(sheets_url)
    response = chair.get(sheets_url)
    assert response.status_code == 200 and "Uzasadnienie: quality." in text(response)
    ranking = chair.get(f"/review/calls/{flow.call.id}/ranking")
    assert not parse(ranking).xpath(f'//tr[@id="rank-{ready[0].id}"]//*[contains(@class, "sheets-withheld")]')
