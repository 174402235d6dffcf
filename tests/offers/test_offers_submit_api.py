"""Submitting an offer through /api/v1: what an incomplete offer lacks, the estimate's rules, the frozen
version with its control sum and e-mail, the receipt to the second (taken when the request arrives, refused in
the write itself from the deadline on), withdrawal and new versions (split from test_offers_api.py)."""

import email
import re
from datetime import timedelta
from pathlib import Path

from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.formatting import iso_warsaw
from grants.offers.control import control_sum
from grants.offers.models import Offer, OfferStatus, OfferVersion
from tests.helpers import TASK_YEAR
from tests.offers.helpers import offer_body, offer_today

CODE_RE = re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


def _submit(client, offer_id, **body):
    return client.post(f"/api/v1/offers/{offer_id}/submit", json=body or None)


# ---------------------------------------------------------------- submitting


def test_submit_incomplete_offer_lists_what_is_missing(api, ngo_user, org, open_call):
    client = api(ngo_user)
    offer = client.post(
        f"/api/v1/calls/{open_call.id}/offers", json={"organization_id": org.id, "title": "Tylko tytuł"}
    ).get_json()
    response = _submit(client, offer["id"])
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation"
    for path in (
        "task_start",
        "task_end",
        "place",
        "summary",
        "actions",
        "results",
        "cost_items",
        "paid_activity",
        "contact.name",
        "statements.confirmed",
        "statements.tax_arrears",
        "statements.register",
    ):
        assert path in body["fields"], path
    assert client.get(f"/api/v1/offers/{offer['id']}").get_json()["status"] == "draft"


def test_submit_refuses_each_rule_of_the_estimate(api, ngo_user, draft):
    client = api(ngo_user)
    cases = {
        "requested_grant": dict(
            cost_items=[
                {
                    "action": 0,
                    "name": "L",
                    "unit": "h",
                    "quantity": "1",
                    "unit_cost": "70000.00",
                    "grant_part": "61000.00",
                }
            ],
            own_financial="9000.00",
            own_non_financial_in_kind="0",
        ),
        "own_contribution": dict(own_financial="0.00", own_non_financial_in_kind="0.00"),
        "admin_costs": dict(
            cost_items=[
                {
                    "action": 0,
                    "name": "L",
                    "unit": "h",
                    "quantity": "1",
                    "unit_cost": "8400.00",
                    "grant_part": "7000.00",
                },
                {
                    "action": "admin",
                    "name": "A",
                    "unit": "m",
                    "quantity": "1",
                    "unit_cost": "1600.00",
                    "grant_part": "1000.00",
                },
            ],
            own_financial="2000.00",
            own_non_financial_in_kind="0",
        ),
        "task_start": dict(task_start=f"{TASK_YEAR - 1}-12-01"),
        "cost_items.0.action": dict(
            cost_items=[{**offer_body()["cost_items"][0], "action": 9}],
            own_financial="0",
            own_non_financial_in_kind="0",
        ),
        "beneficiary_fees": dict(beneficiary_fees="900.00", paid_activity=True),
    }
    for field, overrides in cases.items():
        offer = draft(**overrides)
        response = _submit(client, offer["id"])
        assert response.status_code == 422, field
        assert field in response.get_json()["fields"], (field, response.get_json()["fields"])


def test_submit_freezes_a_version_with_control_sum(api, ngo_user, draft, db):
    offer = draft()
    client = api(ngo_user)
    response = _submit(client, offer["id"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "submitted" and body["version"] == 1
    assert re.fullmatch(r"[0-9a-f]{64}", body["control_sum"]) and CODE_RE.match(body["control_code"])
    assert body["control_code"].replace("-", "") == body["control_sum"][:12].upper()
    assert body["submitted_at"].endswith(("+01:00", "+02:00"))
    version = db.session.scalar(db.select(OfferVersion).where(OfferVersion.offer_id == offer["id"]))
    assert control_sum(version.document) == body["control_sum"]  # anyone can re-check it
    assert version.document["computed"]["total_cost"] == "19520.00"
    assert version.document["organizations"][0]["name"] == "Fundacja GEKO"
    assert version.document["content"]["actions"][0]["subcontractor"] == "nie dotyczy"
    # frozen: no edits, no second submission
    edit = client.patch(f"/api/v1/offers/{offer['id']}", json={"title": "Zmiana"})
    assert edit.status_code == 409 and edit.get_json()["error"] == "not_draft"
    again = _submit(client, offer["id"])
    assert again.status_code == 409 and again.get_json()["error"] == "not_draft"
    assert db.session.scalar(db.select(db.func.count(OfferVersion.id))) == 1
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "offer.submit"))
    assert entry.after["control_sum"] == body["control_sum"]


def test_submission_email_carries_the_control_sum(api, ngo_user, draft, run_jobs, app, org):
    offer = draft()
    body = _submit(api(ngo_user), offer["id"]).get_json()
    run_jobs()
    messages = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted((Path(app.config["STORAGE_DIR"]) / "outbox").glob("*.eml"))
    ]
    assert {m["To"] for m in messages} == {org.email, ngo_user.email}
    for message in messages:
        text = message.get_content()
        assert body["control_sum"] in text and body["control_code"] in text
        assert body["control_code"] in message["Subject"]


def test_submission_to_the_second_on_the_server_clock(api, ngo_user, draft, open_call):
    deadline = open_call.submission_deadline
    on_time, late, later = draft(), draft(), draft()
    client = api(ngo_user)
    with freeze_time(deadline - timedelta(microseconds=1)):
        assert _submit(client, on_time["id"]).status_code == 200
    with freeze_time(deadline):
        refused = _submit(client, late["id"])
    assert refused.status_code == 409 and refused.get_json()["error"] == "deadline_passed"
    with freeze_time(deadline + timedelta(seconds=1)):
        assert _submit(client, later["id"]).get_json()["error"] == "deadline_passed"
        assert client.post(f"/api/v1/offers/{on_time['id']}/withdraw").get_json()["error"] == "deadline_passed"
    assert client.get(f"/api/v1/offers/{late['id']}").get_json()["status"] == "draft"


def test_receipt_time_is_taken_when_the_request_arrives(api, ngo_user, draft, open_call, monkeypatch):
    """A request that arrives a second before the deadline is on time even if the checks run past it."""
    from grants.offers.operations import submission as operations

    offer = draft()
    deadline = open_call.submission_deadline
    original = operations.submission_errors
    with freeze_time(deadline - timedelta(seconds=1)) as clock:

        def slow_checks(o):
            clock.tick(timedelta(seconds=2))  # the server is busy: it is now past the deadline
            return original(o)

        monkeypatch.setattr(operations, "submission_errors", slow_checks)
        response = _submit(api(ngo_user), offer["id"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["submitted_at"] == iso_warsaw(deadline - timedelta(seconds=1))


def test_the_write_itself_refuses_a_receipt_from_the_deadline_on(app, db, ngo_user, draft, open_call):
    """The operation called directly: the receipt, not the clock, decides, and the UPDATE checks it."""
    import pytest

    from grants.errors import Conflict
    from grants.offers import operations

    offer = db.session.get(Offer, draft()["id"])
    with pytest.raises(Conflict) as refused:
        operations.submit_offer(actor=ngo_user, offer=offer, receipt=open_call.submission_deadline)
    assert refused.value.code == "deadline_passed"
    with freeze_time(open_call.submission_deadline + timedelta(minutes=5)):  # the clock says late
        version = operations.submit_offer(
            actor=ngo_user, offer=offer, receipt=open_call.submission_deadline - timedelta(milliseconds=1)
        )
    assert version.number == 1 and offer.status == OfferStatus.submitted


def test_withdraw_and_submit_again_makes_a_new_version(api, ngo_user, draft, officer, open_call, db):
    offer = draft()
    client = api(ngo_user)
    first = _submit(client, offer["id"]).get_json()
    withdrawn = client.post(f"/api/v1/offers/{offer['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    assert api(officer).get(f"/api/v1/offers/{offer['id']}").get_json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/offers/{offer['id']}/withdraw").get_json()["error"] == "not_submitted"
    edited = client.patch(f"/api/v1/offers/{offer['id']}", json={"place": "Opole, nowa sala"})
    assert edited.status_code == 200 and edited.get_json()["status"] == "draft"
    second = _submit(client, offer["id"]).get_json()
    assert second["version"] == 2 and second["control_sum"] != first["control_sum"]
    seen = client.get(f"/api/v1/offers/{offer['id']}").get_json()
    assert [v["version"] for v in seen["versions"]] == [1, 2]
    assert seen["versions"][0]["withdrawn_at"] and seen["versions"][1]["withdrawn_at"] is None
    office = api(officer).get(f"/api/v1/offers/{offer['id']}").get_json()
    assert office["place"] == "Opole, nowa sala" and office["control_code"] == second["control_code"]
    assert db.session.scalar(db.select(db.func.count(OfferVersion.id))) == 2
    # the withdrawn version's code no longer confirms anything
    stale = api(officer).post(
        f"/api/v1/calls/{open_call.id}/confirmations",
        json={"control_code": first["control_code"], "received_at": offer_today(), "channel": "paper"},
    )
    assert stale.status_code == 409 and stale.get_json()["error"] == "version_withdrawn"


def test_withdrawn_offer_can_be_submitted_again_unchanged(api, ngo_user, draft):
    offer = draft()
    client = api(ngo_user)
    first = _submit(client, offer["id"]).get_json()
    client.post(f"/api/v1/offers/{offer['id']}/withdraw")
    second = _submit(client, offer["id"]).get_json()
    assert second["version"] == 2 and second["control_sum"] != first["control_sum"]


def test_withdraw_a_draft_is_409(api, ngo_user, draft):
    response = api(ngo_user).post(f"/api/v1/offers/{draft()['id']}/withdraw")
    assert response.status_code == 409 and response.get_json()["error"] == "not_submitted"
