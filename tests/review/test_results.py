"""The decision (versions, amounts, the budget), the results (art. 15 ust. 2h: three channels at once,
hidden before, CSV / XLSX / 360Giving with formula guards and org-id identifiers, e-mail to every offeror),
cancellation without a valid offer (art. 18a) and requests for justification (art. 15 ust. 2i)."""

import csv
import io
from datetime import datetime, timedelta

from freezegun import freeze_time
from openpyxl import load_workbook

from grants.audit.models import AuditEntry
from grants.calls.models import Call, CallStatus
from grants.clock import WARSAW
from grants.mail import OutboundMail
from grants.review.models import Decision
from tests.review.helpers import full_sheet


def _scored(flow, committee, offers, points=None):
    """Every offer accepted, scored by the chair and both members (79 points unless `points` says)."""
    flow.ready(offers)
    for index, offer in enumerate(offers):
        for user in (committee.chair, committee.m1, committee.m2):
            flow.score(user, offer.id, full_sheet(**(points[index] if points else {})))


def _decide(flow, awards, expect=201, **extra):
    response = flow.officer.post(f"/api/v1/calls/{flow.call.id}/decision", json={"awards": awards, **extra})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _publish(flow, expect=200, **body):
    response = flow.officer.post(f"/api/v1/calls/{flow.call.id}/results/publish", json=body or None)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


# ---------------------------------------------------------------- decision


def test_decision_rules_and_versions(flow, committee, offers, submit, db):
    late = submit()  # formally rejected below: not before the committee, not fundable
    _scored(flow, committee, offers)
    flow.formal(late.id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Podmiot nieuprawniony.")
    a, b, c = (o.id for o in offers)
    over = _decide(
        flow,
        [
            {"offer_id": a, "amount": "17020.01"},
            {"offer_id": b, "amount": "0"},
            {"offer_id": late.id, "amount": "100.00"},
            {"offer_id": a, "amount": "1.00"},
            {"offer_id": c},
        ],
        expect=422,
    )
    assert {"awards.0.amount", "awards.1.amount", "awards.2.offer_id", "awards.3.offer_id", "awards.4.amount"} <= set(
        over["fields"]
    )
    budget = _decide(
        flow,
        [
            {"offer_id": a, "amount": "17020.00"},
            {"offer_id": b, "amount": "17020.00"},
            {"offer_id": c, "amount": "6000.00"},
        ],
        expect=409,
    )
    assert budget["error"] == "over_budget"  # 40 040,00 > 40 000,00
    first = _decide(
        flow,
        [{"offer_id": a, "amount": "17020.00"}, {"offer_id": b, "amount": "17020.00"}],
        not_funded=[{"offer_id": c, "reason": "Wyczerpanie środków."}],
    )
    assert first["version"] == 1 and first["total"] == "34040.00" and first["remaining"] == "5960.00"
    assert [n["reason"] for n in first["not_funded"]] == ["Wyczerpanie środków."]
    second = _decide(flow, [{"offer_id": a, "amount": "17020.00"}, {"offer_id": c, "amount": "12000.50"}])
    assert second["version"] == 2 and [x["offer_id"] for x in second["not_funded"]] == [b]
    latest = flow.officer.get(f"/api/v1/calls/{flow.call.id}/decision").get_json()
    assert latest["version"] == 2 and [v["version"] for v in latest["versions"]] == [1, 2]
    # versions are kept, never edited
    assert db.session.get(Decision, first["id"]).total == 34040
    assert [e.action for e in db.session.scalars(db.select(AuditEntry))].count("decision.create") == 2


def test_offers_below_the_threshold_cannot_be_funded(flow, committee, offers):
    _scored(flow, committee, offers, points=[{}, {}, {"quality": 0, "ability": 0, "costs": 0}])
    body = _decide(flow, [{"offer_id": offers[2].id, "amount": "1000.00"}], expect=422)
    assert "awards.0.offer_id" in body["fields"]


def test_the_decision_is_the_offices(flow, committee, offers, api, other_officer):
    _scored(flow, committee, offers)
    url = f"/api/v1/calls/{flow.call.id}/decision"
    assert api(committee.chair).post(url, json={"awards": []}).status_code == 403
    assert api(other_officer).post(url, json={"awards": []}).status_code == 404
    assert api(offers[0].user).post(url, json={"awards": []}).status_code == 403


# ---------------------------------------------------------------- results


def test_results_hidden_until_published_then_everywhere(flow, committee, submit, api, db, run_jobs):
    offers = [
        submit(name='=HYPERLINK("http://evil.example","Kliknij")', krs="0000123456"),
        submit(name="Fundacja Bez KRS", krs=None, nip="5252248481"),
        submit(name="@Stowarzyszenie Małpa"),
    ]
    _scored(flow, committee, offers, points=[{"quality": 30}, {"quality": 28}, {"quality": 10}])
    call_id = flow.call.id
    urls = [f"/api/v1/calls/{call_id}/results{suffix}" for suffix in ("", ".csv", ".xlsx", ".360giving.json")]
    _decide(flow, [{"offer_id": offers[0].id, "amount": "17020.00"}, {"offer_id": offers[1].id, "amount": "15000.00"}])
    for url in urls:
        assert api().get(url).status_code == 404, url
        assert flow.officer.get(url).status_code == 404, url
    assert "error" in _publish(flow, expect=422, publications=[{"channel": "bip", "published_at": "2026-01-01"}])
    before = db.session.scalar(db.select(db.func.coalesce(db.func.max(OutboundMail.id), 0)))  # ids are not 1..n
    body = _publish(flow)
    assert body["status"] == "resolved" and set(body["channels"]) == {"bip", "noticeboard", "website"}
    assert db.session.get(Call, call_id).status == CallStatus.resolved
    # art. 15 ust. 2h: organisation, task, amount — and the points
    public = api().get(urls[0]).get_json()
    assert [(i["organization"], i["amount"], i["score"]) for i in public["items"]] == [
        ('=HYPERLINK("http://evil.example","Kliknij")', "17020.00", 84),
        ("Fundacja Bez KRS", "15000.00", 82),
        ("@Stowarzyszenie Małpa", "0.00", 64),
    ]
    assert public["items"][0]["task_title"] == "Kursy języka polskiego dla dorosłych cudzoziemców"
    # every offeror is told its outcome
    mails = db.session.scalars(db.select(OutboundMail).where(OutboundMail.id > before)).all()
    assert len(mails) == 6  # three organisations, and the three people who submitted
    assert any("15\u00a0000,00" in m.body and "art. 15 ust. 2i" in m.body for m in mails)
    assert any("nie otrzymała dotacji" in m.body for m in mails)
    # CSV: BOM, semicolons, formula guard
    raw = api().get(urls[1]).data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Organizacja" and len(rows) == 4
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Kliknij")' and rows[1][2] == "17020,00"
    assert rows[3][0] == "'@Stowarzyszenie Małpa" and rows[2][0] == "Fundacja Bez KRS"
    # XLSX: names stay strings, never formulas
    sheet = load_workbook(io.BytesIO(api().get(urls[2]).data)).active
    assert sheet["A2"].value.startswith("=HYPERLINK") and sheet["A2"].data_type == "s"
    assert sheet["A4"].data_type == "s" and float(sheet["C2"].value) == 17020.0
    # 360Giving: funded grants only, org-id identifiers
    giving = api().get(urls[3]).get_json()["grants"]
    assert [g["recipientOrganization"][0]["id"] for g in giving] == ["PL-KRS-0000123456", "PL-NIP-5252248481"]
    assert giving[1]["amountAwarded"] == 15000.0 and giving[0]["currency"] == "PLN"
    assert giving[0]["awardDate"] == datetime.now(WARSAW).date().isoformat()
    assert giving[0]["fundingOrganization"][0]["id"] == "360G-OKO-opole-cdo"
    assert {
        "id",
        "title",
        "description",
        "currency",
        "amountAwarded",
        "awardDate",
        "recipientOrganization",
        "fundingOrganization",
    } <= set(giving[0])
    # published once
    assert _publish(flow, expect=409)["error"] == "results_published"
    assert _decide(flow, [], expect=409)["error"] == "results_published"


def test_publication_needs_a_current_decision(flow, committee, offers, submit):
    _scored(flow, committee, offers[:2])
    assert _publish(flow, expect=409)["error"] == "no_decision"
    _decide(flow, [{"offer_id": offers[0].id, "amount": "10000.00"}])
    # a score reopened and changed after the decision: the decision must be made again
    flow.as_(committee.chair).post(
        f"/api/v1/offers/{offers[0].id}/scores/{committee.m1.id}/reopen", json={"reason": "Błąd w kryterium kosztów."}
    )
    flow.score(committee.m1, offers[0].id, full_sheet(costs=20))
    assert _publish(flow, expect=409)["error"] == "decision_stale"
    _decide(flow, [{"offer_id": offers[0].id, "amount": "10000.00"}])
    flow.accept(offers[2])  # accepted after the decision: the decision must be made again
    assert _publish(flow, expect=409)["error"] == "decision_stale"


def test_cancellation_when_no_offer_is_valid(flow, committee, offers, db):
    _scored(flow, committee, offers[:1])
    for offer in offers[1:]:
        flow.formal(offer.id, "rejected", checklist=flow.checklist(correct_form=False), reason="Zły formularz.")
    refused = _publish(flow, expect=409, cancel=True, reason="Brak ważnych ofert.")
    assert refused["error"] == "valid_offers_exist"
    flow.formal(offers[0].id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Nieuprawniony.")
    body = _publish(flow, cancel=True, reason="Żadna oferta nie spełniła wymogów ogłoszenia (art. 18a).")
    assert body["status"] == "cancelled"
    assert db.session.get(Call, flow.call.id).status == CallStatus.cancelled
    assert (
        db.session.scalar(db.select(db.func.count(OutboundMail.id)).where(OutboundMail.subject.like("Unieważnienie%")))
        == 6
    )


def test_a_call_without_offers_can_be_cancelled_after_its_deadline(flow):
    assert _publish(flow, cancel=True, reason="Nie złożono żadnej oferty.")["status"] == "cancelled"


# ---------------------------------------------------------------- justification (art. 15 ust. 2i)


def test_justification_requests_within_30_days(flow, committee, offers, api, db):
    _scored(flow, committee, offers[:1])
    url = f"/api/v1/calls/{flow.call.id}/justification-requests"
    request = {
        "requester": "Jan Kowalski",
        "email": "jan@example.org",
        "offer_id": offers[0].id,
        "text": "Proszę o uzasadnienie przyznania dotacji.",
    }
    early = api().post(url, json=request)
    assert early.status_code == 409 and early.get_json()["error"] == "results_not_published"
    _decide(flow, [{"offer_id": offers[0].id, "amount": "17020.00"}])
    published = datetime.fromisoformat(_publish(flow)["published_at"])
    invalid = api().post(url, json={"requester": "", "email": "nie-email", "text": "", "offer_id": 99999})
    assert invalid.status_code == 422
    assert {"requester", "email", "text", "offer_id"} <= set(invalid.get_json()["fields"])
    created = api().post(url, json=request)
    assert created.status_code == 201 and created.get_json()["status"] == "open"
    # the 30 days start the day after the publication and end with the 30th day (or the next working day)
    day_30 = (published.astimezone(WARSAW) + timedelta(days=30)).date()
    with freeze_time(datetime.combine(day_30, datetime.min.time(), tzinfo=WARSAW) + timedelta(hours=23)):
        assert api().post(url, json=request).status_code == 201
    with freeze_time(published + timedelta(days=45)):
        late = api().post(url, json=request)
        assert late.status_code == 409 and late.get_json()["error"] == "justification_closed"
    listing = flow.officer.get(url).get_json()
    assert len(listing) == 2 and listing[0]["requester"] == "Jan Kowalski"
    answer_url = f"{url}/{listing[0]['id']}/answer"
    assert "answer" in flow.officer.post(answer_url, json={}).get_json()["fields"]
    answered = flow.officer.post(answer_url, json={"answer": "Oferta uzyskała 79 pkt, najwięcej w konkursie."})
    assert answered.status_code == 200 and answered.get_json()["status"] == "answered"
    assert flow.officer.post(answer_url, json={"answer": "x"}).get_json()["error"] == "already_answered"
    assert (
        db.session.scalar(
            db.select(OutboundMail).where(
                OutboundMail.recipient == "jan@example.org", OutboundMail.subject.like("Uzasadnienie%")
            )
        )
        is not None
    )
    assert api(offers[0].user).post(answer_url, json={"answer": "x"}).status_code == 403
