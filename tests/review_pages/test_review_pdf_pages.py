"""The review's PDFs on the pages (issue 8): the committee's record for its protocol (the appointing act, the
sitting, the minute-taker) in the page and the API, and the PDF buttons where the officer, the chair and a
member need them — present for the right role, absent for the others; the public results page links to its
PDF without a form."""

from datetime import timedelta

from grants.audit.log import entries_for
from grants.clock import now_utc, warsaw_date
from tests.review.helpers import full_sheet
from tests.web.pages import errors_at, flashes, parse, value_of


def document_forms(response) -> list[tuple[str, str, str]]:
    """(kind, object_id, label) of every PDF button on the page."""
    found = []
    for form in parse(response).xpath('//main//form[@action="/documents"]'):
        values = dict(form.form_values())
        found.append((values["kind"], values["object_id"], form.xpath("string(.//button)").strip()))
    return found


def kinds(response) -> set[str]:
    return {kind for kind, _object_id, _label in document_forms(response)}


def record_actions(call_id: int) -> list:
    return [entry for entry in entries_for("call", call_id) if entry.action == "committee.record"]


# ---------------------------------------------------------------- the committee's record


def test_the_officer_records_the_appointing_act_sitting_and_minute_taker(web, officer, flow, offers):
    page = web(officer)
    url = f"/office/calls/{flow.call.id}/committee"
    assert "committee_protocol" not in kinds(page.get(url))  # no committee yet, no protocol
    today = warsaw_date(now_utc())
    saved = page.post(
        f"{url}/record",
        data={
            "act_number": "0050.27.2026",
            "act_date": today.isoformat(),
            "meeting_date": today.isoformat(),
            "meeting_end_date": "",
            "meeting_place": "Ratusz, sala 12",
            "minute_taker": "Katarzyna Protokolantka",
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/committee#record-heading")
    shown = page.get(url)
    assert flashes(shown, "success") == ["Zapisano dane do protokołu komisji."]
    assert value_of(shown, "f-act_number") == "0050.27.2026" and value_of(shown, "f-act_date") == today.isoformat()
    assert value_of(shown, "f-minute_taker") == "Katarzyna Protokolantka"
    [entry] = record_actions(flow.call.id)
    assert entry.actor_id == officer.id and entry.after["act_number"] == "0050.27.2026"

    refused = page.post(
        f"{url}/record",
        data={
            "act_number": "0050.27.2026",
            "act_date": (today + timedelta(days=1)).isoformat(),
            "meeting_date": today.isoformat(),
            "meeting_end_date": (today - timedelta(days=1)).isoformat(),
            "meeting_place": "x" * 301,
            "minute_taker": "Katarzyna Protokolantka",
        },
    )
    assert refused.status_code == 422
    assert errors_at(refused, "f-act_date") == ["Data zarządzenia nie może być późniejsza niż dzisiejsza."]
    assert errors_at(refused, "f-meeting_end_date") == [
        "Ostatni dzień posiedzenia nie może być wcześniejszy niż pierwszy."
    ]
    assert errors_at(refused, "f-meeting_place")
    assert value_of(refused, "f-act_date") == (today + timedelta(days=1)).isoformat()  # as typed
    assert len(record_actions(flow.call.id)) == 1  # nothing changed

    flow.appoint()
    assert ("committee_protocol", str(flow.call.id), "Protokół komisji (PDF)") in document_forms(page.get(url))


def test_the_record_form_refuses_other_offices_and_roles(web, client, flow, other_officer, evaluator, ngo_user):
    url = f"/office/calls/{flow.call.id}/committee/record"
    assert web(other_officer).post(url, data={"act_number": "1"}).status_code == 404
    assert web(evaluator).post(url, data={"act_number": "1"}).status_code == 403
    assert web(ngo_user).post(url, data={"act_number": "1"}).status_code == 403
    anonymous = client.post(url, data={"act_number": "1"})
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert record_actions(flow.call.id) == []


def test_the_record_through_the_api(api, flow, officer, other_officer, committee, ngo_user):
    url = f"/api/v1/calls/{flow.call.id}/committee/record"
    office = api(officer)
    empty = office.get(url).get_json()
    assert empty["act_number"] is None and empty["minute_taker"] is None
    body = {"act_number": " 0050.27.2026 ", "act_date": "2026-11-02", "minute_taker": "Katarzyna Protokolantka"}
    saved = office.put(url, json=body)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json() | {"updated_at": None} == {
        "call_id": flow.call.id,
        "act_number": "0050.27.2026",
        "act_date": "2026-11-02",
        "meeting_date": None,
        "meeting_end_date": None,
        "meeting_place": None,
        "minute_taker": "Katarzyna Protokolantka",
        "updated_at": None,
    }
    assert office.put(url, json=body).status_code == 200
    assert len(record_actions(flow.call.id)) == 1  # the same data again is no change
    bad = office.put(url, json={"act_date": "2.11.2026", "meeting_end_date": "2026-11-20", "minute_taker": 7})
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"act_date", "meeting_date", "minute_taker"}
    assert office.put(url, json=["x"]).status_code == 400
    assert api(other_officer).get(url).status_code == 404 and api(other_officer).put(url, json={}).status_code == 404
    assert api(committee.chair).put(url, json={}).status_code == 403
    assert api(ngo_user).get(url).status_code == 403
    assert api().get(url).status_code == 401
    cleared = office.put(url, json={})
    assert cleared.status_code == 200 and cleared.get_json()["act_number"] is None


# ---------------------------------------------------------------- the PDF buttons


def _sheet_ids(flow, offer_id) -> dict[int, str]:
    """{member's user id: their sheet's id} as the office reads them through the API."""
    sheets = flow.officer.get(f"/api/v1/offers/{offer_id}/scores").get_json()
    return {s["member_id"]: str(s["id"]) for s in sheets}


def test_ranking_page_buttons_for_the_office_and_the_chair(web, officer, awarded, committee):
    call_id = str(awarded.call.id)
    office = document_forms(web(officer).get(f"/review/calls/{call_id}/ranking"))
    assert ("committee_protocol", call_id, "Protokół komisji (PDF)") in office
    assert ("results", call_id, "Wyniki konkursu (PDF)") in office
    chair = document_forms(web(committee.chair).get(f"/review/calls/{call_id}/ranking"))
    assert chair == [("committee_protocol", call_id, "Protokół komisji (PDF)")]  # no results form: the page's


def test_the_draft_results_button_before_publication(web, officer, flow, offers, committee):
    flow.ready(offers[:1])
    flow.score(committee.m1, offers[0].id)
    page = web(officer)
    assert "results" not in kinds(page.get(f"/review/calls/{flow.call.id}/ranking"))  # no decision yet
    decided = flow.officer.post(
        f"/api/v1/calls/{flow.call.id}/decision", json={"awards": [{"offer_id": offers[0].id, "amount": "1000.00"}]}
    )
    assert decided.status_code == 201, decided.get_json()
    forms = document_forms(page.get(f"/review/calls/{flow.call.id}/ranking"))
    assert ("results", str(flow.call.id), "Projekt wyników (PDF)") in forms


def test_sheets_page_has_a_card_per_final_sheet_for_the_office_and_the_chair(web, officer, awarded, committee):
    offer_id = awarded.full.id
    ids = _sheet_ids(awarded.flow, offer_id)
    url = f"/review/calls/{awarded.call.id}/offers/{offer_id}/sheets"
    for user in (officer, committee.chair):
        cards = document_forms(web(user).get(url))
        assert sorted(object_id for kind, object_id, _label in cards if kind == "evaluation_card") == sorted(
            ids.values()
        )
    assert web(committee.m1).get(url).status_code == 403


def test_a_member_gets_their_own_card_once_final(web, flow, offers, committee):
    flow.ready(offers[:1])
    url = f"/review/calls/{flow.call.id}/offers/{offers[0].id}"
    member = web(committee.m1)
    flow.score(committee.m1, offers[0].id, {**full_sheet(), "final": False})
    assert "evaluation_card" not in kinds(member.get(url))
    flow.score(committee.m1, offers[0].id)
    mine = _sheet_ids(flow, offers[0].id)[committee.m1.id]
    assert document_forms(member.get(url)) == [("evaluation_card", mine, "Moja karta oceny (PDF)")]
    # Another member's page shows their own sheet, never this card.
    assert mine not in {object_id for _k, object_id, _l in document_forms(web(committee.m2).get(url))}


def test_the_chairs_work_list_has_the_protocol_and_a_members_has_not(web, flow, offers, committee):
    flow.ready(offers[:1])
    url = f"/review/calls/{flow.call.id}"
    assert "committee_protocol" in kinds(web(committee.chair).get(url))
    assert kinds(web(committee.m1).get(url)) == set()
    assert kinds(web(committee.expert).get(url)) == set()


def test_public_results_page_links_to_its_pdf_without_a_form(client, awarded):
    page = parse(client.get(f"/calls/{awarded.call.id}/results"))
    assert page.xpath('//a[@id="results-pdf"]/@href') == [f"/documents/calls/{awarded.call.id}/results"]
    assert not page.xpath('//form[@action="/documents"]')
    followed = client.get(f"/documents/calls/{awarded.call.id}/results")
    assert followed.status_code == 303 and followed.headers["Location"].startswith("/documents/")
