"""The formal check: the checklist, accepted / rejected / correction requested, the correction window in
working days, the NGO editing only the opened fields, the corrected version with a new control sum, nothing
after the window, the call moving to under review, and the one published list of outcomes."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.calls.models import Call, CallStatus
from grants.clock import WARSAW
from grants.mail import OutboundMail
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.review import rules
from grants.review.models import FormalReview, FormalStatus
from tests.review.helpers import CODES, Flow


def _patch(client, offer_id, **body):
    return client.patch(f"/api/v1/offers/{offer_id}", json=body)


def _request_correction(flow, offer_id, **body):
    body.setdefault("checklist", flow.checklist(attachments=False))
    body.setdefault("defects", ["Brak statutu organizacji.", "Brak adresu e-mail osoby do kontaktu."])
    body.setdefault("fields", ["attachments", "contact.email"])
    return flow.formal(offer_id, "correction_requested", **body)


# ---------------------------------------------------------------- the checklist and the outcomes


def test_default_checklist_and_its_configuration(flow, api, officer, review_call, offers, db):
    checklist = flow.officer.get(f"/api/v1/calls/{review_call.id}/formal-checklist").get_json()
    assert [i["code"] for i in checklist["items"]] == CODES and checklist["is_default"] is True
    assert {i["code"] for i in checklist["items"] if i["correctable"]} == {
        "confirmation_received",
        "attachments",
        "arithmetic",
    }
    custom = {
        "items": [
            {"code": "on_time", "label": "W terminie", "correctable": False},
            {"code": "signed", "label": "Podpisana", "correctable": True},
        ]
    }
    bad = flow.officer.put(
        f"/api/v1/calls/{review_call.id}/formal-checklist", json={"items": [{"code": "Zły Kod", "label": ""}]}
    )
    assert bad.status_code == 422 and {"items.0.code", "items.0.label"} <= set(bad.get_json()["fields"])
    assert flow.officer.put(f"/api/v1/calls/{review_call.id}/formal-checklist", json=custom).status_code == 200
    flow.formal(offers[0].id, checklist={"on_time": True, "signed": True})
    again = flow.officer.put(f"/api/v1/calls/{review_call.id}/formal-checklist", json=custom)
    assert again.status_code == 409 and again.get_json()["error"] == "formal_review_started"


def test_acceptance_moves_the_call_under_review_and_is_audited(flow, offers, review_call, officer, db):
    body = flow.formal(offers[0].id)
    assert body["status"] == "accepted" and body["state"] == "accepted" and body["round"] == 1
    assert body["suggested_checklist"]["on_time"] is True and body["suggested_checklist"]["arithmetic"] is True
    assert db.session.get(Call, review_call.id).status == CallStatus.under_review
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]
    assert "call.review_start" in actions and "formal_review.accepted" in actions
    assert actions.count("call.review_start") == 1
    flow.formal(offers[1].id)
    assert [e.action for e in db.session.scalars(db.select(AuditEntry))].count("call.review_start") == 1


def test_formal_check_waits_for_the_deadline(api, officer, review_call, offers):
    response = api(officer).put(
        f"/api/v1/offers/{offers[0].id}/formal-review", json={"outcome": "accepted", "checklist": Flow.checklist()}
    )
    assert response.status_code == 409 and response.get_json()["error"] == "call_open"


def test_outcome_rules(flow, offers):
    # an offer with a defect cannot be accepted
    refused = flow.formal(offers[0].id, "accepted", expect=422, checklist=flow.checklist(on_time=False))
    assert "checklist.on_time" in refused["fields"]
    # every item must be answered, and only the call's items
    partial = flow.formal(offers[0].id, "accepted", expect=422, checklist={"on_time": True, "nope": True})
    assert "checklist.correct_form" in partial["fields"] and "checklist.nope" in partial["fields"]
    assert "outcome" in flow.formal(offers[0].id, "maybe", expect=422)["fields"]
    # a rejection needs its reason, and is final
    assert (
        "reason"
        in flow.formal(offers[0].id, "rejected", expect=422, checklist=flow.checklist(eligible_entity=False))["fields"]
    )
    rejected = flow.formal(
        offers[0].id,
        "rejected",
        checklist=flow.checklist(eligible_entity=False),
        reason="Spółka prawa handlowego działająca dla zysku (art. 3 ust. 3 pkt 4 ustawy).",
    )
    assert rejected["status"] == "rejected"
    final = flow.officer.put(
        f"/api/v1/offers/{offers[0].id}/formal-review", json={"outcome": "accepted", "checklist": flow.checklist()}
    )
    assert final.status_code == 409 and final.get_json()["error"] == "formal_review_final"
    # an accepted offer may still be rejected (a defect found later), not accepted twice
    flow.formal(offers[1].id)
    twice = flow.officer.put(
        f"/api/v1/offers/{offers[1].id}/formal-review", json={"outcome": "accepted", "checklist": flow.checklist()}
    )
    assert twice.status_code == 409 and twice.get_json()["error"] == "already_accepted"
    flow.formal(
        offers[1].id,
        "rejected",
        reason="Oferta złożona na nieaktualnym wzorze.",
        checklist=flow.checklist(correct_form=False),
    )


def test_a_defect_that_cannot_be_corrected_means_rejection(flow, offers):
    body = _request_correction(flow, offers[0].id, expect=422, checklist=flow.checklist(on_time=False))
    assert "checklist.on_time" in body["fields"]
    body = flow.formal(offers[0].id, "correction_requested", expect=422, defects=[], fields=["nope"])
    assert {"checklist", "defects", "fields.0"} <= set(body["fields"])


def test_who_may_review(api, flow, offers, other_officer, evaluator, review_call, submit):
    url = f"/api/v1/offers/{offers[0].id}/formal-review"
    body = {"outcome": "accepted", "checklist": Flow.checklist()}
    assert api().put(url, json=body).status_code == 401
    assert api(offers[0].user).put(url, json=body).status_code == 403
    assert api(evaluator).put(url, json=body).status_code == 403
    assert api(other_officer).put(url, json=body).status_code == 404
    assert flow.officer.put("/api/v1/offers/99999/formal-review", json=body).status_code == 404


# ---------------------------------------------------------------- correction


def test_correction_request_opens_the_named_fields_until_the_deadline(flow, offers, review_call, db, api):
    now = datetime.now(UTC)
    body = _request_correction(flow, offers[0].id)
    expected = rules.correction_deadline(now, review_call.correction_days)
    assert body["status"] == "correction_requested" and body["state"] == "correction_open"
    assert datetime.fromisoformat(body["correction_deadline"]) == expected
    assert body["fields"] == ["attachments", "contact.email"]
    offer = db.session.get(Offer, offers[0].id)
    assert offer.status == OfferStatus.correction and offer.correction_deadline == expected
    # the NGO reads what to correct and until when
    mine = api(offers[0].user).get(f"/api/v1/offers/{offers[0].id}/formal-review").get_json()
    assert mine["defects"] == ["Brak statutu organizacji.", "Brak adresu e-mail osoby do kontaktu."]
    # ... and is told by e-mail
    mail = db.session.scalar(db.select(OutboundMail).where(OutboundMail.subject.like("Wezwanie do uzupełnienia%")))
    assert "Brak statutu organizacji." in mail.body and "contact.email" in mail.body
    # the office still lists the offer
    listed = flow.officer.get(f"/api/v1/calls/{review_call.id}/offers").get_json()
    assert offers[0].id in [item["id"] for item in listed["items"]]


def test_correction_deadline_counts_polish_working_days(app):
    # Requested on Wednesday 22 December 2027: 23 Dec (1), 24 Dec Wigilia and 25-26 Dec holidays/weekend,
    # 27 Dec (2), 28 Dec (3) -> to the end of 28 December, Warsaw time.
    requested = datetime(2027, 12, 22, 10, 0, tzinfo=WARSAW)
    assert rules.correction_deadline(requested, 3) == datetime(2027, 12, 29, 0, 0, tzinfo=WARSAW)
    # Seven working days from Thursday 29 October 2026: 30 Oct, 2-6 Nov (1 Nov is a Sunday holiday), 9 Nov.
    assert rules.correction_deadline(datetime(2026, 10, 29, 9, 0, tzinfo=WARSAW), 7) == datetime(
        2026, 11, 10, 0, 0, tzinfo=WARSAW
    )


def test_only_opened_fields_change_and_the_corrected_offer_is_a_new_version(flow, offers, db, api):
    ngo = api(offers[0].user)
    first = db.session.get(Offer, offers[0].id).current_version
    first_sum, first_id = first.control_sum, first.id
    _request_correction(flow, offers[0].id)
    # a field that was not opened is refused, naming it
    refused = _patch(
        ngo,
        offers[0].id,
        title="Nowy tytuł",
        contact={"name": "Olena Kowalczuk", "phone": "+48 600 100 200", "email": "nowy@geko.example"},
    )
    assert refused.status_code == 422 and list(refused.get_json()["fields"]) == ["title"]
    refused = _patch(ngo, offers[0].id, cost_items=[])
    assert refused.status_code == 422 and "cost_items.0" in refused.get_json()["fields"]
    # the opened one changes; sending back unchanged fields is fine (GET -> edit -> PATCH)
    current = ngo.get(f"/api/v1/offers/{offers[0].id}").get_json()
    contact = {**current["contact"], "email": "nowy@geko.example"}
    changed = _patch(ngo, offers[0].id, title=current["title"], place=current["place"], contact=contact)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["status"] == "correction"
    # attachments were opened too
    upload = ngo.post(
        f"/api/v1/offers/{offers[0].id}/attachments",
        data={"kind": "statut", "file": (__import__("io").BytesIO(b"%PDF-1.4\n%%EOF\n"), "statut.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_json()
    # submitting again freezes a new version with a new control sum; the old one is kept
    submitted = ngo.post(f"/api/v1/offers/{offers[0].id}/submit")
    assert submitted.status_code == 200, submitted.get_json()
    body = submitted.get_json()
    assert body["version"] == 2 and body["control_sum"] != first_sum
    versions = db.session.scalars(
        db.select(OfferVersion).where(OfferVersion.offer_id == offers[0].id).order_by(OfferVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2] and versions[0].id == first_id
    assert versions[0].control_sum == first_sum
    assert versions[1].document["content"]["contact"]["email"] == "nowy@geko.example"
    offer = db.session.get(Offer, offers[0].id)
    assert offer.status == OfferStatus.submitted and offer.correction_fields is None
    # the office sees it corrected, and accepts the new version
    state = flow.officer.get(f"/api/v1/offers/{offers[0].id}/formal-review").get_json()
    assert state["state"] == "corrected"
    accepted = flow.formal(offers[0].id)
    assert accepted["status"] == "accepted" and accepted["reviewed_version"] == 2


def test_attachments_stay_closed_unless_opened(flow, offers, api):
    _request_correction(flow, offers[0].id, fields=["contact.email"])
    upload = api(offers[0].user).post(
        f"/api/v1/offers/{offers[0].id}/attachments",
        data={"kind": "statut", "file": (__import__("io").BytesIO(b"%PDF-1.4\n%%EOF\n"), "statut.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 422 and "attachments" in upload.get_json()["fields"]


def test_nothing_is_taken_after_the_correction_window(flow, offers, db, api, after_deadline):
    ngo = api(offers[0].user)
    body = _request_correction(flow, offers[0].id)
    deadline = datetime.fromisoformat(body["correction_deadline"])
    # while the window is open the office waits
    early = flow.officer.put(
        f"/api/v1/offers/{offers[0].id}/formal-review",
        json={"outcome": "rejected", "checklist": flow.checklist(attachments=False), "reason": "Nie uzupełniono."},
    )
    assert early.status_code == 409 and early.get_json()["error"] == "correction_open"
    with freeze_time(deadline - timedelta(seconds=1)):
        assert (
            _patch(ngo, offers[0].id, contact={"name": "O", "phone": "1", "email": "a@b.example"}).status_code == 422
        )  # only contact.email is open; name and phone are not
    with freeze_time(deadline):
        late_patch = _patch(
            ngo,
            offers[0].id,
            contact={"name": "Olena Kowalczuk", "phone": "+48 600 100 200", "email": "late@geko.example"},
        )
        assert late_patch.status_code == 409 and late_patch.get_json()["error"] == "correction_closed"
        late_submit = ngo.post(f"/api/v1/offers/{offers[0].id}/submit")
        assert late_submit.status_code == 409 and late_submit.get_json()["error"] == "correction_closed"
        assert (
            db.session.scalar(db.select(db.func.count(OfferVersion.id)).where(OfferVersion.offer_id == offers[0].id))
            == 1
        )
        state = flow.officer.get(f"/api/v1/offers/{offers[0].id}/formal-review").get_json()
        assert state["state"] == "correction_lapsed"
        not_accepted = flow.officer.put(
            f"/api/v1/offers/{offers[0].id}/formal-review", json={"outcome": "accepted", "checklist": flow.checklist()}
        )
        assert not_accepted.status_code == 409 and not_accepted.get_json()["error"] == "correction_closed"
        flow.formal(
            offers[0].id,
            "rejected",
            checklist=flow.checklist(attachments=False),
            reason="Braki nie zostały uzupełnione w terminie.",
        )
    assert (
        db.session.scalar(db.select(FormalReview).where(FormalReview.offer_id == offers[0].id)).status
        == FormalStatus.rejected
    )


def test_explicit_correction_deadline(flow, offers):
    body = _request_correction(flow, offers[0].id, correction_deadline="2000-01-01", expect=422)
    assert "correction_deadline" in body["fields"]
    tomorrow = (datetime.now(WARSAW) + timedelta(days=3)).date()
    body = _request_correction(flow, offers[0].id, correction_deadline=tomorrow.isoformat())
    assert datetime.fromisoformat(body["correction_deadline"]) == datetime.combine(
        tomorrow + timedelta(days=1), datetime.min.time(), tzinfo=WARSAW
    )


# ---------------------------------------------------------------- the published list


def test_one_list_of_formal_outcomes_published_per_call(flow, offers, review_call, api):
    public_url = f"/api/v1/calls/{review_call.id}/formal-reviews/published"
    assert api().get(public_url).status_code == 404
    flow.formal(offers[0].id)
    _request_correction(flow, offers[1].id)
    flow.formal(
        offers[2].id,
        "rejected",
        checklist=flow.checklist(statutory_activity=False),
        reason="Działalność statutowa nie obejmuje integracji cudzoziemców.",
    )
    working = flow.officer.get(f"/api/v1/calls/{review_call.id}/formal-reviews").get_json()
    assert [i["state"] for i in working["items"]] == ["accepted", "correction_open", "rejected"]
    published = flow.officer.post(f"/api/v1/calls/{review_call.id}/formal-reviews/publish")
    assert published.status_code == 201 and published.get_json()["version"] == 1
    public = api().get(public_url).get_json()
    assert [i["status"] for i in public["items"]] == ["accepted", "correction_requested", "rejected"]
    assert public["items"][1]["defects"] and public["items"][2]["reason"]
    assert "control_code" not in public["items"][0]
    assert api(offers[0].user).post(f"/api/v1/calls/{review_call.id}/formal-reviews/publish").status_code == 403
