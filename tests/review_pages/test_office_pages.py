"""The office's review pages: the desk (formal check), the committee, the ranking with the decision, the
results and the art. 18a cancellation, the justification requests; and their refusals."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from grants.audit.log import entries_for
from grants.calls.models import CallStatus
from grants.extensions import db
from grants.review import queries
from grants.review.models import FormalStatus, JustificationRequest
from tests.review.helpers import CODES
from tests.review_pages.helpers import scored
from tests.web.pages import element, errors_at, flashes, form_data, parse, summary_links, text, value_of


def call_actions(call_id: int) -> list[str]:
    return [entry.action for entry in entries_for("call", call_id)]


def offer_actions(offer_id: int) -> list[str]:
    return [entry.action for entry in entries_for("offer", offer_id)]


def checklist_form(**overrides) -> dict:
    data = {f"checklist.{code}": "1" for code in CODES}
    for code, met in overrides.items():
        if not met:
            data.pop(f"checklist.{code}")
    return data


# ---------------------------------------------------------------- access


@pytest.fixture
def office_urls(flow, offers):
    call = flow.call
    return [
        ("get", f"/office/calls/{call.id}/review"),
        ("get", f"/office/calls/{call.id}/review/offers/{offers[0].id}"),
        ("post", f"/office/calls/{call.id}/review/offers/{offers[0].id}"),
        ("post", f"/office/calls/{call.id}/review/checklist"),
        ("post", f"/office/calls/{call.id}/review/formal-list"),
        ("get", f"/office/calls/{call.id}/committee"),
        ("post", f"/office/calls/{call.id}/committee"),
        ("post", f"/office/calls/{call.id}/committee/assignments"),
        ("post", f"/office/calls/{call.id}/committee/settings"),
        ("post", f"/office/calls/{call.id}/decision"),
        ("post", f"/office/calls/{call.id}/results/publish"),
        ("post", f"/office/calls/{call.id}/cancel-no-valid-offers"),
        ("get", f"/office/calls/{call.id}/justifications"),
    ]


def test_office_pages_refuse_anonymous_other_roles_and_other_offices(
    web, client, office_urls, flow, ngo_user, evaluator, other_officer
):
    ngo, judge, stranger = web(ngo_user), web(evaluator), web(other_officer)
    for method, url in office_urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
        assert getattr(ngo, method)(url).status_code == 403, url
        assert getattr(judge, method)(url).status_code == 403, url
        assert getattr(stranger, method)(url).status_code == 404, url
    assert not any(
        a.startswith(("formal_review", "committee", "decision", "results")) for a in call_actions(flow.call.id)
    )


def test_the_call_page_links_to_the_review(web, officer, flow):
    response = web(officer).get(f"/office/calls/{flow.call.id}")
    links = parse(response).xpath('//a[normalize-space()="Ocena ofert"]/@href')
    assert links == [f"/office/calls/{flow.call.id}/review"]


# ---------------------------------------------------------------- the desk and the formal check


def test_desk_lists_offers_and_the_default_checklist(web, officer, flow, offers):
    response = web(officer).get(f"/office/calls/{flow.call.id}/review")
    assert response.status_code == 200
    assert len(parse(response).xpath('//table[@id="formal-list"]/tbody/tr')) == 3
    assert value_of(response, "f-items-0-code") == "on_time"


def test_checklist_is_configured_from_the_page(web, officer, flow, offers):
    client = web(officer)
    page = client.get(f"/office/calls/{flow.call.id}/review")
    data = form_data(page, "/checklist")
    data["items.7.code"], data["items.7.label"] = "budget_table", "Kosztorys zgodny z wzorem"
    data["items.7.correctable"] = "1"
    assert client.post(f"/office/calls/{flow.call.id}/review/checklist", data=data).status_code == 302
    assert [i.code for i in queries.checklist_for(flow.call)][-1] == "budget_table"
    assert "call.formal_checklist" in call_actions(flow.call.id)
    data["items.7.code"] = "Zły Kod"
    response = client.post(f"/office/calls/{flow.call.id}/review/checklist", data=data)
    assert response.status_code == 422
    assert errors_at(response, "f-items-7-code")
    assert value_of(response, "f-items-7-code") == "Zły Kod"


def test_accepting_an_offer_from_its_form(web, officer, flow, offers):
    client = web(officer)
    url = f"/office/calls/{flow.call.id}/review/offers/{offers[0].id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "dni robocze" in text(page) and element(page, "computed-deadline") is not None
    # the form as shown: every item OKO knows is prefilled; the confirmation is the officer's override
    data = {**form_data(page), **checklist_form(), "outcome": "accepted", "override_note": "Wpłynęło pocztą."}
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert queries.formal_status(offers[0].id) == FormalStatus.accepted
    assert "formal_review.accepted" in offer_actions(offers[0].id)
    assert flow.call.status == CallStatus.under_review


def test_rejection_needs_a_reason_and_keeps_what_was_typed(web, officer, flow, offers):
    client = web(officer)
    url = f"/office/calls/{flow.call.id}/review/offers/{offers[0].id}"
    response = client.post(url, data={**checklist_form(on_time=False), "outcome": "rejected", "reason": ""})
    assert response.status_code == 422
    assert errors_at(response, "f-reason")
    assert "#f-reason" in summary_links(response)
    assert not element(response, "f-checklist-on_time").get("checked")
    assert element(response, "f-outcome-rejected").get("checked") is not None
    assert queries.formal_status(offers[0].id) is None


def test_correction_request_shows_to_the_ngo_and_closes_with_its_window(web, officer, flow, offers, after_deadline):
    client = web(officer)
    url = f"/office/calls/{flow.call.id}/review/offers/{offers[0].id}"
    response = client.post(
        url,
        data={
            **checklist_form(attachments=False),
            "override_note": "Potwierdzenie wpłynęło pocztą.",
            "outcome": "correction_requested",
            "defects": "Brak statutu.\r\nBrak podpisu skarbnika.",
            "fields": ["attachments", "statements"],
            "correction_deadline": "",
        },
    )
    assert response.status_code == 302, text(response)[:500]
    review = queries.formal_review_of(offers[0].id)
    assert review.status == FormalStatus.correction_requested and review.defects == [
        "Brak statutu.",
        "Brak podpisu skarbnika.",
    ]
    assert "formal_review.correction_requested" in offer_actions(offers[0].id)
    # The NGO sees the defects, the fields and the deadline on its offer's page.
    ngo_page = web(offers[0].user).get(f"/ngo/offers/{offers[0].id}/summary")
    box = " ".join(element(ngo_page, "correction-request").text_content().split())
    assert "Brak statutu." in box and "Brak podpisu skarbnika." in box and "przed" in box
    # After the window the offer may only be rejected.
    with freeze_time(review.correction_deadline + timedelta(hours=1)):
        late = web(offers[0].user).post(f"/ngo/offers/{offers[0].id}/submit")  # the NGO is too late
        assert late.status_code == 409
        client = web(officer)  # a session of the later day
        response = client.post(url, data={**checklist_form(), "outcome": "accepted", "override_note": "Wpłynęło."})
        assert response.status_code == 409
        assert "nie została poprawiona w terminie" in text(response)
        assert queries.formal_status(offers[0].id) == FormalStatus.correction_requested
        assert "nie uzupełniona w terminie" in text(client.get(f"/office/calls/{flow.call.id}/review"))


def test_correction_needs_defects_and_fields(web, officer, flow, offers):
    url = f"/office/calls/{flow.call.id}/review/offers/{offers[0].id}"
    response = web(officer).post(
        url,
        data={
            **checklist_form(attachments=False),
            "outcome": "correction_requested",
            "defects": "",
            "correction_deadline": "",
        },
    )
    assert response.status_code == 422
    assert errors_at(response, "f-defects") and errors_at(response, "f-fields")


def test_publishing_the_formal_list(web, officer, flow, offers):
    flow.accept(offers[0])
    response = web(officer).post(f"/office/calls/{flow.call.id}/review/formal-list", follow_redirects=True)
    assert response.status_code == 200
    assert flashes(response, "success")
    assert queries.latest_formal_list(flow.call.id).version == 1
    assert "call.formal_list_publish" in call_actions(flow.call.id)


# ---------------------------------------------------------------- the committee


def committee_form(c, **overrides) -> dict:
    data = {f"member-{u.id}-role": "" for u in (c.chair, c.m1, c.m2, c.m3, c.expert)}
    data.update(
        {
            f"member-{c.chair.id}-role": "chair",
            f"member-{c.m1.id}-role": "member",
            f"member-{c.m2.id}-role": "member",
            f"member-{c.expert.id}-role": "expert",
        }
    )
    data.update(overrides)
    return data


def test_appointing_the_committee_and_the_nominee_refusal(web, officer, flow, offers):
    c = flow.c
    client = web(officer)
    page = client.get(f"/office/calls/{flow.call.id}/committee")
    assert page.status_code == 200
    names = text(page)
    assert c.m3.full_name in names and c.foreign.full_name not in names  # only this office's evaluators
    # A person nominated by an organisation with an offer in the call may not sit (art. 15 ust. 2d).
    bad = committee_form(
        c,
        **{f"member-{c.m3.id}-role": "member", f"member-{c.m3.id}-nominated_by_organization_id": str(offers[0].org_id)},
    )
    response = client.post(f"/office/calls/{flow.call.id}/committee", data=bad)
    assert response.status_code == 422
    assert "art. 15 ust. 2d" in " ".join(errors_at(response, f"f-member-{c.m3.id}-nominated_by_organization_id"))
    assert value_of(response, f"f-member-{c.m3.id}-role") == "member"
    assert queries.committee_of(flow.call) == []
    response = client.post(f"/office/calls/{flow.call.id}/committee", data=committee_form(c))
    assert response.status_code == 302
    assert [m.user_id for m in queries.committee_of(flow.call)] == [c.chair.id, c.m1.id, c.m2.id, c.expert.id]
    assert "committee.appoint" in call_actions(flow.call.id)
    # No chair → refused at the form.
    response = client.post(
        f"/office/calls/{flow.call.id}/committee", data=committee_form(c, **{f"member-{c.chair.id}-role": "member"})
    )
    assert response.status_code == 422 and "przewodnicz" in text(response)


def test_assignment_and_the_declarations_table(web, officer, flow, offers):
    flow.accept(offers[0], offers[1])
    flow.appoint()
    client = web(officer)
    response = client.post(
        f"/office/calls/{flow.call.id}/committee/assignments",
        data={"mode": "balanced", "per_offer": "2", "max_per_member": ""},
        follow_redirects=True,
    )
    assert response.status_code == 200
    rows = parse(response).xpath('//table[@id="assignments"]/tbody/tr')
    assert len(rows) == 2
    assert [row.xpath("./td")[-1].text_content().strip() for row in rows] == ["2", "2"]
    assert "committee.assign" in call_actions(flow.call.id)
    assert parse(response).xpath('//table[@id="declarations"]')
    response = client.post(
        f"/office/calls/{flow.call.id}/committee/assignments", data={"mode": "balanced", "per_offer": "9"}
    )
    assert response.status_code == 422 and errors_at(response, "f-per_offer")
    assert value_of(response, "f-per_offer") == "9"


def test_review_settings(web, officer, review_call):
    url = f"/office/calls/{review_call.id}/committee/settings"
    with freeze_time(review_call.submission_deadline - timedelta(days=1)):  # the rules change until the deadline
        client = web(officer)
        response = client.post(
            url,
            data={
                "allow_half_points": "1",
                "tie_break-0": "criterion:quality",
                "tie_break-1": "",
                "tie_break-2": "lower_requested",
                "reason": "Uzgodnione z komisją.",
            },
        )
        assert response.status_code == 302
        assert review_call.allow_half_points is True
        assert review_call.tie_break == [["criterion", "quality"], ["lower_requested"]]
        assert "call.review_settings" in call_actions(review_call.id)
        response = client.post(url, data={"tie_break-0": "criterion:nope", "reason": "x"})
        assert response.status_code == 422 and errors_at(response, "f-tie_break-0")


# ---------------------------------------------------------------- ranking, decision, results


@pytest.fixture
def ranked(flow, offers):
    flow.ready(offers[:2])
    scored(flow, offers[:2], users=(flow.c.chair, flow.c.m1, flow.c.m2))
    return offers


def test_ranking_for_the_officer_and_the_chair_only(web, officer, flow, ranked, other_officer, ngo_user, client):
    url = f"/review/calls/{flow.call.id}/ranking"
    response = web(officer).get(url)
    assert response.status_code == 200
    assert len(parse(response).xpath('//table[@id="ranking"]/tbody/tr')) == 2
    assert "Wskaźniki pomocnicze (tylko informacyjnie)" in text(response)
    assert parse(response).xpath('//a[@id="decision-link"]/@href') == [f"/office/calls/{flow.call.id}/decision"]
    decision_page = web(officer).get(f"/office/calls/{flow.call.id}/decision")
    assert value_of(decision_page, f"f-amount-{ranked[0].id}") == "17020,00"  # the proposed amount
    chair = web(flow.c.chair).get(url)
    assert chair.status_code == 200 and not parse(chair).xpath('//a[@id="decision-link"]')
    assert web(flow.c.chair).get(f"/office/calls/{flow.call.id}/decision").status_code == 403
    assert web(flow.c.m1).get(url).status_code == 403
    assert web(ngo_user).get(url).status_code == 403
    assert web(other_officer).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_over_budget_decision_is_409_with_the_amounts_kept(web, officer, flow, offers):
    flow.ready(offers)
    scored(flow, offers, users=(flow.c.chair, flow.c.m1, flow.c.m2))
    client = web(officer)
    data = {f"amount-{o.id}": "17 020,00" for o in offers}
    data.update({f"reason-{o.id}": "" for o in offers})
    response = client.post(f"/office/calls/{flow.call.id}/decision", data=data)
    assert response.status_code == 409
    assert "przekracza" in " ".join(errors_at(response, "f-total"))
    assert "#f-total" in summary_links(response)
    assert all(value_of(response, f"f-amount-{o.id}") == "17 020,00" for o in offers)
    assert queries.latest_decision(flow.call) is None


def test_decision_publication_and_the_public_results(web, officer, flow, ranked, client):
    office = web(officer)
    assert client.get(f"/calls/{flow.call.id}/results").status_code == 404  # hidden before publication
    data = form_data(office.get(f"/office/calls/{flow.call.id}/decision"), "/decision")
    data[f"amount-{ranked[1].id}"] = ""
    data[f"reason-{ranked[1].id}"] = "Wyczerpanie środków."
    data[f"amount-{ranked[0].id}"] = "15000,00"
    assert office.post(f"/office/calls/{flow.call.id}/decision", data=data).status_code == 302
    decision = queries.latest_decision(flow.call)
    assert [(a.offer_id, a.funded, str(a.amount)) for a in decision.awards] == [
        (ranked[0].id, True, "15000.00"),
        (ranked[1].id, False, "0.00"),
    ]
    assert "decision.create" in call_actions(flow.call.id)
    assert value_of(office.get(f"/office/calls/{flow.call.id}/decision"), f"f-amount-{ranked[0].id}") == "15000,00"
    page = office.get(f"/review/calls/{flow.call.id}/ranking")
    # First the confirmation step (nothing published yet), then the act.
    confirm = office.post(f"/office/calls/{flow.call.id}/results/publish", data=form_data(page, "/results/publish"))
    assert confirm.status_code == 200 and "results.publish" not in call_actions(flow.call.id)
    response = office.post(f"/office/calls/{flow.call.id}/results/publish", data=form_data(confirm, "/results/publish"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/calls/{flow.call.id}/results")
    assert "results.publish" in call_actions(flow.call.id)
    public = client.get(f"/calls/{flow.call.id}/results")
    assert public.status_code == 200
    rows = parse(public).xpath('//table[@id="results"]/tbody/tr')
    assert len(rows) == 2 and "15\xa0000,00" in rows[0].text_content()
    hrefs = parse(public).xpath("//main//a/@href")
    for suffix in ("results.csv", "results.xlsx", "results.360giving.json"):
        assert f"/api/v1/calls/{flow.call.id}/{suffix}" in hrefs
    assert parse(client.get(f"/calls/{flow.call.id}")).xpath(f'//a[@href="/calls/{flow.call.id}/results"]')
    # The NGO sees its result on its offer's page.
    ngo = web(ranked[0].user).get(f"/ngo/offers/{ranked[0].id}/summary")
    assert "15\xa0000,00" in element(ngo, "final-result").text_content()


def test_cancel_for_no_valid_offers_refused_while_offers_are_valid(web, officer, flow, ranked):
    response = web(officer).post(f"/office/calls/{flow.call.id}/cancel-no-valid-offers", data={"reason": "Brak."})
    assert response.status_code == 409
    assert "art. 18a" in text(response)
    assert flow.call.status == CallStatus.under_review


def test_the_ranking_page_cancels_for_no_valid_offers_through_the_confirmation_page(web, officer, flow, offers):
    for offer in offers:
        flow.formal(offer.id, "rejected", checklist=flow.checklist(on_time=False), reason="Oferta po terminie.")
    office = web(officer)
    ranking = office.get(f"/review/calls/{flow.call.id}/ranking")
    form = form_data(ranking, f"/office/calls/{flow.call.id}/cancel")
    assert form["ground"] == "no_valid_offers"
    form["reason"] = "Żadna oferta nie spełniła wymogów formalnych."
    confirm = office.post(f"/office/calls/{flow.call.id}/cancel", data=form)
    assert confirm.status_code == 200 and "art. 18a ust. 1 pkt 2" in text(confirm)
    assert flow.call.status == CallStatus.under_review  # nothing done before the confirmation
    done = office.post(f"/office/calls/{flow.call.id}/cancel", data=form_data(confirm, "/cancel"))
    assert done.status_code == 302
    assert flow.call.status == CallStatus.cancelled


def test_cancel_for_no_valid_offers(web, officer, flow, offers):
    for offer in offers:
        flow.formal(offer.id, "rejected", checklist=flow.checklist(on_time=False), reason="Oferta po terminie.")
    response = web(officer).post(
        f"/office/calls/{flow.call.id}/cancel-no-valid-offers",
        data={"reason": "Żadna oferta nie spełniła wymogów formalnych."},
    )
    assert response.status_code == 302
    assert flow.call.status == CallStatus.cancelled
    assert "call.cancel" in call_actions(flow.call.id)


# ---------------------------------------------------------------- justification requests (art. 15 ust. 2i)


@pytest.fixture
def published(web, officer, flow, ranked):
    flow.officer.post(
        f"/api/v1/calls/{flow.call.id}/decision", json={"awards": [{"offer_id": ranked[0].id, "amount": "17020.00"}]}
    )
    response = flow.officer.post(f"/api/v1/calls/{flow.call.id}/results/publish", json={})
    assert response.status_code == 200, response.get_json()
    return queries.results_publication(flow.call.id)


def justification_form(offer_id="") -> dict:
    return {
        "requester": "Jan Kowalski",
        "email": "jan@example.org",
        "offer_id": str(offer_id),
        "text": "Proszę o uzasadnienie odrzucenia oferty.",
    }


def test_justification_request_and_answer(web, officer, client, flow, ranked, published):
    url = f"/calls/{flow.call.id}/results/justification"
    response = client.post(url, data={**justification_form(), "email": "nie-adres"})
    assert response.status_code == 422 and errors_at(response, "f-email")
    assert value_of(response, "f-requester") == "Jan Kowalski"
    response = client.post(url, data=justification_form(ranked[1].id))
    assert response.status_code == 302
    request_ = db.session.scalar(db.select(JustificationRequest))
    assert request_.offer_id == ranked[1].id
    assert "justification.request" in call_actions(flow.call.id)
    office = web(officer)
    page = office.get(f"/office/calls/{flow.call.id}/justifications")
    assert "Proszę o uzasadnienie odrzucenia oferty." in text(page)
    answer_url = f"/office/calls/{flow.call.id}/justifications/{request_.id}"
    response = office.post(answer_url, data={"answer": ""})
    assert response.status_code == 422 and errors_at(response, f"f-answer-{request_.id}")
    response = office.post(answer_url, data={"answer": "Oferta uzyskała mniej punktów."})
    assert response.status_code == 302
    assert "justification.answer" in call_actions(flow.call.id)


def test_justification_after_30_days_is_refused(client, flow, published, after_deadline):
    with freeze_time(published.published_at + timedelta(days=40)):
        _justification_closed(client, flow)


def _justification_closed(client, flow):
    page = client.get(f"/calls/{flow.call.id}/results")
    assert element(page, "justification-closed") is not None
    assert not parse(page).xpath('//form[contains(@action, "justification")]')
    response = client.post(f"/calls/{flow.call.id}/results/justification", data=justification_form())
    assert response.status_code == 409
    assert "30 dni" in text(response)
    assert db.session.scalar(db.select(JustificationRequest)) is None
