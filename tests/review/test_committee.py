"""The committee (art. 15 ust. 2a-2e), declarations of impartiality (KPA art. 24 via art. 15 ust. 2f) and
the assignment of offers: no offer content before an impartial declaration, a conflict excludes, balanced
assignment never gives an offer to a conflicted member and reassigns when a conflict appears later."""

import io

from grants.audit.models import AuditEntry
from grants.calls.models import Call, CallStatus
from grants.review.models import Assignment, AssignmentStatus


def _members(c, *extra):
    return [
        {"user_id": c.chair.id, "role": "chair"},
        {"user_id": c.m1.id, "role": "member"},
        {"user_id": c.m2.id, "role": "member"},
        *extra,
    ]


# ---------------------------------------------------------------- appointment


def test_committee_appointment_rules(flow, committee, officer, review_call, submit, make_org, api, db):
    c = committee
    body = flow.appoint(_members(c, {"user_id": c.expert.id, "role": "expert"}))
    assert [(m["full_name"], m["role"], m["voting"]) for m in body["members"]] == [
        ("Maria Przewodnicząca", "chair", True),
        ("Piotr Członek", "member", True),
        ("Zofia Członkini", "member", True),
        ("Helena Ekspertka", "expert", False),
    ]
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "committee.appoint"))
    assert entry.actor_id == officer.id and len(entry.after["members"]) == 4
    # officers, evaluators of another office, unknown accounts cannot sit
    refused = flow.appoint(
        _members(
            c,
            {"user_id": officer.id, "role": "member"},
            {"user_id": c.foreign.id, "role": "member"},
            {"user_id": 99999, "role": "member"},
        ),
        expect=422,
    )
    assert {"members.3.user_id", "members.4.user_id", "members.5.user_id"} <= set(refused["fields"])
    # exactly one chair
    two = flow.appoint([{"user_id": c.chair.id, "role": "chair"}, {"user_id": c.m1.id, "role": "chair"}], expect=422)
    assert "members" in two["fields"]
    assert "members.0.role" in flow.appoint([{"user_id": c.chair.id, "role": "boss"}], expect=422)["fields"]


def test_nominee_of_an_offering_organisation_cannot_sit(flow, committee, offers, make_org):
    c = committee
    offering = offers[0].org_id
    refused = flow.appoint(
        _members(c, {"user_id": c.m3.id, "role": "member", "nominated_by_organization_id": offering}), expect=422
    )
    assert "art. 15 ust. 2d" in refused["fields"]["members.3.nominated_by_organization_id"][0]
    uninvolved = make_org("Fundacja Niezależna")
    body = flow.appoint(
        _members(c, {"user_id": c.m3.id, "role": "member", "nominated_by_organization_id": uninvolved.id})
    )
    assert body["members"][3]["nominated_by"] == "Fundacja Niezależna"


def test_committee_is_the_offices_business(api, other_officer, review_call, committee, after_deadline, offers):
    body = {"members": [{"user_id": committee.chair.id, "role": "chair"}]}
    assert api(other_officer).put(f"/api/v1/calls/{review_call.id}/committee", json=body).status_code == 404
    assert api(committee.chair).put(f"/api/v1/calls/{review_call.id}/committee", json=body).status_code == 403
    assert api(offers[0].user).put(f"/api/v1/calls/{review_call.id}/committee", json=body).status_code == 403


def test_appointing_after_the_deadline_starts_the_review(flow, review_call, db):
    flow.appoint()
    assert db.session.get(Call, review_call.id).status == CallStatus.under_review


# ---------------------------------------------------------------- declarations and access to content


def test_no_offer_content_before_an_impartial_declaration(flow, committee, offers, api, db):
    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    member = api(committee.m1)
    base = f"/api/v1/offers/{offers[0].id}"
    # the work list names who submitted (to judge impartiality) but holds no content
    work = member.get(f"/api/v1/calls/{flow.call.id}/assignments").get_json()["items"]
    assert [(i["offer_id"], i["declaration"]) for i in work] == [(o.id, None) for o in offers]
    assert work[0]["organization"] == "Stowarzyszenie Integracja nr 1" and "summary" not in work[0]
    for url in (base, f"{base}/attachments/1", f"{base}/my-score"):
        response = member.get(url)
        assert response.status_code == 409 and response.get_json()["error"] == "declaration_required", url
    assert member.get(f"/api/v1/offers?call_id={flow.call.id}").get_json() == []
    declared = flow.declare(committee.m1, offers[0].id, expect=201)
    assert declared["impartial"] is True and declared["member_id"] == committee.m1.id
    content = member.get(base)
    assert content.status_code == 200 and content.get_json()["summary"]
    assert [o["id"] for o in member.get(f"/api/v1/offers?call_id={flow.call.id}").get_json()] == [offers[0].id]
    assert [o["id"] for o in member.get("/api/v1/offers").get_json()] == [offers[0].id]
    # the same declaration again is idempotent
    assert flow.declare(committee.m1, offers[0].id, expect=200)["impartial"] is True


def test_offer_attachments_follow_the_declaration(flow, committee, submit, api, db):
    from datetime import timedelta

    from freezegun import freeze_time

    from grants.extensions import db as _db
    from grants.offers.models import Offer
    from grants.offers.operations import add_attachment, submit_offer, withdraw_offer

    offer = submit()
    with freeze_time(flow.call.submission_deadline - timedelta(hours=2)):
        row = _db.session.get(Offer, offer.id)
        withdraw_offer(actor=offer.user, offer=row)
        add_attachment(
            actor=offer.user, offer=row, stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="statut.pdf", kind="statut"
        )
        attachment_id = row.active_attachments[0].id
        submit_offer(actor=offer.user, offer=row)
        _db.session.commit()
    flow.accept(offer)
    flow.appoint()
    flow.assign()
    url = f"/api/v1/offers/{offer.id}/attachments/{attachment_id}"
    assert api(committee.m1).get(url).status_code == 409
    flow.declare(committee.m1, offer.id)
    assert api(committee.m1).get(url).status_code == 200


def test_who_may_declare_and_see(flow, committee, offers, evaluator, api, submit):
    flow.accept(offers[0], offers[1])
    flow.appoint()
    flow.assign()
    # not on the committee: no declarations, no content
    outsider = api(committee.m3)
    refused = outsider.post(
        f"/api/v1/calls/{flow.call.id}/declarations", json={"offer_id": offers[0].id, "impartial": True}
    )
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_committee_member"
    assert outsider.get(f"/api/v1/offers/{offers[0].id}").status_code == 404
    # an offer not passed to the committee is not known to it
    not_accepted = flow.declare(committee.m1, offers[2].id, expect=422)
    assert "offer_id" in not_accepted["fields"]
    assert api(committee.m1).get(f"/api/v1/offers/{offers[2].id}").status_code == 404
    assert "impartial" in flow.declare(committee.m1, offers[0].id, impartial="tak", expect=422)["fields"]
    assert (
        api(offers[0].user)
        .post(f"/api/v1/calls/{flow.call.id}/declarations", json={"offer_id": offers[0].id, "impartial": True})
        .status_code
        == 403
    )


def test_a_conflict_excludes_the_member_from_that_offer(flow, committee, offers, api, db):
    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    declared = flow.declare(
        committee.m1,
        offers[0].id,
        impartial=False,
        reason="Jestem członkiem zarządu tego stowarzyszenia (art. 24 § 1 KPA).",
        expect=201,
    )
    assert declared["impartial"] is False and declared["status"] == "conflict"
    content = api(committee.m1).get(f"/api/v1/offers/{offers[0].id}")
    assert content.status_code == 403 and content.get_json()["error"] == "conflict_of_interest"
    back = flow.declare(committee.m1, offers[0].id, impartial=True, expect=409)
    assert back["error"] == "conflict_declared"
    # the other offers are untouched
    flow.declare(committee.m1, offers[1].id)
    assert api(committee.m1).get(f"/api/v1/offers/{offers[1].id}").status_code == 200
    ended = [
        a
        for a in db.session.scalars(db.select(Assignment).where(Assignment.offer_id == offers[0].id))
        if a.status == AssignmentStatus.ended
    ]
    assert [(a.member.user_id, a.end_reason) for a in ended] == [(committee.m1.id, "conflict")]


# ---------------------------------------------------------------- assignment


def test_all_mode_gives_every_offer_to_every_member(flow, committee, offers):
    flow.accept(*offers)
    assert flow.assign(expect=409)["error"] == "no_committee"
    flow.appoint()
    body = flow.assign(mode="all")
    pairs = {(a["member_id"], a["offer_id"]) for a in body["assignments"]}
    people = (committee.chair, committee.m1, committee.m2, committee.expert)
    assert pairs == {(u.id, o.id) for u in people for o in offers}


def test_balanced_mode_balances_load_and_respects_conflicts(flow, committee, submit, db):
    c = committee
    offers = [submit() for _ in range(6)]
    flow.accept(*offers)
    flow.appoint(_members(c, {"user_id": c.m3.id, "role": "member"}, {"user_id": c.expert.id, "role": "expert"}))
    flow.declare(c.m1, offers[0].id, impartial=False, reason="Małżonka jest prezeską organizacji.")
    assert "per_offer" in flow.assign(mode="balanced", per_offer=9, expect=422)["fields"]
    body = flow.assign(mode="balanced", per_offer=2)
    assert body["warnings"] == [] and body["max_per_member"] == 3  # 6 offers x 2 / 4 voting members
    voting = [a for a in body["assignments"] if a["role"] != "expert"]
    per_offer = {o.id: [a["member_id"] for a in voting if a["offer_id"] == o.id] for o in offers}
    assert all(len(members) == 2 for members in per_offer.values())
    assert c.m1.id not in per_offer[offers[0].id]  # never the conflicted member
    loads = {u.id: sum(1 for a in voting if a["member_id"] == u.id) for u in (c.chair, c.m1, c.m2, c.m3)}
    assert set(loads.values()) == {3}
    experts = [a for a in body["assignments"] if a["role"] == "expert"]
    assert {a["offer_id"] for a in experts} == {o.id for o in offers}  # the expert's opinion on every offer
    # running it again keeps what fits
    again = flow.assign(mode="balanced", per_offer=2)
    assert {(a["member_id"], a["offer_id"]) for a in again["assignments"]} == {
        (a["member_id"], a["offer_id"]) for a in body["assignments"]
    }


def test_a_later_conflict_reassigns_the_offer_in_balanced_mode(flow, committee, submit, api):
    c = committee
    offers = [submit() for _ in range(3)]
    flow.accept(*offers)
    flow.appoint(_members(c, {"user_id": c.m3.id, "role": "member"}))
    body = flow.assign(mode="balanced", per_offer=2)
    holders = [a["member_id"] for a in body["assignments"] if a["offer_id"] == offers[0].id]
    leaving = next(u for u in (c.chair, c.m1, c.m2, c.m3) if u.id == holders[0])
    declared = flow.declare(leaving, offers[0].id, impartial=False, reason="Konflikt interesów.")
    assert declared["reassigned_to"] not in (None, *holders)
    now = flow.officer.get(f"/api/v1/calls/{flow.call.id}/assignments").get_json()["assignments"]
    holders_now = {a["member_id"] for a in now if a["offer_id"] == offers[0].id}
    assert len(holders_now) == 2 and leaving.id not in holders_now
    # the new holder must declare before reading it
    newcomer = next(u for u in (c.chair, c.m1, c.m2, c.m3) if u.id == declared["reassigned_to"])
    assert api(newcomer).get(f"/api/v1/offers/{offers[0].id}").get_json()["error"] == "declaration_required"


def test_offers_accepted_later_are_assigned_in_the_same_mode(flow, committee, offers):
    flow.accept(offers[0])
    flow.appoint()
    flow.assign(mode="all")
    flow.accept(offers[1])
    listing = flow.officer.get(f"/api/v1/calls/{flow.call.id}/assignments").get_json()
    assert {a["member_id"] for a in listing["assignments"] if a["offer_id"] == offers[1].id} == {
        committee.chair.id,
        committee.m1.id,
        committee.m2.id,
        committee.expert.id,
    }


def test_assignment_needs_a_committee_without_nominees_of_offerors(flow, committee, offers, make_org, db):
    from datetime import timedelta

    from freezegun import freeze_time

    from grants.offers.operations import create_offer, submit_offer, update_offer
    from tests.helpers import make_user
    from tests.offers.helpers import offer_body

    # appointed while the call was open, nominated by an organisation that then submitted an offer
    person = make_user("prezes@later.example", "Prezes Późniejszy")
    later = make_org("Stowarzyszenie Późniejsze", members=[person])
    with freeze_time(flow.call.submission_deadline - timedelta(days=2)):
        flow.appoint(
            _members(
                committee, {"user_id": committee.m3.id, "role": "member", "nominated_by_organization_id": later.id}
            )
        )
        offer = create_offer(actor=person, call=flow.call, raw={"organization_id": later.id, "title": "T"})
        update_offer(actor=person, offer=offer, raw=offer_body())
        submit_offer(actor=person, offer=offer)
        db.session.commit()
    flow.accept(*offers)
    refused = flow.assign(expect=409)
    assert refused["error"] == "nominee_conflict" and "Adam Członek" in refused["message"]
