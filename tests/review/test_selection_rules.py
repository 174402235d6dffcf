"""The selection rules beside the criteria (half points, the tie-break ladder, the budget mode) are part of the
announced procedure (art. 13 ust. 2 pkt 6 of the Act): free in a draft, amended with a reason while the call is
open, frozen from the submission deadline's second on (409 deadline_passed; only a draw's result may be written),
printed in the announcement — its public page and its PDF — in plain Polish, and set on the committee page with
selects instead of a typed mini-language."""

from datetime import timedelta

from freezegun import freeze_time

from grants.calls.models import CallAmendment
from grants.documents.kinds import KINDS
from tests.review.helpers import Flow
from tests.web.pages import text

LADDER = {"tie_break": [["criterion", "quality"], ["lower_requested"], ["draw", {}]]}
QUALITY_FIRST = "Przy równej liczbie punktów decyduje kolejno: 1) wyższa liczba punktów w kryterium „{quality}”"


def _put(client, call, body):
    return client.put(f"/api/v1/calls/{call.id}/review-settings", json=body)


def _quality(call) -> str:
    return next(c.name for c in call.criteria if c.code == "quality")


def test_a_draft_changes_them_freely(api, officer, make_call):
    call = make_call()
    response = _put(api(officer), call, {**LADDER, "partial_last": True})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["tie_break"] == [["criterion", "quality"], ["lower_requested"], ["draw", {}]]
    assert call.amendments == []


def test_open_call_amends_them_with_a_reason_until_the_deadlines_second(api, officer, review_call, client, db):
    officer_api = api(officer)
    deadline = review_call.submission_deadline
    with freeze_time(deadline - timedelta(seconds=1)):
        assert _put(officer_api, review_call, LADDER).status_code == 422  # no reason
        response = _put(officer_api, review_call, {**LADDER, "reason": "Losowanie jako ostatni krok."})
        assert response.status_code == 200, response.get_json()
    amendment = db.session.scalars(db.select(CallAmendment).where(CallAmendment.call_id == review_call.id)).one()
    assert amendment.reason == "Losowanie jako ostatni krok."
    assert amendment.after["tie_break"].endswith("3) losowanie.")
    page = text(client.get(f"/calls/{review_call.id}"))
    assert "Rozstrzyganie remisów" in page and "Losowanie jako ostatni krok." in page
    with freeze_time(deadline):
        refused = _put(officer_api, review_call, {"allow_half_points": True, "reason": "Za późno."})
        assert refused.status_code == 409 and refused.get_json()["error"] == "deadline_passed"
        refused = _put(officer_api, review_call, {"tie_break": ["lower_requested"], "reason": "Za późno."})
        assert refused.status_code == 409 and refused.get_json()["error"] == "deadline_passed"
    assert review_call.allow_half_points is False


def test_after_the_deadline_only_the_draw_is_recorded(api, officer, review_call, committee, submit, offers):
    officer_api = api(officer)
    with freeze_time(review_call.submission_deadline - timedelta(days=1)):
        assert _put(officer_api, review_call, {**LADDER, "reason": "Losowanie."}).status_code == 200
    with freeze_time(review_call.submission_deadline + timedelta(hours=1)):
        Flow(api, officer, review_call, committee).accept(*offers)
        first, second = offers[0].id, offers[1].id
        drawn = [["criterion", "quality"], ["lower_requested"], ["draw", {str(first): 2, str(second): 1}]]
        body = {"tie_break": drawn, "reason": "Losowanie 3 marca w obecności komisji."}
        response = _put(officer_api, review_call, body)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["tie_break"][2] == ["draw", {str(first): 2, str(second): 1}]
        same_place = {"tie_break": [["draw", {str(first): 1, str(second): 1}]], "reason": "x"}
        assert _put(officer_api, review_call, same_place).status_code == 422
        twice = _put(officer_api, review_call, {"tie_break": ["lower_requested", "lower_requested"], "reason": "x"})
        assert twice.status_code == 422 and "tie_break.1" in twice.get_json()["fields"]
        reordered = [["lower_requested"], ["criterion", "quality"], ["draw", {str(first): 1}]]
        refused = _put(officer_api, review_call, {"tie_break": reordered, "reason": "x"})
        assert refused.status_code == 409 and refused.get_json()["error"] == "deadline_passed"


def test_printed_on_the_public_page_and_in_the_pdf(client, review_call, api, officer, app):
    from grants.documents.context import BUILDERS
    from grants.documents.render import html_for

    with freeze_time(review_call.submission_deadline - timedelta(days=1)):
        assert _put(api(officer), review_call, {**LADDER, "partial_last": True, "reason": "Zasady."}).status_code == 200
    expected = QUALITY_FIRST.format(quality=_quality(review_call))
    page = text(client.get(f"/calls/{review_call.id}"))
    assert expected + ", 2) niższa wnioskowana kwota dotacji, 3) losowanie." in page
    assert "może ona otrzymać dotację w wysokości pozostałych środków" in page
    assert "Członkowie komisji przyznają punkty w pełnych punktach." in page
    # in English the page reads in English; the PDF stays Polish
    assert "more points in the criterion" in text(client.get(f"/calls/{review_call.id}?lang=en"))
    with app.test_request_context("/?lang=en"):
        source = KINDS["call_announcement"].load(review_call.id, None)
        html = html_for("call_announcement", BUILDERS["call_announcement"](source.data), {})
    assert expected in " ".join(html.split())


def test_default_ladder_is_printed_too(client, review_call):
    page = text(client.get(f"/calls/{review_call.id}"))
    assert QUALITY_FIRST.format(quality=_quality(review_call)) + ", 2) niższa wnioskowana kwota dotacji." in page
