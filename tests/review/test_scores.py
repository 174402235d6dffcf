"""Score sheets: drafts, the final lock, points within 0..max_points in whole (or, when the call allows,
half) points, every refusal (declaration_required, conflict_of_interest, not_committee_member, not_assigned,
already_final), and the chair reopening a sheet with a reason."""

from datetime import timedelta

from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.review.models import ScoreSheet, SheetStatus
from tests.review.helpers import full_sheet


def _put(flow, user, offer_id, body):
    return flow.as_(user).put(f"/api/v1/offers/{offer_id}/my-score", json=body)


def test_draft_then_final_then_locked(flow, committee, offers, db):
    flow.ready(offers)
    draft = flow.score(
        committee.m1,
        offers[0].id,
        {"scores": {"quality": 20}, "justifications": {"quality": "Dobrze."}, "final": False},
    )
    assert draft["status"] == "draft" and draft["scores"] == {"quality": 20} and draft["total"] == 20
    # final needs every criterion scored and justified
    refused = _put(flow, committee.m1, offers[0].id, {"scores": {"quality": 20}, "justifications": {}, "final": True})
    assert refused.status_code == 422
    fields = refused.get_json()["fields"]
    assert "scores.ability" in fields and "justifications.quality" in fields and "scores.quality" not in fields
    final = flow.score(committee.m1, offers[0].id, full_sheet())
    assert final["status"] == "final" and final["final"] is True and final["total"] == 79
    locked = _put(flow, committee.m1, offers[0].id, full_sheet(quality=30))
    assert locked.status_code == 409 and locked.get_json()["error"] == "already_final"
    sheet = db.session.scalar(db.select(ScoreSheet).where(ScoreSheet.offer_id == offers[0].id))
    assert sheet.status == SheetStatus.final
    assert {e.criterion_code: int(e.points) for e in sheet.entries}["quality"] == 25
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry))]
    assert actions.count("score.save") == 1 and actions.count("score.final") == 1
    mine = flow.as_(committee.m1).get(f"/api/v1/offers/{offers[0].id}/my-score").get_json()
    assert mine["final"] is True and mine["justifications"]["ability"] == "Uzasadnienie: ability."


def test_points_must_fit_the_criterion(flow, committee, offers, officer, review_call):
    flow.ready(offers)
    for points in (-1, 21, "dużo", True, 7.5):
        response = _put(flow, committee.m1, offers[0].id, {"scores": {"ability": points}, "final": False})
        assert response.status_code == 422 and "scores.ability" in response.get_json()["fields"], points
    unknown = _put(flow, committee.m1, offers[0].id, {"scores": {"beauty": 3}, "justifications": {"x": "y"}})
    assert {"scores.beauty", "justifications.x"} <= set(unknown.get_json()["fields"])
    assert _put(flow, committee.m1, offers[0].id, {"scores": {"ability": 20}, "final": False}).status_code == 200
    assert _put(flow, committee.m1, offers[0].id, {"scores": {"ability": "7,0"}, "final": False}).status_code == 200


def test_half_points_when_the_call_allows_them(api, officer, review_call, committee, submit, after_deadline):
    from tests.review.helpers import Flow

    # set before the submission deadline (the rules are announced, art. 13 ust. 2 pkt 6); after publication a
    # change needs a reason
    flow = Flow(api, officer, review_call, committee)
    with freeze_time(review_call.submission_deadline - timedelta(days=1)):
        no_reason = flow.officer.put(
            f"/api/v1/calls/{review_call.id}/review-settings", json={"allow_half_points": True}
        )
        assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["fields"]
        settings = flow.officer.put(
            f"/api/v1/calls/{review_call.id}/review-settings",
            json={"allow_half_points": True, "reason": "Regulamin komisji: połówki punktów."},
        )
    assert settings.status_code == 200 and settings.get_json()["allow_half_points"] is True
    offer = submit()
    flow.ready([offer])
    assert flow.score(committee.m1, offer.id, full_sheet(quality=22.5))["scores"]["quality"] == 22.5
    assert _put(flow, committee.m2, offer.id, full_sheet(quality=22.25)).status_code == 422
    # from the deadline on, the rules are fixed
    frozen = flow.officer.put(
        f"/api/v1/calls/{review_call.id}/review-settings", json={"allow_half_points": False, "reason": "Zmiana."}
    )
    assert frozen.status_code == 409 and frozen.get_json()["error"] == "deadline_passed"


def test_refusals(flow, committee, offers, api, officer):
    c = committee
    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    url = f"/api/v1/offers/{offers[0].id}/my-score"
    # a member without a declaration for that offer
    response = _put(flow, c.m1, offers[0].id, full_sheet())
    assert response.status_code == 409 and response.get_json()["error"] == "declaration_required"
    # a conflicted member: 403, KPA art. 24 is a personal bar, not a state they can change
    flow.declare(c.m2, offers[0].id, impartial=False, reason="Brat jest skarbnikiem stowarzyszenia.")
    response = _put(flow, c.m2, offers[0].id, full_sheet())
    assert response.status_code == 403 and response.get_json()["error"] == "conflict_of_interest"
    # not on the committee
    response = _put(flow, c.m3, offers[0].id, full_sheet())
    assert response.status_code == 403 and response.get_json()["error"] == "not_committee_member"
    # other roles
    assert api(officer).put(url, json=full_sheet()).status_code == 403
    assert api(offers[0].user).put(url, json=full_sheet()).status_code == 403
    assert api().put(url, json=full_sheet()).status_code == 401
    assert _put(flow, c.m1, 99999, full_sheet()).status_code == 404


def test_not_assigned_in_balanced_mode(flow, committee, submit):
    c = committee
    offers = [submit() for _ in range(3)]
    flow.accept(*offers)
    flow.appoint()
    body = flow.assign(mode="balanced", per_offer=1)
    holder = {a["offer_id"]: a["member_id"] for a in body["assignments"] if a["role"] != "expert"}[offers[0].id]
    other = next(u for u in (c.chair, c.m1, c.m2) if u.id != holder)
    flow.declare(other, offers[0].id)
    response = _put(flow, other, offers[0].id, full_sheet())
    assert response.status_code == 403 and response.get_json()["error"] == "not_assigned"


def test_the_chair_reopens_a_final_sheet_with_a_reason(flow, committee, offers, db):
    c = committee
    flow.ready(offers)
    flow.score(c.m1, offers[0].id)
    url = f"/api/v1/offers/{offers[0].id}/scores/{c.m1.id}/reopen"
    not_chair = flow.as_(c.m2).post(url, json={"reason": "Pomyłka."})
    assert not_chair.status_code == 403 and not_chair.get_json()["error"] == "not_committee_chair"
    assert flow.officer.post(url, json={"reason": "Pomyłka."}).status_code == 403
    assert "reason" in flow.as_(c.chair).post(url, json={}).get_json()["fields"]
    reopened = flow.as_(c.chair).post(url, json={"reason": "Członek pomylił kryteria 1 i 2."})
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "draft"
    assert reopened.get_json()["reopen_reason"] == "Członek pomylił kryteria 1 i 2."
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "score.reopen"))
    assert entry.actor_id == c.chair.id and entry.summary == "Członek pomylił kryteria 1 i 2."
    assert flow.as_(c.chair).post(url, json={"reason": "Jeszcze raz."}).get_json()["error"] == "not_final"
    assert flow.score(c.m1, offers[0].id, full_sheet(ability=20))["final"] is True
    missing = flow.as_(c.chair).post(f"/api/v1/offers/{offers[0].id}/scores/{c.m2.id}/reopen", json={"reason": "x"})
    assert missing.status_code == 404
    sheets = flow.as_(c.chair).get(f"/api/v1/offers/{offers[0].id}/scores").get_json()
    assert [(s["member_id"], s["total"]) for s in sheets] == [(c.m1.id, 84)]
    assert flow.as_(c.m2).get(f"/api/v1/offers/{offers[0].id}/scores").status_code == 403


def test_a_conflicted_chair_stays_out_of_that_offer(flow, committee, offers):
    c = committee
    flow.ready(offers[1:])
    flow.accept(offers[0])
    flow.declare(c.m1, offers[0].id)
    flow.declare(c.chair, offers[0].id, impartial=False, reason="Prezes organizacji to mój szwagier.")
    flow.score(c.m1, offers[0].id)
    scores = flow.as_(c.chair).get(f"/api/v1/offers/{offers[0].id}/scores")
    assert scores.status_code == 403 and scores.get_json()["error"] == "conflict_of_interest"
    reopen = flow.as_(c.chair).post(f"/api/v1/offers/{offers[0].id}/scores/{c.m1.id}/reopen", json={"reason": "x"})
    assert reopen.status_code == 403 and reopen.get_json()["error"] == "conflict_of_interest"
    assert flow.officer.get(f"/api/v1/offers/{offers[0].id}/scores").status_code == 200


def test_no_sheet_is_read_before_an_impartial_declaration_the_chairs_neither(flow, committee, offers, db):
    """KPA art. 24: the chair reads nobody's sheet of an offer (scores, justifications), nor its breakdown in
    the ranking, before declaring impartiality for it; the office reads them."""
    c = committee
    flow.accept(offers[0], offers[1])
    flow.appoint()
    flow.assign()
    for offer in offers[:2]:
        flow.declare(c.m1, offer.id)
        flow.score(c.m1, offer.id, full_sheet(quality=21))
    chair = flow.as_(c.chair)
    url = f"/api/v1/offers/{offers[0].id}/scores"

    refused = chair.get(url)
    assert refused.status_code == 409 and refused.get_json()["error"] == "declaration_required"
    assert "Uzasadnienie" not in refused.get_data(as_text=True)
    reopen = chair.post(f"{url}/{c.m1.id}/reopen", json={"reason": "Omyłka."})
    assert reopen.status_code == 409 and reopen.get_json()["error"] == "declaration_required"
    assert db.session.scalars(db.select(ScoreSheet.status).where(ScoreSheet.offer_id == offers[0].id)).all() == [
        SheetStatus.final
    ]
    ranking = chair.get(f"/api/v1/calls/{flow.call.id}/ranking").get_json()
    for item in ranking["items"]:
        assert item["sheets_withheld"] is True
        assert {c_["points"] for c_ in item["per_criterion"]} == {None} and item["spread"] is None

    office = flow.officer.get(url)  # the office, off the committee, reads them
    assert office.status_code == 200 and office.get_json()[0]["justifications"]["quality"] == "Uzasadnienie: quality."
    office_ranking = flow.officer.get(f"/api/v1/calls/{flow.call.id}/ranking").get_json()
    assert not any(item["sheets_withheld"] for item in office_ranking["items"])

    flow.declare(c.chair, offers[0].id)
    allowed = chair.get(url)
    assert allowed.status_code == 200 and allowed.get_json()[0]["scores"]["quality"] == 21
    items = {i["offer_id"]: i for i in chair.get(f"/api/v1/calls/{flow.call.id}/ranking").get_json()["items"]}
    assert items[offers[0].id]["sheets_withheld"] is False
    assert {c_["code"]: c_["points"] for c_ in items[offers[0].id]["per_criterion"]}["quality"] == 21
    assert items[offers[1].id]["sheets_withheld"] is True

    flow.declare(c.chair, offers[1].id, impartial=False, reason="Jestem członkinią zarządu oferenta.")
    conflicted = chair.get(f"/api/v1/offers/{offers[1].id}/scores")
    assert conflicted.status_code == 403 and conflicted.get_json()["error"] == "conflict_of_interest"
