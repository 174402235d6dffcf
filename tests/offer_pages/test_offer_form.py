"""The NGO's offer form without JavaScript: starting an offer from a call, the steps of Annex 1 as plain
form posts (typed values kept on refusal, an edit conflict never overwrites), rows added and removed."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.offers.models import Offer
from tests.helpers import TASK_YEAR
from tests.offer_pages.helpers import STEPS, client_for, count, problem_links, step_url, stored
from tests.web.pages import block_text, element, errors_at, flashes, form_data, parse, summary_links, text, value_of


def step_form(response, step: str) -> dict:
    return form_data(response, f"/steps/{step}")


# ---------------------------------------------------------------- starting an offer


def test_open_call_page_leads_to_a_new_offer(client, login, ngo_user, org, open_call, db):
    login(ngo_user)
    page = client.get(f"/calls/{open_call.id}")
    link = parse(page).xpath('//main//a[normalize-space()="Złóż ofertę"]')
    assert link and link[0].get("href") == f"/ngo/calls/{open_call.id}/offers/new"

    start = client.get(link[0].get("href"))
    assert start.status_code == 200
    assert value_of(start, "f-organization_id") == str(org.id)  # the only organisation, chosen already
    data = form_data(start)
    data["title"] = "Polski na co dzień"
    response = client.post(link[0].get("href"), data=data)
    assert response.status_code == 302
    offer = db.session.scalar(db.select(Offer))
    assert response.headers["Location"] == step_url(offer.id, "call")
    assert offer.title == "Polski na co dzień" and offer.organization_id == org.id
    assert offer.status.value == "draft"
    first = client.get(response.headers["Location"])
    welcome = " ".join(flashes(first, "success"))
    assert "Utworzono wersję roboczą oferty" in welcome
    # Parts save themselves with JavaScript; "Zapisz" is the way without it — the hint says both.
    assert "zapisują się same" in welcome and "jeśli Twoja przeglądarka nie uruchamia skryptów" in welcome
    # The annex's Pouczenie, told for the screen form, on the first part.
    help_text = " ".join(element(first, "pouczenie").text_content().split())
    assert "Dz.U. poz. 2057" in help_text and "„nie dotyczy”" in help_text and "skreślona" in help_text


def test_starting_without_a_title_keeps_the_choice_and_saves_nothing(client, login, ngo_user, org, open_call, db):
    login(ngo_user)
    response = client.post(
        f"/ngo/calls/{open_call.id}/offers/new", data={"organization_id": str(org.id), "title": "   "}
    )
    assert response.status_code == 422
    assert errors_at(response, "f-title") == ["Podaj tytuł zadania publicznego."]
    assert value_of(response, "f-organization_id") == str(org.id)
    assert "#f-title" in summary_links(response)
    assert count(db, Offer) == 0


def test_a_person_without_an_organisation_is_sent_to_create_one(client, login, open_call):
    from tests.helpers import make_user

    lonely = make_user("sama@ngo.example", "Sama Bez Organizacji")
    login(lonely)
    response = client.get(f"/ngo/calls/{open_call.id}/offers/new")
    assert response.status_code == 200
    assert parse(response).xpath('//main//a[@href="/ngo/organizations/new"]')


def test_after_the_deadline_starting_is_refused_with_409_and_nothing_saved(client, login, ngo_user, org, open_call, db):
    with freeze_time(open_call.submission_deadline):
        login(ngo_user)  # sessions last hours, not weeks: sign in at the frozen moment
        page = client.get(f"/ngo/calls/{open_call.id}/offers/new")
        assert "nie przyjmuje ofert" in text(page)
        assert not parse(page).xpath("//main//form")
        response = client.post(
            f"/ngo/calls/{open_call.id}/offers/new", data={"organization_id": str(org.id), "title": "Za późno"}
        )
    assert response.status_code == 409
    assert "Termin składania ofert minął" in text(response)
    assert count(db, Offer) == 0


def test_my_offers_lists_each_organisations_offers_with_status_and_deadline(
    client, login, ngo_user, org, open_call, draft, make_org
):
    second = make_org("Koło Gospodyń Wiejskich", members=[ngo_user])
    first = draft()
    login(ngo_user)
    dashboard = client.get("/ngo/")
    assert parse(dashboard).xpath('//main//a[@href="/ngo/offers/"]')
    page = client.get("/ngo/offers/")
    assert page.status_code == 200
    row = " ".join(element(page, f"offer-{first['id']}").text_content().split())
    assert first["title"] in row and "wersja robocza" in row and open_call.title in row
    assert "r., godz." in row  # the call's deadline, Warsaw time
    assert "Ta organizacja nie ma jeszcze ofert." in " ".join(
        element(page, f"organization-{second.id}").text_content().split()
    )


# ---------------------------------------------------------------- the steps


def test_every_step_shows_the_stored_draft(client, login, ngo_user, draft):
    offer = draft()
    login(ngo_user)
    for step in STEPS:
        response = client.get(step_url(offer["id"], step))
        assert response.status_code == 200, step
        assert parse(response).xpath('//nav[@class="step-nav"]//a[@aria-current="step"]'), step
        assert response.headers["Cache-Control"] == "no-store"
    task = client.get(step_url(offer["id"], "task"))
    assert value_of(task, "f-title") == offer["title"]
    assert value_of(task, "f-task_start") == f"{TASK_YEAR}-02-01"
    plan = client.get(step_url(offer["id"], "plan"))
    assert value_of(plan, "f-actions-1-subcontractor") == "Szkoła językowa (zakup usługi lektora)"
    assert value_of(plan, "f-actions-0-origin") == "0"
    costs = client.get(step_url(offer["id"], "costs"))
    assert value_of(costs, "f-cost_items-1-unit_cost") == "75,50"
    assert value_of(costs, "f-cost_items-0-quantity") == "120"
    assert value_of(costs, "f-cost_items-3-action") == "admin"
    total = element(costs, "estimate").xpath('.//*[@data-figure="total_cost"]')[0]
    assert total.text_content() == "19\xa0520,00\xa0zł"
    statements = client.get(step_url(offer["id"], "statements"))
    assert parse(statements).xpath('//input[@id="f-statements-tax_arrears"][@checked]')


def test_a_step_saves_with_a_plain_post_and_moves_on(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    page = client.get(step_url(offer["id"], "task"))
    data = step_form(page, "task")
    data.update({"place": "Opole, ul. Ozimska 10\r\nsala 2", "go": "next"})
    response = client.post(step_url(offer["id"], "task"), data=data)
    assert response.status_code == 302 and response.headers["Location"] == step_url(offer["id"], "plan")
    saved = stored(db, offer["id"])
    assert saved.content["place"] == "Opole, ul. Ozimska 10\nsala 2"
    assert saved.content["summary"] == offer["summary"]  # untouched fields stay as they were
    assert saved.content["cost_items"] == [
        {k: v for k, v in item.items() if k != "value"} for item in offer["cost_items"]
    ]
    assert saved.lock_version == offer["lock_version"] + 1


def test_bad_input_is_422_at_its_field_with_everything_typed_kept_and_nothing_saved(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "costs")), "costs")
    data.update(
        {
            "cost_items.1.unit_cost": "75,505",
            "cost_items.1.name": "Podręczniki i zeszyty",
            "cost_items.0.quantity": "sto",
        }
    )
    audit_before = count(db, AuditEntry)
    response = client.post(step_url(offer["id"], "costs"), data=data)
    assert response.status_code == 422
    assert errors_at(response, "f-cost_items-1-unit_cost") == [
        "Podaj kwotę w złotych, np. 12345,67 (najwyżej dwa miejsca po przecinku)."
    ]
    assert errors_at(response, "f-cost_items-0-quantity")
    assert value_of(response, "f-cost_items-1-unit_cost") == "75,505"
    assert value_of(response, "f-cost_items-1-name") == "Podręczniki i zeszyty"
    assert value_of(response, "f-cost_items-0-quantity") == "sto"
    links = summary_links(response)
    assert "Pozycja kosztorysu 2" in links["#f-cost_items-1-unit_cost"]
    saved = stored(db, offer["id"])
    assert saved.lock_version == offer["lock_version"]
    assert saved.content["cost_items"][1]["name"] == "Podręczniki"
    assert count(db, AuditEntry) == audit_before


def test_a_stale_lock_version_shows_their_version_and_keeps_what_was_typed(
    app, client, login, ngo_user, colleague, draft, db
):
    offer = draft()
    login(ngo_user)
    page = client.get(step_url(offer["id"], "task"))
    mine = step_form(page, "task")
    # Meanwhile a colleague saves the same part.
    other = client_for(app, colleague)
    theirs = step_form(other.get(step_url(offer["id"], "task")), "task")
    theirs["summary"] = "Opis poprawiony przez Tarasa."
    assert other.post(step_url(offer["id"], "task"), data=theirs).status_code == 302

    mine["summary"] = "Mój nowy opis zadania."
    response = client.post(step_url(offer["id"], "task"), data=mine)
    assert response.status_code == 409
    box = " ".join(element(response, "conflict").text_content().split())
    assert "Ktoś inny zmienił tę ofertę" in box and "Taras Kolega" in box
    assert "Opis poprawiony przez Tarasa." in box  # their version, shown
    assert value_of(response, "f-summary") == "Mój nowy opis zadania."  # mine, kept for re-applying
    saved = stored(db, offer["id"])
    assert saved.content["summary"] == "Opis poprawiony przez Tarasa."  # nothing overwritten
    lock = parse(response).xpath('//form[contains(@action, "/steps/task")]//input[@name="lock_version"]')[0]
    lock = lock.get("value")
    assert lock == str(saved.lock_version)

    # Having seen both, saving again is a deliberate choice: it applies.
    again = form_data(response, "/steps/task")
    assert client.post(step_url(offer["id"], "task"), data=again).status_code == 302
    assert stored(db, offer["id"]).content["summary"] == "Mój nowy opis zadania."


def test_rows_are_added_in_blank_rows_and_removed_with_a_checkbox(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    page = client.get(step_url(offer["id"], "results"))
    data = step_form(page, "results")
    assert data["results.1.name"] == ""  # the blank row
    data.update(
        {
            "results.1.name": "Osoby z certyfikatem A2",
            "results.1.target_value": "12 osób",
            "results.1.monitoring": "certyfikaty",
            "results.0.remove": "on",
        }
    )
    assert client.post(step_url(offer["id"], "results"), data=data).status_code == 302
    assert stored(db, offer["id"]).content["results"] == [
        {"name": "Osoby z certyfikatem A2", "target_value": "12 osób", "monitoring": "certyfikaty"}
    ]


def test_removing_an_action_moves_the_cost_lines_of_the_later_ones(client, login, ngo_user, draft, db):
    offer = draft(
        actions=[
            {"name": "Rekrutacja", "description": "Plakaty", "target_group": "cudzoziemcy", "period": "styczeń"},
            {"name": "Kurs A1", "description": "Zajęcia", "target_group": "20 osób", "period": "luty–czerwiec"},
            {"name": "Kurs A2", "description": "Zajęcia", "target_group": "20 osób", "period": "wrzesień"},
        ],
        cost_items=[
            {
                "action": 1,
                "name": "Lektor A1",
                "unit": "godzina",
                "quantity": "100",
                "unit_cost": "100.00",
                "grant_part": "10000.00",
            },
            {
                "action": 2,
                "name": "Lektor A2",
                "unit": "godzina",
                "quantity": "50",
                "unit_cost": "100.00",
                "grant_part": "5000.00",
            },
            {
                "action": "admin",
                "name": "Księgowość",
                "unit": "miesiąc",
                "quantity": "10",
                "unit_cost": "100.00",
                "grant_part": "0.00",
            },
        ],
    )
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "plan")), "plan")
    data["actions.0.remove"] = "on"  # "Rekrutacja" has no costs
    assert client.post(step_url(offer["id"], "plan"), data=data).status_code == 302
    content = stored(db, offer["id"]).content
    assert [a["name"] for a in content["actions"]] == ["Kurs A1", "Kurs A2"]
    assert [(i["name"], i["action"]) for i in content["cost_items"]] == [
        ("Lektor A1", 0),
        ("Lektor A2", 1),
        ("Księgowość", "admin"),
    ]


def test_an_action_with_cost_lines_is_not_removed_and_the_page_says_why(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "plan")), "plan")
    data["actions.1.remove"] = "on"
    data["actions.0.name"] = "Kurs A1 (wieczorowy)"
    response = client.post(step_url(offer["id"], "plan"), data=data)
    assert response.status_code == 422
    assert "przypisane pozycje kosztorysu" in errors_at(response, "f-actions-1-remove")[0]
    assert value_of(response, "f-actions-0-name") == "Kurs A1 (wieczorowy)"
    assert parse(response).xpath('//input[@id="f-actions-1-remove"][@checked]')
    assert len(stored(db, offer["id"]).content["actions"]) == 2
    assert stored(db, offer["id"]).content["actions"][0]["name"] == "Kurs A1"


def test_a_new_action_in_the_blank_block(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "plan")), "plan")
    assert data["actions.2.origin"] == ""
    data.update(
        {
            "actions.2.name": "Piknik rodzinny",
            "actions.2.description": "Spotkanie na zakończenie",
            "actions.2.target_group": "uczestnicy z rodzinami",
            "actions.2.period": "grudzień",
        }
    )
    assert client.post(step_url(offer["id"], "plan"), data=data).status_code == 302
    actions = stored(db, offer["id"]).content["actions"]
    assert [a["name"] for a in actions] == ["Kurs A1", "Kurs A2", "Piknik rodzinny"]
    assert actions[2]["subcontractor"] == ""


def test_not_applicable_fields_read_nie_dotyczy(client, login, ngo_user, draft):
    offer = draft(experience="", other_information="")
    login(ngo_user)
    plan = client.get(step_url(offer["id"], "plan"))
    hint = block_text(plan, "f-actions-0-subcontractor")
    assert "zostaw puste — w ofercie pojawi się „nie dotyczy”" in hint
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    whole = parse(summary).xpath('//details[@class="whole-offer"]')[0]

    def answer(label):
        return (
            whole.xpath(f'.//dt[starts-with(normalize-space(), "{label}")]/following-sibling::dd[1]')[0]
            .text_content()
            .strip()
        )

    assert answer("IV.1.") == "nie dotyczy"
    assert answer("VI.3.") == "nie dotyczy"
    assert answer("VI.2.") == "nie dotyczy"


def test_the_costs_step_shows_the_servers_figures_and_problems_at_their_fields(client, login, ngo_user, draft):
    offer = draft()
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "costs")), "costs")
    data["cost_items.1.grant_part"] = "4000"  # more than the line's 3 020,00 zł
    response = client.post(step_url(offer["id"], "costs"), data=data, follow_redirects=True)
    assert response.status_code == 200
    assert (
        "Część z dotacji (4\xa0000,00\xa0zł) przekracza wartość pozycji (3\xa0020,00\xa0zł)"
        in errors_at(response, "f-cost_items-1-grant_part")[0]
    )
    line = parse(response).xpath('//output[@data-line-value="1"]')[0].text_content()
    assert line == "3\xa0020,00\xa0zł"
    assert "Dotacja" in " ".join(errors_at(response, "f-own_contribution"))  # V.B no longer adds up


def test_the_summarys_links_open_the_step_with_the_problem_at_its_field(client, login, ngo_user, draft):
    offer = draft(place="", contact={"name": "", "phone": "", "email": ""})
    login(ngo_user)
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    links = problem_links(summary)
    assert links["place"] == step_url(offer["id"], "task") + "?check=1#f-place"
    assert links["contact.name"] == step_url(offer["id"], "offerors") + "?check=1#f-contact-name"
    target = client.get(links["place"].split("#")[0])
    assert errors_at(target, "f-place") == ["To pole jest wymagane do złożenia oferty."]
    box = parse(target).xpath('//*[contains(@class, "problem-summary")]//a')
    assert "#f-place" in [a.get("href") for a in box]
    # Without ?check=1 a step does not nag about what is merely not filled in yet.
    assert errors_at(client.get(step_url(offer["id"], "task")), "f-place") == []


def test_statements_are_one_whole(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = step_form(client.get(step_url(offer["id"], "statements")), "statements")
    data.pop("statements.confirmed")
    data["statements.register"] = "other"
    assert client.post(step_url(offer["id"], "statements"), data=data).status_code == 302
    assert stored(db, offer["id"]).content["statements"] == {
        "tax_arrears": False,
        "social_insurance_arrears": False,
        "register": "other",
        "confirmed": False,
    }


def test_a_submitted_offer_is_read_only_and_a_post_is_refused(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    assert (
        client.post(f"/ngo/offers/{offer['id']}/submit", data={"lock_version": str(offer["lock_version"])}).status_code
        == 302
    )
    page = client.get(step_url(offer["id"], "task"))
    assert parse(page).xpath('//fieldset[@class="step-fields"][@disabled]')
    assert "Oferta jest złożona" in text(page)
    data = {"title": "Zmiana po złożeniu", "lock_version": str(stored(db, offer["id"]).lock_version)}
    response = client.post(step_url(offer["id"], "task"), data=data)
    assert response.status_code == 409
    assert "najpierw wycofaj" in text(response)
    assert stored(db, offer["id"]).title == offer["title"]


# ---------------------------------------------------------------- joint offers (partners, V.C)


def test_a_partner_is_added_by_krs_and_removed(client, login, ngo_user, draft, other_org, db):
    offer = draft()
    login(ngo_user)
    page = client.get(step_url(offer["id"], "offerors"))
    data = form_data(page, "/partners")
    data["partner"] = other_org.krs
    response = client.post(f"/ngo/offers/{offer['id']}/partners", data=data)
    assert response.status_code == 302
    saved = stored(db, offer["id"])
    assert [p.organization_id for p in saved.partners] == [other_org.id]

    page = client.get(step_url(offer["id"], "offerors"))
    assert other_org.name in text(page)
    split = step_form(page, "offerors")
    split.update({"cost_split.0.amount": "15000", "cost_split.1.amount": "4520,00"})
    assert client.post(step_url(offer["id"], "offerors"), data=split).status_code == 302
    saved = stored(db, offer["id"])
    assert saved.content["lead_cost_share"] == "15000.00" and str(saved.partners[0].cost_share) == "4520.00"

    remove = form_data(client.get(step_url(offer["id"], "offerors")), f"/partners/{other_org.id}/remove")
    response = client.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/remove", data=remove)
    assert response.status_code == 302
    assert stored(db, offer["id"]).partners == []


def test_an_unknown_partner_number_is_422_at_the_field_with_the_number_kept(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = form_data(client.get(step_url(offer["id"], "offerors")), "/partners")
    data["partner"] = "0000999999"
    response = client.post(f"/ngo/offers/{offer['id']}/partners", data=data)
    assert response.status_code == 422
    assert "Nie znaleziono organizacji o tym numerze" in errors_at(response, "f-partner")[0]
    assert value_of(response, "f-partner") == "0000999999"
    assert stored(db, offer["id"]).partners == []


# ---------------------------------------------------------------- cloning


def test_an_offer_is_cloned_into_another_open_call(client, login, ngo_user, draft, make_call, db):
    offer = draft()
    other_call = make_call(
        publish=True,
        title="Asystenci międzykulturowi w szkołach",
        task_start=f"{TASK_YEAR}-01-10",
        task_end=f"{TASK_YEAR}-12-15",
    )
    login(ngo_user)
    page = client.get(f"/ngo/offers/{offer['id']}/clone")
    assert other_call.title in text(page)
    response = client.post(f"/ngo/offers/{offer['id']}/clone", data={"call_id": str(other_call.id)})
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Offer).where(Offer.call_id == other_call.id))
    assert response.headers["Location"] == step_url(copy.id, "call")
    assert copy.cloned_from_id == offer["id"] and copy.content["summary"] == offer["summary"]
    assert copy.content["task_start"] is None


def test_cloning_into_a_closed_call_is_refused_at_the_field(client, login, ngo_user, draft, make_call, db):
    offer = draft()
    other_call = make_call(publish=True, title="Inny nabór")
    with freeze_time(other_call.submission_deadline + timedelta(seconds=1)):
        login(ngo_user)
        response = client.post(f"/ngo/offers/{offer['id']}/clone", data={"call_id": str(other_call.id)})
    assert response.status_code == 409
    assert "Termin składania ofert minął" in " ".join(errors_at(response, "f-call_id"))
    assert count(db, Offer) == 1


@pytest.mark.parametrize("call_id", ["", "abc", "999999"])
def test_cloning_needs_a_published_call(client, login, ngo_user, draft, call_id, db):
    offer = draft()
    login(ngo_user)
    response = client.post(f"/ngo/offers/{offer['id']}/clone", data={"call_id": call_id})
    assert response.status_code == 422
    assert errors_at(response, "f-call_id") == ["Wybierz otwarty nabór, do którego chcesz skopiować ofertę."]
    assert count(db, Offer) == 1


def test_a_correspondence_address_other_than_the_seat_is_part_ii1(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    assert "jak adres siedziby" in element(summary, "correspondence-address").text_content()
    data = step_form(client.get(step_url(offer["id"], "offerors")), "offerors")
    assert data["correspondence_address"] == ""
    data["correspondence_address"] = "skr. poczt. 12, 45-001 Opole"
    assert client.post(step_url(offer["id"], "offerors"), data=data).status_code == 302
    assert stored(db, offer["id"]).content["correspondence_address"] == "skr. poczt. 12, 45-001 Opole"
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    assert "skr. poczt. 12, 45-001 Opole" in element(summary, "correspondence-address").text_content()
    # Too long: refused at its field, what was typed kept, nothing saved.
    data = step_form(client.get(step_url(offer["id"], "offerors")), "offerors")
    data["correspondence_address"] = "x" * 501
    refused = client.post(step_url(offer["id"], "offerors"), data=data)
    assert refused.status_code == 422 and errors_at(refused, "f-correspondence_address")
    assert value_of(refused, "f-correspondence_address") == "x" * 501
    assert stored(db, offer["id"]).content["correspondence_address"] == "skr. poczt. 12, 45-001 Opole"


def test_the_costs_pages_live_panel_states_the_admin_cap_and_warns_over_it_as_the_summary(
    client, login, ngo_user, draft
):
    offer = draft()  # admin 2 500,00 of 19 520,00 under the call's cap of 15 %
    login(ngo_user)
    page = client.get(step_url(offer["id"], "costs"))
    cap = element(page, "admin-cap").text_content()
    assert cap == "Limit kosztów administracyjnych w tym naborze: 15,00\xa0% sumy kosztów, czyli 2\xa0928,00\xa0zł."
    assert not errors_at(page, "f-admin_costs")
    data = step_form(page, "costs")
    data["cost_items.3.unit_cost"] = "400"  # admin 4 000,00 of 21 020,00: 19,03 %
    # The live panel (offer.js asks the server while typing): the cap recomputed, the warning at its anchor.
    live = client.post(f"/ngo/offers/{offer['id']}/steps/costs/preview", data=data).get_json()
    assert live["figures"]["admin_cap"].endswith("czyli 3\xa0153,00\xa0zł.")
    [warning] = live["messages"]["admin_costs"]
    assert warning.startswith("Koszty administracyjne (4\xa0000,00\xa0zł, 19,03\xa0%) przekraczają limit 15,00\xa0%")
    # Saved without JavaScript: the same words at the panel's anchor and in the summary's list.
    saved = client.post(step_url(offer["id"], "costs"), data=data, follow_redirects=True)
    assert errors_at(saved, "f-admin_costs") == [warning]
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    assert problem_links(summary)["admin_costs"]
    [item] = parse(summary).xpath('//ol[@class="problem-list"]/li[@data-path="admin_costs"]')
    assert item.text_content().endswith(warning)


def test_the_parts_say_in_words_which_are_done_to_fix_or_not_started(client, login, ngo_user, org, open_call, db):
    login(ngo_user)
    start = client.get(f"/ngo/calls/{open_call.id}/offers/new")
    data = form_data(start)
    data["title"] = "Nowa"
    location = client.post(f"/ngo/calls/{open_call.id}/offers/new", data=data).headers["Location"]
    offer_id = int(location.split("/")[3])

    def states():
        links = parse(client.get(step_url(offer_id, "task"))).xpath('//nav[@class="step-nav"]//a')
        return {a.get("href").rsplit("/", 1)[-1]: " ".join(a.text_content().split()) for a in links}

    fresh = states()
    assert fresh["plan"] == "III.4. Plan i harmonogram działań ○ (nie zaczęte)"
    assert "call" in fresh and "(" not in fresh["call"]  # part I fills itself: no state
    form = step_form(client.get(step_url(offer_id, "offerors")), "offerors")
    form.update({"contact.name": "Olena Kowalczuk", "contact.email": "olena@geko.example"})
    assert client.post(step_url(offer_id, "offerors"), data=form).status_code == 302
    form = step_form(client.get(step_url(offer_id, "task")), "task")
    form["place"] = "Opole"  # begun, but the description and dates are still missing
    assert client.post(step_url(offer_id, "task"), data=form).status_code == 302
    now = states()
    assert now["offerors"].endswith("✓ (gotowe)")
    assert now["task"].endswith("! (do poprawy)")
    assert now["plan"].endswith("○ (nie zaczęte)")
