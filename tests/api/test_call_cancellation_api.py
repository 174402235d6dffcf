"""The end of a call before its results through the API (issue 11): a draft is deleted (DELETE → 204, audited
with what it held), never cancelled; a published call is unieważniony under art. 18a ust. 1 only on a ground
the facts bear out (pkt 1 no offer, pkt 2 none valid; 422 on `ground` otherwise), or odwołany for another
reason; either published in the three places of art. 13 ust. 3 (art. 18a ust. 2) and mailed to the offerors."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.calls.models import Call
from grants.mail import OutboundMail
from tests.helpers import call_payload
from tests.web.pages import local_input


def created(client, **overrides) -> dict:
    response = client.post("/api/v1/calls", json=call_payload(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def entries(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# ---------------------------------------------------------------- deleting a draft


def test_a_draft_is_deleted_with_its_content_kept_in_the_audit(api, officer, db):
    client = api(officer)
    call = created(client, title="Projekt do usunięcia")
    assert client.delete(f"/api/v1/calls/{call['id']}").status_code == 204
    db.session.expire_all()
    assert db.session.get(Call, call["id"]) is None
    assert client.get(f"/api/v1/calls/{call['id']}").status_code == 404
    [entry] = entries(db, "call.delete")
    assert entry.entity_id == call["id"] and entry.actor_id == officer.id
    assert entry.before["title"] == "Projekt do usunięcia" and entry.before["status"] == "draft"
    assert entry.before["criteria"]  # what it held, criteria included
    assert entry.after == {"status": "deleted"}


def test_a_draft_with_a_committee_appointed_is_deleted_with_it(api, officer, evaluator, db):
    client = api(officer)
    call = created(client)
    appointed = client.put(
        f"/api/v1/calls/{call['id']}/committee", json={"members": [{"user_id": evaluator.id, "role": "chair"}]}
    )
    assert appointed.status_code == 200, appointed.get_json()
    assert client.delete(f"/api/v1/calls/{call['id']}").status_code == 204


def test_delete_refusals(api, officer, other_officer, evaluator, ngo_user, db):
    client = api(officer)
    draft = created(client)
    assert api().delete(f"/api/v1/calls/{draft['id']}").status_code == 401
    assert api(ngo_user).delete(f"/api/v1/calls/{draft['id']}").status_code == 403
    assert api(evaluator).delete(f"/api/v1/calls/{draft['id']}").status_code == 403
    assert api(other_officer).delete(f"/api/v1/calls/{draft['id']}").status_code == 404
    published = created(client)
    client.post(f"/api/v1/calls/{published['id']}/publish")
    refused = client.delete(f"/api/v1/calls/{published['id']}")
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_draft"
    assert db.session.get(Call, draft["id"]) is not None and not entries(db, "call.delete")


def test_a_draft_is_not_cancelled(api, officer, db):
    client = api(officer)
    draft = created(client)
    response = client.post(f"/api/v1/calls/{draft['id']}/cancel", json={"reason": "Pomyłka"})
    assert response.status_code == 409 and response.get_json()["error"] == "not_cancellable"
    assert "usuń" in response.get_json()["message"]


# ---------------------------------------------------------------- art. 18a or odwołanie


@pytest.fixture
def open_one(api, officer):
    client = api(officer)
    call = created(client)
    assert client.post(f"/api/v1/calls/{call['id']}/publish").status_code == 200
    return client, call


def test_before_the_deadline_art_18a_is_refused_on_the_ground_and_odwolanie_is_recorded(open_one, db):
    client, call = open_one
    url = f"/api/v1/calls/{call['id']}/cancel"
    refused = client.post(url, json={"reason": "Brak ofert.", "ground": "no_offers"})
    assert refused.status_code == 422 and "ground" in refused.get_json()["fields"]
    assert "art. 18a" in refused.get_json()["fields"]["ground"][0]
    bad = client.post(url, json={"reason": "x", "ground": "bo tak"})
    assert bad.status_code == 422 and "ground" in bad.get_json()["fields"]
    body = client.post(url, json={"reason": "Zmiana przepisów o dotacjach."}).get_json()
    assert (body["status"], body["cancel_kind"], body["cancel_ground"]) == ("cancelled", "withdrawal", None)
    assert [p["channel"] for p in body["cancel_publications"]] == ["bip", "noticeboard", "website"]
    [entry] = entries(db, "call.cancel")
    assert entry.after["kind"] == "withdrawal" and set(entry.after["publications"]) == {"bip", "noticeboard", "website"}


def test_after_the_deadline_without_offers_the_facts_give_pkt_1(open_one, db):
    client, call = open_one
    url = f"/api/v1/calls/{call['id']}/cancel"
    deadline = db.session.get(Call, call["id"]).submission_deadline
    with freeze_time(deadline + timedelta(hours=1)):
        wrong = client.post(url, json={"reason": "Brak ofert.", "ground": "no_valid_offers"})
        assert wrong.status_code == 422 and "pkt 1" in wrong.get_json()["fields"]["ground"][0]
        body = client.post(url, json={"reason": "Nie złożono żadnej oferty."}).get_json()
    assert (body["cancel_kind"], body["cancel_ground"]) == ("cancellation", "no_offers")


def test_the_three_publications_are_recorded_as_given_and_none_in_the_future(open_one, db):
    client, call = open_one
    url = f"/api/v1/calls/{call['id']}/cancel"
    times = [local_input(minutes_ago=30), local_input(minutes_ago=20), local_input(minutes_ago=10)]
    rows = [{"channel": c, "published_at": t} for c, t in zip(("bip", "noticeboard", "website"), times, strict=True)]
    future = [{**rows[0], "published_at": local_input(minutes_ago=-60)}, *rows[1:]]
    assert client.post(url, json={"reason": "Odwołanie.", "publications": future}).status_code == 422
    body = client.post(url, json={"reason": "Odwołanie.", "publications": rows, "ground": None}).get_json()
    assert [p["published_at"][:16] for p in body["cancel_publications"]] == times


def test_offers_submitted_contradict_pkt_1_and_every_offeror_is_told(api, officer, submit, review_call, db):
    submit()
    client = api(officer)
    url = f"/api/v1/calls/{review_call.id}/cancel"
    with freeze_time(review_call.submission_deadline + timedelta(hours=1)):
        refused = client.post(url, json={"reason": "Brak ofert.", "ground": "no_offers"})
        assert refused.status_code == 422
        assert "złożono oferty (1)" in refused.get_json()["fields"]["ground"][0]
        # The only offer still waits for the formal check: pkt 2 is not borne out either.
        assert client.post(url, json={"reason": "x", "ground": "no_valid_offers"}).status_code == 422
        body = client.post(url, json={"reason": "Zadanie przejął inny podmiot."}).get_json()
    assert body["cancel_kind"] == "withdrawal"
    mails = list(db.session.scalars(db.select(OutboundMail).where(OutboundMail.subject.like("Odwołanie konkursu%"))))
    assert mails and all("Zadanie przejął inny podmiot." in m.body for m in mails)
    assert not any("18a" in m.body for m in mails)
