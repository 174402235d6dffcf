"""The council's resolution adopting the programme (art. 5a ust. 1 of the Act: by 30 November of the year
before) and its amendments with a reason, through the API. The adopted values are never lost: the adoption's
row keeps the priorities as adopted, each amendment its before/after; a priority a call refers to stays."""

from datetime import date

from grants.audit.models import AuditEntry
from grants.extensions import db
from grants.programmes.models import ProgrammeAdoption
from tests.helpers import call_payload
from tests.programmes.year_helpers import PRIORITIES, day, make_programme, today


def _adopt(api, programme, adopted_on, number="XX/345/26"):
    return api.post(
        f"/api/v1/programmes/{programme['id']}/adopt", json={"resolution_number": number, "adopted_on": adopted_on}
    )


def _late(warnings):
    return [w for w in warnings if "art. 5a ust. 1" in w]


def test_art_5a_ust_1_adopted_on_30_november_is_in_time(officer_api_client, draft_programme):
    deadline = date(draft_programme["year"] - 1, 11, 30)
    response = _adopt(officer_api_client, draft_programme, deadline.isoformat())
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "adopted" and _late(body["warnings"]) == []
    assert body["adoption"]["resolution_number"] == "XX/345/26" and body["adoption"]["late"] is False
    assert body["adoption_deadline"] == deadline.isoformat()
    # No consultation was recorded: said, not refused (art. 5 ust. 5).
    assert any("art. 5 ust. 5" in w for w in body["warnings"])


def test_art_5a_ust_1_adopted_on_1_december_warns(officer_api_client, draft_programme):
    response = _adopt(officer_api_client, draft_programme, date(draft_programme["year"] - 1, 12, 1).isoformat())
    assert response.status_code == 200
    body = response.get_json()
    assert len(_late(body["warnings"])) == 1 and body["adoption"]["late"] is True


def test_adopted_once(officer_api_client, draft_programme):
    assert _adopt(officer_api_client, draft_programme, day(-5)).status_code == 200
    again = _adopt(officer_api_client, draft_programme, day(-4))
    assert again.status_code == 409 and again.get_json()["error"] == "already_adopted"
    assert db.session.scalar(db.select(db.func.count(ProgrammeAdoption.id))) == 1


def test_adoption_fields(api, officer_api_client, draft_programme, other_officer, ngo_user):
    missing = officer_api_client.post(f"/api/v1/programmes/{draft_programme['id']}/adopt", json={})
    assert set(missing.get_json()["fields"]) == {"resolution_number", "adopted_on"}
    future = _adopt(officer_api_client, draft_programme, day(1))
    assert future.status_code == 422 and list(future.get_json()["fields"]) == ["adopted_on"]
    assert _adopt(api(other_officer), draft_programme, day(-1)).status_code == 404
    assert _adopt(api(ngo_user), draft_programme, day(-1)).status_code == 403


def test_the_draft_is_no_longer_edited_once_adopted(officer_api_client, draft_programme):
    _adopt(officer_api_client, draft_programme, day(-1))
    response = officer_api_client.patch(f"/api/v1/programmes/{draft_programme['id']}", json={"title": "Inny"})
    assert response.status_code == 409 and response.get_json()["error"] == "programme_adopted"


def _amend(api, programme, **overrides):
    body = {"reason": "Zwiększenie środków na integrację.", "resolution_number": "XXV/400/27", "adopted_on": day(0)}
    body.update(overrides)
    return api.post(f"/api/v1/programmes/{programme['id']}/amendments", json=body)


def test_an_amendment_needs_an_adopted_programme(officer_api_client, draft_programme):
    response = _amend(officer_api_client, draft_programme)
    assert response.status_code == 409 and response.get_json()["error"] == "not_adopted"


def test_an_amendment_changes_priorities_and_keeps_before_and_after(officer_api_client, draft_programme):
    _adopt(officer_api_client, draft_programme, day(-30))
    changed = [
        {"code": "P1", "name": "Integracja cudzoziemców", "budget": "300000.00"},
        {"code": "P3", "name": "Sport", "budget": "50000.00"},
    ]
    response = _amend(officer_api_client, draft_programme, priorities=changed)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert [(p["code"], p["budget"]) for p in body["priorities"]] == [("P1", "300000.00"), ("P3", "50000.00")]
    amendment = body["amendment"]
    assert amendment["number"] == 1 and amendment["reason"] == "Zwiększenie środków na integrację."
    assert amendment["changes"]["priorities"]["before"] == PRIORITIES
    assert amendment["changes"]["priorities"]["after"] == changed
    # The adoption still says what the council adopted.
    assert body["adoption"]["adopted_priorities"] == PRIORITIES
    second = _amend(officer_api_client, draft_programme, reason="Tylko tekst.", resolution_number="XXVI/1/27")
    assert second.status_code == 201 and second.get_json()["amendment"]["number"] == 2
    assert second.get_json()["amendment"]["changes"] == {}
    amend = db.select(AuditEntry).where(AuditEntry.action == "programme.amend")
    # Without an order PostgreSQL may return the two entries either way round.
    actions = db.session.scalars(amend.order_by(AuditEntry.id)).all()
    assert len(actions) == 2 and actions[0].before["priorities"] == PRIORITIES


def test_amendment_fields(officer_api_client, draft_programme):
    _adopt(officer_api_client, draft_programme, day(-30))
    no_reason = _amend(officer_api_client, draft_programme, reason="")
    assert no_reason.status_code == 422 and list(no_reason.get_json()["fields"]) == ["reason"]
    before_adoption = _amend(officer_api_client, draft_programme, adopted_on=day(-31))
    assert before_adoption.status_code == 422 and list(before_adoption.get_json()["fields"]) == ["adopted_on"]
    bad_rows = _amend(officer_api_client, draft_programme, priorities=[{"code": "P1", "name": "", "budget": "x"}])
    assert bad_rows.status_code == 422
    assert set(bad_rows.get_json()["fields"]) == {"priorities.0.name", "priorities.0.budget"}
    assert _amend(officer_api_client, draft_programme, priorities=[]).status_code == 422


def test_a_priority_with_calls_is_not_removed(officer_api_client, draft_programme):
    _adopt(officer_api_client, draft_programme, day(-30))
    p2 = next(p for p in draft_programme["priorities"] if p["code"] == "P2")
    call = officer_api_client.post("/api/v1/calls", json=call_payload(programme_priority=p2["id"]))
    assert call.status_code == 201, call.get_json()
    response = _amend(officer_api_client, draft_programme, priorities=[PRIORITIES[0]])
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"priorities": [response.get_json()["fields"]["priorities"][0]]}
    assert "P2" in response.get_json()["fields"]["priorities"][0]
    # Its budget may change; the call keeps the same priority row.
    kept = _amend(officer_api_client, draft_programme, priorities=[PRIORITIES[0], {**PRIORITIES[1], "budget": "1.00"}])
    assert kept.status_code == 201
    assert next(p for p in kept.get_json()["priorities"] if p["code"] == "P2")["id"] == p2["id"]


def test_adoption_and_amendment_are_audited(officer_api_client, draft_programme):
    _adopt(officer_api_client, draft_programme, day(-3))
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "programme.adopt")).one()
    assert entry.after["resolution_number"] == "XX/345/26" and entry.after["priorities"] == PRIORITIES


def test_a_next_year_programme_is_independent(officer_api_client):
    this = make_programme(officer_api_client, year=today().year, title="Program bieżący")
    nxt = make_programme(officer_api_client, year=today().year + 1, title="Program na przyszły rok")
    assert _adopt(officer_api_client, this, day(-300)).status_code == 200
    assert officer_api_client.get(f"/api/v1/programmes/{nxt['id']}").get_json()["status"] == "draft"
