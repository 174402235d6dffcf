"""The formal check as the officer uses it (issue 11): what OKO recorded is shown beside each item and
pre-ticked, a tick against a recorded fact ("nie wpłynęło") needs a note and is audited, "Wszystkie
spełnione" ticks the rest without saving, and the error summary names each failing item."""

from grants.audit.log import entries_for
from grants.clock import now_utc, warsaw_date
from grants.extensions import db
from grants.offers.models import Offer
from grants.review import queries
from grants.review.models import FormalStatus
from grants.review.rules import DEFAULT_CHECKLIST
from tests.review.helpers import CODES
from tests.web.pages import element, errors_at, flashes, form_data, summary_links, text, value_of

CONFIRMATION = "f-checklist-confirmation_received"


def url(flow, offer) -> str:
    return f"/office/calls/{flow.call.id}/review/offers/{offer.id}"


def everything_ticked(**extra) -> dict:
    return {**{f"checklist.{code}": "1" for code in CODES}, **extra}


def confirm(api, officer, flow, offer) -> None:
    """The office records the signed confirmation of the offer's current version (POST …/confirmations)."""
    code = db.session.get(Offer, offer.id).current_version.control_code
    response = api(officer).post(
        f"/api/v1/calls/{flow.call.id}/confirmations",
        json={"control_code": code, "received_at": warsaw_date(now_utc()).isoformat(), "channel": "epuap"},
    )
    assert response.status_code in (200, 201), response.get_json()
    db.session.expire_all()


def override_entries(offer) -> list:
    return [e.after["override"] for e in entries_for("offer", offer.id) if (e.after or {}).get("override")]


def test_the_form_shows_what_oko_recorded_and_prefills_it(web, officer, flow, offers):
    page = web(officer).get(url(flow, offers[0]))
    assert page.status_code == 200
    assert element(page, "f-checklist-on_time").get("checked") is not None
    assert "przed upływem terminu" in element(page, "f-checklist-on_time-fact").text_content()
    assert element(page, CONFIRMATION).get("checked") is None
    assert element(page, f"{CONFIRMATION}-fact").text_content().strip() == "OKO: nie wpłynęło."
    assert f"{CONFIRMATION}-fact" in element(page, CONFIRMATION).get("aria-describedby")


def test_a_recorded_confirmation_is_prefilled(web, api, officer, flow, offers):
    confirm(api, officer, flow, offers[0])
    page = web(officer).get(url(flow, offers[0]))
    assert element(page, CONFIRMATION).get("checked") is not None
    assert "OKO: wpłynęło" in element(page, f"{CONFIRMATION}-fact").text_content()
    # accepted as shown: no override, no note needed
    data = {**form_data(page), **everything_ticked(), "outcome": "accepted"}
    response = web(officer).post(url(flow, offers[0]), data=data)
    assert response.status_code == 302
    assert queries.formal_status(offers[0].id) == FormalStatus.accepted
    assert override_entries(offers[0]) == []


def test_ticking_received_while_oko_shows_nie_wplynelo_needs_a_note(web, officer, flow, offers):
    client = web(officer)
    response = client.post(url(flow, offers[0]), data={**everything_ticked(), "outcome": "accepted"})
    assert response.status_code == 422
    assert "OKO nie odnotowało" in errors_at(response, CONFIRMATION)[0]
    assert errors_at(response, "f-override_note")
    assert queries.formal_status(offers[0].id) is None
    # what was typed is kept: the tick and the outcome
    assert element(response, CONFIRMATION).get("checked") is not None
    assert element(response, "f-outcome").get("checked") is not None
    note = "Potwierdzenie złożone osobiście w kancelarii 1 marca; wpis do rejestru w toku."
    data = {**everything_ticked(), "outcome": "accepted", "override_note": note}
    saved = client.post(url(flow, offers[0]), data=data)
    assert saved.status_code == 302
    assert queries.formal_status(offers[0].id) == FormalStatus.accepted
    assert override_entries(offers[0]) == [{"items": ["confirmation_received"], "note": note}]


def test_all_met_ticks_the_rest_and_saves_nothing(web, officer, flow, offers):
    client = web(officer)
    response = client.post(url(flow, offers[0]), data={"all_met": "1", "reason": "zostaje"})
    assert response.status_code == 200
    for item in DEFAULT_CHECKLIST:
        checked = element(response, f"f-checklist-{item.code}").get("checked") is not None
        assert checked == (item.code != "confirmation_received"), item.code
    assert value_of(response, "f-reason") == "zostaje"  # nothing typed lost
    assert "nic jeszcze nie zapisano" in " ".join(flashes(response, "warning"))
    assert queries.formal_status(offers[0].id) is None
    assert not any(e.action.startswith("formal_review") for e in entries_for("offer", offers[0].id))


def test_all_met_with_everything_on_record_presets_acceptance(web, api, officer, flow, offers):
    confirm(api, officer, flow, offers[0])
    client = web(officer)
    response = client.post(url(flow, offers[0]), data={"all_met": "1"})
    assert response.status_code == 200
    assert all(element(response, f"f-checklist-{code}").get("checked") is not None for code in CODES)
    assert element(response, "f-outcome").get("checked") is not None
    assert flashes(response, "success")
    assert queries.formal_status(offers[0].id) is None
    # the confirmation step: the page's own form, submitted as shown, saves it
    saved = client.post(url(flow, offers[0]), data=form_data(response))
    assert saved.status_code == 302 and queries.formal_status(offers[0].id) == FormalStatus.accepted


def test_the_error_summary_names_each_failing_item(web, officer, flow, offers):
    data = everything_ticked(outcome="accepted", override_note="Potwierdzenie w kancelarii.")
    for code in ("eligible_entity", "attachments"):
        data.pop(f"checklist.{code}")
    response = web(officer).post(url(flow, offers[0]), data=data)
    assert response.status_code == 422
    links = summary_links(response)
    assert links["#f-checklist-eligible_entity"] == (
        "Pozycja 3 „Oferent jest uprawniony do złożenia oferty (art. 3 ust. 2–3 ustawy)”: "
        "Oferta z brakiem formalnym nie może zostać przyjęta."
    )
    assert links["#f-checklist-attachments"].startswith("Pozycja 6 „Dołączono wymagane załączniki”: ")
    assert "Pozycja 3" not in " ".join(errors_at(response, "f-checklist-eligible_entity"))  # the field says it once
    assert "Pozycja" in text(response)


def test_the_api_keeps_old_clients_and_opts_in_with_the_note(api, officer, flow, offers):
    body = {"outcome": "accepted", "checklist": dict.fromkeys(CODES, True)}
    refused = api(officer).put(f"/api/v1/offers/{offers[0].id}/formal-review", json={**body, "override_note": ""})
    assert refused.status_code == 422
    assert set(refused.get_json()["fields"]) >= {"checklist.confirmation_received", "override_note"}
    assert api(officer).put(f"/api/v1/offers/{offers[1].id}/formal-review", json=body).status_code == 200
