"""Closing the committee's evaluation (issue 11: the chair had no "close the evaluation" step): the chair or
the office closes it once every voting member's assigned sheet is final (409 naming who is missing otherwise);
afterwards no score is saved, finalised or reopened (409 evaluation_closed); audited; the ranking says so."""

from grants.audit.models import AuditEntry
from tests.review.helpers import full_sheet


def close(flow, user):
    return flow.as_(user).post(f"/api/v1/calls/{flow.call.id}/evaluation/close")


def score_everything(flow, offers, users):
    for user in users:
        for offer in offers:
            flow.score(user, offer.id)


def test_closing_waits_for_every_voting_members_final_sheet_and_names_who_is_missing(flow, committee, offers):
    c = committee
    flow.ready(offers[:2])
    score_everything(flow, offers[:2], (c.chair, c.m1))
    flow.score(c.m2, offers[0].id)
    flow.score(c.m2, offers[1].id, {**full_sheet(), "final": False})  # a draft is not final
    refused = close(flow, c.chair)
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"] == "sheets_not_final"
    assert "Piotr Członek" not in body["message"] and c.m2.full_name in body["message"]
    assert "Brak zatwierdzonych kart oceny: 1" in body["message"]
    assert c.expert.full_name not in body["message"]  # experts' opinions are advisory (art. 15 ust. 2e)
    flow.score(c.m2, offers[1].id)
    closed = close(flow, c.chair)
    assert closed.status_code == 200
    assert closed.get_json()["closed"] is True and closed.get_json()["closed_by"] == c.chair.full_name
    entry = AuditEntry.query.filter_by(action="call.evaluation_close", entity_id=flow.call.id).one()
    assert entry.actor_id == c.chair.id and entry.after["final_sheets"] == 6
    ranking = flow.officer.get(f"/api/v1/calls/{flow.call.id}/ranking").get_json()
    assert ranking["evaluation"]["closed"] is True and ranking["evaluation"]["closed_by"] == c.chair.full_name


def test_after_closing_no_score_is_saved_or_reopened(flow, committee, offers):
    c = committee
    flow.ready(offers[:1])
    score_everything(flow, offers[:1], (c.chair, c.m1, c.m2))
    flow.score(c.expert, offers[0].id, {**full_sheet(), "final": False})  # the expert's draft, advisory
    assert flow.officer.post(f"/api/v1/calls/{flow.call.id}/evaluation/close").status_code == 200
    saved = flow.as_(c.expert).put(f"/api/v1/offers/{offers[0].id}/my-score", json=full_sheet())
    assert saved.status_code == 409 and saved.get_json()["error"] == "evaluation_closed"
    reopened = flow.as_(c.chair).post(
        f"/api/v1/offers/{offers[0].id}/scores/{c.m1.id}/reopen", json={"reason": "Pomyłka w kryterium 2."}
    )
    assert reopened.status_code == 409 and reopened.get_json()["error"] == "evaluation_closed"
    again = close(flow, c.chair)
    assert again.status_code == 409 and again.get_json()["error"] == "evaluation_closed"


def test_who_may_close(flow, committee, offers, api, other_officer, ngo_user):
    c = committee
    flow.ready(offers[:1])
    assert close(flow, c.m1).status_code == 403  # a member, not the chair
    assert api(other_officer).post(f"/api/v1/calls/{flow.call.id}/evaluation/close").status_code == 404
    assert api(ngo_user).post(f"/api/v1/calls/{flow.call.id}/evaluation/close").status_code == 403
    assert api().post(f"/api/v1/calls/{flow.call.id}/evaluation/close").status_code == 401
    assert close(flow, c.chair).get_json()["error"] == "sheets_not_final"


def test_nothing_assigned_is_409(flow, committee, offers):
    flow.accept(offers[0])
    flow.appoint()
    refused = close(flow, committee.chair)
    assert refused.status_code == 409 and refused.get_json()["error"] == "nothing_assigned"
