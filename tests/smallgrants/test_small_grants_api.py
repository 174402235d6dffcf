"""The NGO's small grant through /api/v1 (shared/API.md "Small grants"; art. 19a of the Act, the simplified offer
of Dz.U. 2018 poz. 2055): create, save the draft, submit, withdraw, read — at and around the statute's limits
(10 000 zł, 90 days, 20 000 zł a year) and every refusal: another organisation (404), a wrong role (403), the
wrong state (409), bad input (422 on the named field)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from grants.audit.models import AuditEntry
from grants.formatting import iso_warsaw
from grants.offers import control
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.smallgrants.models import SmallGrant, SmallGrantComment, SmallGrantCommentAnswer, SmallGrantStatus
from tests.helpers import NOW
from tests.smallgrants.helpers import TASK_START, one_line, small_grant_payload


@pytest.fixture
def ngo(api, ngo_user, org):
    return api(ngo_user)


def _create(ngo, office, org, expect=201, **overrides):
    response = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id, **overrides))
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _submit(ngo, small_grant_id, expect=200, **body):
    response = ngo.post(f"/api/v1/small-grants/{small_grant_id}/submit", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_create_save_submit_freezes_a_version_with_its_control_sum(ngo, office, org, db):
    created = _create(ngo, office, org)
    assert created["status"] == "draft" and created["problems"] == {}
    assert created["figures"] == {
        "total_cost": "6000.00",
        "requested_grant": "5000.00",
        "own_financial": "500.00",
        "own_non_financial": "500.00",
        "other_sources": "0.00",
    }
    small_grant = db.session.get(SmallGrant, created["id"])
    offer = db.session.get(Offer, created["id"])
    assert offer.call_id is None and small_grant.office_id == office.id and small_grant.organization_id == org.id
    assert small_grant.requested_grant == Decimal("5000.00") and small_grant.budget_year == TASK_START.year

    saved = ngo.patch(
        f"/api/v1/small-grants/{created['id']}",
        json={"place": "Opole, Zaodrze", "lock_version": created["lock_version"]},
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["content"]["place"] == "Opole, Zaodrze"

    submitted = _submit(ngo, created["id"])
    assert submitted["status"] == "submitted" and submitted["warnings"] == []
    assert submitted["received_at"] == iso_warsaw(NOW)  # the request's receipt time (the frozen clock)
    version = db.session.scalar(db.select(OfferVersion).where(OfferVersion.offer_id == created["id"]))
    assert version.call_id is None and version.document["form"] == "small_grant_2055"
    assert version.document["office"] == {"id": office.id, "name": office.name}
    assert version.document["organization"]["name"] == org.name
    assert version.document["figures"]["requested_grant"] == "5000.00"
    assert version.document["content"]["cost_items"][0]["name"] == "Animatorzy"
    assert control.control_sum(version.document) == submitted["control_sum"] == version.control_sum
    assert submitted["control_code"] == control.control_code(version.control_sum)
    assert version.requested_grant == Decimal("5000.00") and version.total_cost == Decimal("6000.00")
    db.session.expire_all()
    small_grant = db.session.get(SmallGrant, created["id"])
    assert small_grant.status == SmallGrantStatus.submitted and small_grant.received_at is not None
    assert db.session.get(Offer, created["id"]).status == OfferStatus.submitted
    actions = set(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.entity_id == created["id"])).all())
    assert {"small_grant.create", "small_grant.update", "small_grant.submit"} <= actions


@pytest.mark.parametrize(("grant", "ok"), [("10000.00", True), ("10000.01", False)])
def test_the_grant_at_and_over_10000_zl_art_19a_ust_1_pkt_1(ngo, office, org, grant, ok):
    """Art. 19a ust. 1 pkt 1: at most 10 000 zł. Over it the draft is saved with the problem on
    `requested_grant`, and the submission is refused (422 naming the field)."""
    created = _create(ngo, office, org, cost_items=one_line(grant))
    assert created["content"]["cost_items"][0]["grant_part"] == grant  # saved, nothing typed is lost
    assert ("requested_grant" in created["problems"]) is (not ok)
    if ok:
        assert _submit(ngo, created["id"])["status"] == "submitted"
    else:
        refused = _submit(ngo, created["id"], expect=422)
        assert refused["error"] == "validation" and "art. 19a ust. 1 pkt 1" in refused["fields"]["requested_grant"][0]


@pytest.mark.parametrize(("days", "ok"), [(90, True), (91, False)])
def test_the_task_of_90_and_91_days_art_19a_ust_1_pkt_2(ngo, office, org, days, ok):
    """Art. 19a ust. 1 pkt 2: a task of at most 90 days, its first and last day both counted."""
    end = TASK_START + timedelta(days=days - 1)
    created = _create(ngo, office, org, task_start=TASK_START.isoformat(), task_end=end.isoformat())
    assert created["content"]["task_end"] == end.isoformat()
    assert ("task_end" in created["problems"]) is (not ok)
    if ok:
        _submit(ngo, created["id"])
    else:
        assert "91" in _submit(ngo, created["id"], expect=422)["fields"]["task_end"][0]


def test_a_patch_over_the_limits_is_saved_and_named(ngo, office, org):
    created = _create(ngo, office, org)
    saved = ngo.patch(
        f"/api/v1/small-grants/{created['id']}",
        json={"cost_items": one_line("12000.00"), "task_end": (TASK_START + timedelta(days=120)).isoformat()},
    )
    assert saved.status_code == 200
    body = saved.get_json()
    assert set(body["problems"]) == {"requested_grant", "task_end"}
    assert body["figures"]["requested_grant"] == "12000.00"
    read = ngo.get(f"/api/v1/small-grants/{created['id']}").get_json()
    assert read["requested_grant"] == "12000.00" and set(read["problems"]) == {"requested_grant", "task_end"}


def test_malformed_input_is_refused_on_its_field_and_nothing_is_written(ngo, office, org):
    created = _create(ngo, office, org)
    refused = ngo.patch(
        f"/api/v1/small-grants/{created['id']}",
        json={
            "task_start": "2027-02-30",
            "own_financial": "dużo",
            "cost_items": [{"name": "X", "quantity": "0", "unit_cost": "1", "grant_part": "1"}],
            "statements": {"accepted": "może"},
            "title": 12,
        },
    )
    assert refused.status_code == 422
    fields = refused.get_json()["fields"]
    assert set(fields) == {"task_start", "own_financial", "cost_items.0.quantity", "statements.accepted", "title"}
    read = ngo.get(f"/api/v1/small-grants/{created['id']}").get_json()
    assert read["content"]["own_financial"] == "500.00" and read["lock_version"] == created["lock_version"]


def test_submission_names_every_missing_part(ngo, office, org):
    created = _create(
        ngo,
        office,
        org,
        summary="",
        cost_items=[],
        statements={"accepted": False},
        contact=None,
        task_start=None,
    )
    fields = _submit(ngo, created["id"], expect=422)["fields"]
    assert {"summary", "cost_items", "statements.accepted", "contact.full_name", "task_start"} <= set(fields)


def test_a_line_whose_grant_part_is_above_its_total(ngo, office, org):
    created = _create(ngo, office, org, cost_items=one_line("600.00", total="500.00"))
    assert "cost_items.0.grant_part" in created["problems"]
    assert "cost_items.0.grant_part" in _submit(ngo, created["id"], expect=422)["fields"]


def test_an_organisation_awaiting_confirmation_does_not_start_one(ngo, office, org, db):
    from grants.organizations.models import ProfileStatus

    org.status = ProfileStatus.awaiting_confirmation
    db.session.commit()
    refused = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id))
    assert refused.status_code == 409 and refused.get_json()["error"] == "organization_awaiting_confirmation"


def test_create_refusals(api, ngo, office, org, officer, other_ngo_user, other_org):
    assert api().post(f"/api/v1/offices/{office.id}/small-grants", json={}).status_code == 401
    as_officer = api(officer).post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id))
    assert as_officer.status_code == 403  # staff never write an NGO's offer
    assert ngo.post("/api/v1/offices/999999/small-grants", json=small_grant_payload(org.id)).status_code == 404
    not_mine = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(other_org.id))
    assert not_mine.status_code == 403
    no_org = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload())
    assert no_org.status_code == 422 and "organization_id" in no_org.get_json()["fields"]
    too_big = ngo.post(
        f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(organization_id="99999999999")
    )
    assert too_big.status_code == 422 and "organization_id" in too_big.get_json()["fields"]
    no_title = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id, title="  "))
    assert no_title.status_code == 422 and "title" in no_title.get_json()["fields"]
    assert ngo.post(f"/api/v1/offices/{office.id}/small-grants", data="[]").status_code == 400


def test_another_organisation_and_staff_never_touch_the_draft(api, ngo, office, org, officer, other_ngo_user):
    created = _create(ngo, office, org)
    path = f"/api/v1/small-grants/{created['id']}"
    other = api(other_ngo_user)
    assert other.get(path).status_code == 404
    assert other.patch(path, json={"title": "Moje"}).status_code == 404
    assert other.post(f"{path}/submit", json={}).status_code == 404
    assert other.post(f"{path}/withdraw", json={}).status_code == 404
    assert api(officer).get(path).status_code == 404  # the office learns of it once submitted
    assert api(officer).patch(path, json={"title": "X"}).status_code == 403
    assert api().get(path).status_code == 404
    assert api().patch(path, json={}).status_code == 401


def test_after_submission_the_office_reads_it_another_office_does_not(api, ngo, office, org, officer, other_officer):
    created = _create(ngo, office, org)
    _submit(ngo, created["id"])
    path = f"/api/v1/small-grants/{created['id']}"
    read = api(officer).get(path)
    assert read.status_code == 200
    body = read.get_json()
    assert body["content"]["title"] == small_grant_payload()["title"] and "lock_version" not in body
    assert body["control_code"] and "comments" not in body  # not published yet
    assert api(other_officer).get(path).status_code == 404
    assert api().get(path).status_code == 404
    listed = api(officer).get("/api/v1/small-grants").get_json()
    assert [row["id"] for row in listed] == [created["id"]]
    assert api(other_officer).get("/api/v1/small-grants").get_json() == []


def test_a_submitted_offer_is_not_edited_and_a_double_click_submits_once(ngo, office, org, db):
    created = _create(ngo, office, org)
    first = _submit(ngo, created["id"])
    second = _submit(ngo, created["id"], expect=409)
    assert second["error"] == "not_draft"
    refused = ngo.patch(f"/api/v1/small-grants/{created['id']}", json={"title": "Inny"})
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_draft"
    versions = db.session.scalars(db.select(OfferVersion).where(OfferVersion.offer_id == created["id"])).all()
    assert [v.control_sum for v in versions] == [first["control_sum"]]


def test_a_stale_lock_version_is_an_edit_conflict(ngo, office, org):
    created = _create(ngo, office, org)
    path = f"/api/v1/small-grants/{created['id']}"
    assert ngo.patch(path, json={"place": "A", "lock_version": created["lock_version"]}).status_code == 200
    stale = ngo.patch(path, json={"place": "B", "lock_version": created["lock_version"]})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"
    assert _submit(ngo, created["id"], expect=409, lock_version=created["lock_version"])["error"] == "edit_conflict"
    assert ngo.patch(path, json={"lock_version": "x"}).status_code == 422


def test_withdraw_before_the_office_decides(ngo, office, org, db):
    created = _create(ngo, office, org)
    path = f"/api/v1/small-grants/{created['id']}/withdraw"
    draft = ngo.post(path, json={})
    assert draft.status_code == 409 and draft.get_json()["error"] == "not_submitted"
    _submit(ngo, created["id"])
    withdrawn = ngo.post(path, json={})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    again = ngo.post(path, json={})
    assert again.status_code == 409 and again.get_json()["error"] == "not_submitted"
    version = db.session.scalar(db.select(OfferVersion).where(OfferVersion.offer_id == created["id"]))
    assert version.withdrawn_at is not None


def test_a_decided_offer_cannot_be_withdrawn(ngo, office, org, db):
    created = _create(ngo, office, org)
    _submit(ngo, created["id"])
    small_grant = db.session.get(SmallGrant, created["id"])
    small_grant.status, small_grant.decided_at = SmallGrantStatus.accepted, NOW
    db.session.commit()
    refused = ngo.post(f"/api/v1/small-grants/{created['id']}/withdraw", json={})
    assert refused.status_code == 409 and refused.get_json()["error"] == "already_decided"


def test_the_organisations_year_over_20000_zl_is_a_warning_art_19a_ust_6(ngo, office, org, other_office, db):
    """Art. 19a ust. 6: 20 000 zł a year to one organisation in this mode. At submission it is a warning (the
    office decides): 10 000 + 10 000 is exactly the limit, a third one passes it. Refused and withdrawn ones,
    another office's and another year's do not count."""
    ids = [_create(ngo, office, org, cost_items=one_line("10000.00"))["id"] for _ in range(2)]
    assert _submit(ngo, ids[0])["warnings"] == []
    assert _submit(ngo, ids[1])["warnings"] == []  # 20 000,00: at the limit, not over it
    other_office_one = _create(ngo, other_office, org, cost_items=one_line("10000.00"))
    assert _submit(ngo, other_office_one["id"])["warnings"] == []
    next_year = TASK_START.replace(year=TASK_START.year + 1)
    later = _create(
        ngo,
        office,
        org,
        cost_items=one_line("0.01"),
        task_start=next_year.isoformat(),
        task_end=(next_year + timedelta(days=10)).isoformat(),
    )
    assert _submit(ngo, later["id"])["warnings"] == []
    third = _create(ngo, office, org, cost_items=one_line("0.01"))
    warnings = _submit(ngo, third["id"])["warnings"]
    assert [w["code"] for w in warnings] == ["organization_year_limit"] and warnings[0]["field"] == "requested_grant"
    assert "art. 19a ust. 6" in warnings[0]["message"]
    # A refused one does not count: the office refused the first, so a fourth fits again.
    refused = db.session.get(SmallGrant, ids[0])
    refused.status = SmallGrantStatus.refused
    db.session.commit()
    fourth = _create(ngo, office, org, cost_items=one_line("5000.00"))
    assert _submit(ngo, fourth["id"])["warnings"] == []


def test_published_it_is_public_with_the_visible_comments_and_answers(api, ngo, office, org, officer, db):
    created = _create(ngo, office, org)
    _submit(ngo, created["id"])
    small_grant = db.session.get(SmallGrant, created["id"])
    small_grant.status, small_grant.published_at = SmallGrantStatus.published, NOW
    small_grant.comments_until = NOW + timedelta(days=8)
    shown = SmallGrantComment(small_grant_id=small_grant.id, author="Jan", text="Dobry pomysł", created_at=NOW)
    hidden = SmallGrantComment(
        small_grant_id=small_grant.id, author="Spam", text="kup teraz", created_at=NOW, hidden_at=NOW, hidden_reason="x"
    )
    db.session.add_all([shown, hidden])
    db.session.flush()
    db.session.add(SmallGrantCommentAnswer(comment_id=shown.id, text="Dziękujemy", created_at=NOW))
    db.session.commit()
    public = api().get(f"/api/v1/small-grants/{created['id']}")
    assert public.status_code == 200
    body = public.get_json()
    assert [c["text"] for c in body["comments"]] == ["Dobry pomysł"]
    assert body["comments"][0]["answer"]["text"] == "Dziękujemy" and body["comments"][0]["author"] == "Jan"
    assert set(body["comments"][0]) == {"id", "author", "text", "created_at", "answer"}
    assert "lock_version" not in body and "problems" not in body


def test_the_ngo_list_and_its_organisation_filter(api, ngo, office, org, other_ngo_user, other_org):
    mine = _create(ngo, office, org)
    theirs = api(other_ngo_user).post(
        f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(other_org.id)
    )
    assert theirs.status_code == 201
    assert [row["id"] for row in ngo.get("/api/v1/small-grants").get_json()] == [mine["id"]]
    assert [row["id"] for row in ngo.get(f"/api/v1/small-grants?organization_id={org.id}").get_json()] == [mine["id"]]
    assert ngo.get(f"/api/v1/small-grants?organization_id={other_org.id}").get_json() == []
    assert ngo.get("/api/v1/small-grants?organization_id=abc").status_code == 422
    assert api().get("/api/v1/small-grants").status_code == 401


def test_a_small_grant_is_not_among_the_ngos_competition_offers(ngo, office, org):
    _create(ngo, office, org)
    assert ngo.get("/api/v1/offers").get_json() == []
