"""The review's PDFs from real data (issue 8): a member's evaluation card (a score sheet), the committee's
protocol and the results — who may ask for each (404 for anyone else, 409 where the object is not ready),
what the loaders hand the builders, and each rendered end to end with its key facts in the PDF's text."""

from types import SimpleNamespace

import pytest

from grants.documents.models import Document
from grants.documents.review_sources import load_committee_protocol, load_evaluation_card, load_results
from grants.errors import Conflict, NotFound
from grants.extensions import db
from grants.jobs.models import Job
from tests.documents.pdf import flat, pdf_text
from tests.review.helpers import full_sheet


def ask(client, kind, object_id):
    return client.post("/api/v1/documents", json={"kind": kind, "object_id": object_id})


def sheet_id(flow, user, offer_id) -> int:
    """The sheet's id as the API gives it to its member (GET my-score): the evaluation card's object_id."""
    response = flow.as_(user).get(f"/api/v1/offers/{offer_id}/my-score")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id"]


def rendered_text(client, body, run_jobs) -> str:
    run_jobs()
    status = client.get(f"/api/v1/documents/{body['job_id']}").get_json()
    assert status["status"] == "finished", status
    pdf = client.get(status["url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    return flat(pdf_text(pdf.data))


def refused(client, kind, object_id) -> tuple[int, str | None]:
    response = ask(client, kind, object_id)
    return response.status_code, response.get_json().get("error")


@pytest.fixture
def people(api, awarded, committee, officer, other_officer, ngo_user):
    """A client of everyone who asks in these tests, on the `awarded` call (results published)."""
    return SimpleNamespace(
        officer=api(officer),
        other_officer=api(other_officer),
        chair=awarded.flow.as_(committee.chair),
        m1=awarded.flow.as_(committee.m1),
        m2=awarded.flow.as_(committee.m2),
        expert=awarded.flow.as_(committee.expert),
        foreign=api(committee.foreign),
        ngo=api(ngo_user),
        anonymous=api(),
    )


# ---------------------------------------------------------------- the evaluation card


def test_evaluation_card_is_its_members_the_offices_and_the_chairs(awarded, committee, people, run_jobs):
    card = sheet_id(awarded.flow, committee.m1, awarded.full.id)
    mine = ask(people.m1, "evaluation_card", card)
    assert mine.status_code == 202, mine.get_json()
    # The office and the chair (declared impartial for the offer) get the very same document.
    for client in (people.officer, people.chair):
        again = ask(client, "evaluation_card", card)
        assert again.status_code == 202 and again.get_json()["job_id"] == mine.get_json()["job_id"]
    # Another member of the committee, the expert, another office, another office's evaluator, an NGO and
    # the public: not found, whatever the sheet's id says.
    for client in (people.m2, people.expert, people.other_officer, people.foreign, people.ngo, people.anonymous):
        assert refused(client, "evaluation_card", card) == (404, "not_found")
        assert client.get(f"/api/v1/documents/{mine.get_json()['job_id']}").status_code in (401, 404)
    assert refused(people.officer, "evaluation_card", 987654) == (404, "not_found")

    text = rendered_text(people.m1, mine.get_json(), run_jobs)
    assert "KARTA OCENY MERYTORYCZNEJ OFERTY" in text
    assert "Piotr Członek, członek komisji" in text and "przedstawiciel(ka) organu" in text
    assert "Kursy języka polskiego dla dorosłych cudzoziemców" in text
    assert "Stowarzyszenie Integracja nr 1" in text
    assert "Uzasadnienie: quality." in text and "Razem 100 79" in text  # 15/15/25/8/8/8 of 20/20/30/10/10/10
    assert "oświadczenie złożone" in text and "art. 15 ust. 2f" in text


def test_a_draft_sheet_has_no_card_and_the_chair_declares_first(flow, committee, offers, api, officer):
    flow.accept(offers[0])
    flow.appoint()
    flow.assign()
    flow.declare(committee.m1, offers[0].id)
    flow.score(committee.m1, offers[0].id, {**full_sheet(), "final": False})
    card = sheet_id(flow, committee.m1, offers[0].id)
    assert refused(flow.as_(committee.m1), "evaluation_card", card) == (409, "sheet_not_final")
    assert refused(api(officer), "evaluation_card", card) == (409, "sheet_not_final")
    flow.score(committee.m1, offers[0].id)  # final now
    assert ask(flow.as_(committee.m1), "evaluation_card", card).status_code == 202
    # KPA art. 24: the chair reads nobody's sheet of an offer before declaring impartiality for it.
    assert refused(flow.as_(committee.chair), "evaluation_card", card) == (409, "declaration_required")
    flow.declare(committee.chair, offers[0].id)
    assert ask(flow.as_(committee.chair), "evaluation_card", card).status_code == 202


def test_a_reopened_card_stays_readable_and_the_next_is_a_new_version(flow, committee, offers, run_jobs):
    flow.ready([offers[0]])
    flow.score(committee.m1, offers[0].id)
    card = sheet_id(flow, committee.m1, offers[0].id)
    first = ask(flow.as_(committee.m1), "evaluation_card", card).get_json()
    run_jobs()
    reopened = flow.as_(committee.chair).post(
        f"/api/v1/offers/{offers[0].id}/scores/{committee.m1.id}/reopen", json={"reason": "Literówka w punktach."}
    )
    assert reopened.status_code == 200, reopened.get_json()
    # The card already made is still the member's to read; a new one waits for the sheet to be final again.
    assert flow.as_(committee.m1).get(f"/api/v1/documents/{first['job_id']}").get_json()["status"] == "finished"
    assert refused(flow.as_(committee.m1), "evaluation_card", card) == (409, "sheet_not_final")
    flow.score(committee.m1, offers[0].id, full_sheet(quality=20))
    second = ask(flow.as_(committee.m1), "evaluation_card", card).get_json()
    assert second["job_id"] != first["job_id"] and second["object_version"] != first["object_version"]


def test_evaluation_card_source_marks_the_experts_advisory_vote(flow, committee, offers, app):
    flow.ready([offers[0]])
    flow.score(committee.expert, offers[0].id)
    card = sheet_id(flow, committee.expert, offers[0].id)
    data = load_evaluation_card(card, committee.expert).data
    assert data["member"] == {"full_name": "Helena Ekspertka", "role": "expert", "nominated_by": None}
    assert data["declaration"]["impartial"] is True and data["declaration"]["declared_at"]
    assert [c["points"] for c in data["criteria"]] == [15, 15, 25, 8, 8, 8]
    assert data["offer"]["control_code"] and data["offer"]["version"] == 1
    with pytest.raises(NotFound):
        load_evaluation_card(card, committee.m1)


# ---------------------------------------------------------------- the committee's protocol


def test_protocol_is_the_offices_and_the_chairs(awarded, committee, people, run_jobs):
    call_id = awarded.call.id
    record = people.officer.put(
        f"/api/v1/calls/{call_id}/committee/record",
        json={
            "act_number": "0050.27.2026",
            "act_date": "2026-11-02",
            "meeting_date": "2026-11-20",
            "meeting_place": "Ratusz, sala 12",
            "minute_taker": "Katarzyna Protokolantka",
        },
    )
    assert record.status_code == 200, record.get_json()
    first = ask(people.officer, "committee_protocol", call_id)
    assert first.status_code == 202, first.get_json()
    chair = ask(people.chair, "committee_protocol", call_id)
    assert chair.status_code == 202 and chair.get_json()["job_id"] == first.get_json()["job_id"]
    for client in (people.m1, people.expert, people.other_officer, people.foreign, people.ngo, people.anonymous):
        assert refused(client, "committee_protocol", call_id) == (404, "not_found")

    text = rendered_text(people.officer, first.get_json(), run_jobs)
    assert "PROTOKÓŁ Z PRAC KOMISJI KONKURSOWEJ" in text
    assert "zarządzeniem nr 0050.27.2026 z dnia 2 listopada 2026 r." in text
    assert "20 listopada 2026 r." in text and "Ratusz, sala 12" in text
    for name in ("Maria Przewodnicząca", "Piotr Członek", "Zofia Członkini", "Helena Ekspertka"):
        assert name in text
    assert "ekspert z głosem doradczym" in text and "o bezstronności" in text
    assert "spełnia wymogi formalne" in text
    assert "79" in text and "17 020,00 zł" in text and "12 000,00 zł" in text
    assert "Wyczerpanie środków." in text  # the decision's reason for the offer not funded
    assert "Protokół sporządził(a): Katarzyna Protokolantka" in text


def test_protocol_needs_a_committee(flow, api, officer):
    assert refused(api(officer), "committee_protocol", flow.call.id) == (409, "no_committee")
    assert refused(api(officer), "committee_protocol", 987654) == (404, "not_found")


def test_protocol_source_has_affiliations_declarations_formal_results_and_the_ranking(
    flow, committee, offers, submit, make_org, officer, app
):
    late = submit(name="Klub Sportowy Odra")
    uninvolved = make_org("Fundacja Wspólny Dom")
    flow.formal(late.id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Podmiot nieuprawniony.")
    flow.ready(
        offers[:2],
        [
            {"user_id": committee.chair.id, "role": "chair"},
            {"user_id": committee.m1.id, "role": "member"},
            {"user_id": committee.m2.id, "role": "member", "nominated_by_organization_id": uninvolved.id},
            {"user_id": committee.expert.id, "role": "expert"},
        ],
    )
    flow.declare(committee.m2, offers[1].id, impartial=False, reason="Członkini zarządu oferenta.")
    for user in (committee.chair, committee.m1):
        flow.score(user, offers[0].id, full_sheet())
        flow.score(user, offers[1].id, full_sheet(quality=10))

    data = load_committee_protocol(flow.call.id, officer).data
    assert [(m["full_name"], m["role"], m["nominated_by"]) for m in data["members"]] == [
        ("Maria Przewodnicząca", "chair", None),
        ("Piotr Członek", "member", None),
        ("Zofia Członkini", "member", "Fundacja Wspólny Dom"),
        ("Helena Ekspertka", "expert", None),
    ]
    # Every declaration with its date, the chair's first; the conflict with its reason and offer.
    assert data["declarations"][0]["member"] == "Maria Przewodnicząca"
    conflicts = [d for d in data["declarations"] if not d["impartial"]]
    assert [(d["member"], d["offer"].split(" — ")[0], d["reason"]) for d in conflicts] == [
        ("Zofia Członkini", f"nr {offers[1].id}", "Członkini zarządu oferenta.")
    ]
    assert all(d["declared_at"] for d in data["declarations"])
    formal = {row["number"]: row for row in data["offers"]}
    assert formal[late.id]["formal"] == "rejected" and formal[late.id]["formal_reason"] == "Podmiot nieuprawniony."
    assert formal[offers[0].id]["formal"] == "accepted" and formal[offers[2].id]["formal"] == "pending"
    assert [(r["number"], r["rank"], r["score"]) for r in data["ranking"]] == [
        (offers[0].id, 1, 79),
        (offers[1].id, 2, 64),
    ]
    assert data["ranking"][0]["proposed_amount"] == "17020.00" and data["ranking"][0]["decision_amount"] is None
    assert data["decision"] is None and data["appointment"] == {"act_number": None, "act_date": None}
    # The chair's view of it is the same document; an ordinary member has none.
    assert load_committee_protocol(flow.call.id, committee.chair).data == data
    with pytest.raises(NotFound):
        load_committee_protocol(flow.call.id, committee.m1)


# ---------------------------------------------------------------- the results


def test_published_results_are_anyones(awarded, people, run_jobs):
    call_id = awarded.call.id
    public = ask(people.anonymous, "results", call_id)
    assert public.status_code == 202, public.get_json()
    for client in (people.officer, people.other_officer, people.m1, people.ngo):
        again = ask(client, "results", call_id)
        assert again.status_code == 202 and again.get_json()["job_id"] == public.get_json()["job_id"]
    text = rendered_text(people.anonymous, public.get_json(), run_jobs)
    assert "WYNIKI OTWARTEGO KONKURSU OFERT" in text and "PROJEKT" not in text
    assert "Stowarzyszenie Integracja nr 1" in text and "17 020,00 zł" in text
    assert "Stowarzyszenie Integracja nr 2" in text and "12 000,00 zł" in text
    assert "Oferty, którym nie przyznano dotacji" in text and "Wyczerpanie środków." in text
    assert "Biuletyn Informacji Publicznej" in text and "tablica ogłoszeń urzędu" in text
    assert "29 020,00 zł" in text  # the total granted


def test_results_before_publication_are_the_offices_draft(flow, committee, offers, people_before, run_jobs):
    call_id = flow.call.id
    assert refused(people_before.officer, "results", call_id) == (409, "no_decision")
    flow.ready(offers[:1])
    for user in (committee.chair, committee.m1):
        flow.score(user, offers[0].id)
    decided = flow.officer.post(
        f"/api/v1/calls/{call_id}/decision", json={"awards": [{"offer_id": offers[0].id, "amount": "15000.00"}]}
    )
    assert decided.status_code == 201, decided.get_json()
    for client in (people_before.anonymous, people_before.other_officer, people_before.chair, people_before.ngo):
        assert refused(client, "results", call_id) == (404, "not_found")
    draft = ask(people_before.officer, "results", call_id)
    assert draft.status_code == 202
    text = rendered_text(people_before.officer, draft.get_json(), run_jobs)
    assert "PROJEKT" in text and "15 000,00 zł" in text and "nie zostały jeszcze ogłoszone" in text

    published = flow.officer.post(f"/api/v1/calls/{call_id}/results/publish")
    assert published.status_code == 200, published.get_json()
    public = ask(people_before.anonymous, "results", call_id).get_json()
    assert public["job_id"] != draft.get_json()["job_id"]
    # The draft stays the office's, even now that the results are public.
    assert people_before.anonymous.get(f"/api/v1/documents/{draft.get_json()['job_id']}").status_code == 404
    assert people_before.officer.get(f"/api/v1/documents/{draft.get_json()['job_id']}").status_code == 200


@pytest.fixture
def people_before(api, flow, committee, officer, other_officer, ngo_user):
    return SimpleNamespace(
        officer=api(officer),
        other_officer=api(other_officer),
        chair=flow.as_(committee.chair),
        ngo=api(ngo_user),
        anonymous=api(),
    )


def test_results_source_is_the_frozen_publication(awarded, app):
    data = load_results(awarded.call.id, None).data
    assert data["draft"] is False and set(data["channels"]) == {"bip", "noticeboard", "website"}
    assert [(i["amount"]) for i in data["items"]] == ["17020.00", "12000.00"]
    assert [(i["reason"]) for i in data["not_awarded"]] == ["Wyczerpanie środków."]
    assert data["decision_version"] == 1 and data["published_at"]


def test_the_public_results_link_finds_the_same_document_and_never_retries(awarded, client, run_jobs, monkeypatch):
    from grants.documents import render
    from grants.jobs.runner import run_job

    url = f"/documents/calls/{awarded.call.id}/results"
    first = client.get(url)
    assert first.status_code == 303
    assert client.get(url).headers["Location"] == first.headers["Location"]
    job_id = int(first.headers["Location"].rstrip("/").split("/")[-1])
    monkeypatch.setattr(render, "render_document", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    run_jobs()
    job = db.session.get(Job, job_id)
    for _ in range(job.max_attempts - 1):
        run_job(job_id)
    assert client.get(first.headers["Location"]).status_code == 200
    attempts = db.session.get(Job, job_id).attempts
    for _ in range(5):
        assert client.get(url).headers["Location"] == first.headers["Location"]
    assert run_jobs() == [] and db.session.get(Job, job_id).attempts == attempts  # following a link never re-renders
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 1


def test_the_results_link_before_publication(flow, client, api, officer):
    assert client.get(f"/documents/calls/{flow.call.id}/results").status_code == 404
    assert client.get("/documents/calls/987654/results").status_code == 404
    assert client.get("/documents/calls/987654/announcement").status_code == 404


def test_loader_refusals_are_domain_errors(flow, officer, app):
    with pytest.raises(Conflict) as no_decision:
        load_results(flow.call.id, officer)
    assert no_decision.value.code == "no_decision"
    with pytest.raises(NotFound):
        load_results(flow.call.id, None)
