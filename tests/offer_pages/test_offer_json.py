"""The two JSON endpoints offer.js calls: the autosave (the same form, one update_offer) and the live
estimate (figures.preview, nothing written). Paths in the answers use the page's row numbers."""

from grants.offers.models import Offer
from tests.offer_pages.helpers import client_for, step_url, stored
from tests.web.pages import form_data


def page_form(client, offer_id, step):
    return form_data(client.get(step_url(offer_id, step)), f"/steps/{step}")


def test_autosave_saves_the_step_and_answers_the_new_lock_and_time(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = page_form(client, offer["id"], "task")
    data["target_group"] = "Dorośli cudzoziemcy z Opola i okolic"
    response = client.post(step_url(offer["id"], "task") + "/autosave", data=data)
    assert response.status_code == 200
    body = response.get_json()
    saved = stored(db, offer["id"])
    assert saved.content["target_group"] == "Dorośli cudzoziemcy z Opola i okolic"
    assert body["ok"] is True and body["lock_version"] == saved.lock_version == offer["lock_version"] + 1
    assert len(body["saved_at"]) == 8 and body["saved_at"].count(":") == 2  # HH:MM:SS, Warsaw


def test_autosave_with_a_stale_lock_is_409_json_and_saves_nothing(app, client, login, ngo_user, colleague, draft, db):
    offer = draft()
    login(ngo_user)
    data = page_form(client, offer["id"], "offeror")
    other = client_for(app, colleague)
    theirs = page_form(other, offer["id"], "offeror")
    theirs["resources"] = "Zasoby według Tarasa."
    assert other.post(step_url(offer["id"], "offeror") + "/autosave", data=theirs).status_code == 200

    data["resources"] = "Moje zasoby."
    response = client.post(step_url(offer["id"], "offeror") + "/autosave", data=data)
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "edit_conflict" and "Ktoś inny zapisał tę ofertę" in body["message"]
    assert body["lock_version"] == offer["lock_version"] + 1 and body["author"] == "Taras Kolega"
    assert stored(db, offer["id"]).content["resources"] == "Zasoby według Tarasa."


def test_autosave_refusal_names_the_fields_by_the_pages_row_numbers(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = page_form(client, offer["id"], "costs")
    data["cost_items.0.remove"] = "on"  # the page's row 0 goes away…
    data["cost_items.2.quantity"] = "-3"  # …so the operation sees this as item 1
    response = client.post(step_url(offer["id"], "costs") + "/autosave", data=data)
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert list(fields) == ["cost_items.2.quantity"]
    assert stored(db, offer["id"]).lock_version == offer["lock_version"]


def test_autosave_answers_json_for_a_lost_session_and_for_others_offers(
    app, client, draft, other_ngo_user, other_org, officer
):
    offer = draft()
    anonymous = client.post(step_url(offer["id"], "task") + "/autosave", data={"title": "x"})
    assert anonymous.status_code == 401 and anonymous.get_json()["error"] == "unauthorized"
    stranger = client_for(app, other_ngo_user)
    refused = stranger.post(step_url(offer["id"], "task") + "/autosave", data={"title": "Przejęta"})
    assert refused.status_code == 404 and refused.get_json()["error"] == "not_found"
    staff = client_for(app, officer)
    assert staff.post(step_url(offer["id"], "task") + "/autosave", data={"title": "x"}).status_code == 403
    assert staff.post(step_url(offer["id"], "task") + "/preview", data={"title": "x"}).status_code == 403


def test_preview_adds_up_the_typed_costs_without_saving(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    data = page_form(client, offer["id"], "costs")
    data["cost_items.0.quantity"] = "130"  # +1 000,00 zł
    # A new line in the blank row under action 2 (the page numbers it 5).
    data.update(
        {
            "cost_items.5.name": "Zeszyty",
            "cost_items.5.unit": "sztuka",
            "cost_items.5.quantity": "3",
            "cost_items.5.unit_cost": "3,33",
        }
    )
    response = client.post(step_url(offer["id"], "costs") + "/preview", data=data)
    assert response.status_code == 200
    body = response.get_json()
    assert body["figures"]["total_cost"] == "20\xa0529,99\xa0zł"
    assert body["line_values"]["0"] == "13\xa0000,00\xa0zł" and body["line_values"]["5"] == "9,99\xa0zł"
    assert body["action_totals"]["1"] == "5\xa0029,99\xa0zł"
    assert "own_contribution" in body["messages"]  # V.B no longer covers the costs
    assert "pokrywają o 1\xa0009,99\xa0zł mniej" in body["messages"]["own_contribution"][0]
    assert stored(db, offer["id"]).lock_version == offer["lock_version"]
    assert stored(db, offer["id"]).content["cost_items"][0]["quantity"] == "120.00"


def test_preview_reports_parse_errors_and_rule_problems_at_their_fields(client, login, ngo_user, draft):
    offer = draft()
    login(ngo_user)
    data = page_form(client, offer["id"], "costs")
    data["cost_items.1.grant_part"] = "5000"
    data["cost_items.3.unit_cost"] = "dwieście"
    messages = client.post(step_url(offer["id"], "costs") + "/preview", data=data).get_json()["messages"]
    assert "przekracza wartość pozycji" in messages["cost_items.1.grant_part"][0]
    assert messages["cost_items.3.unit_cost"] == [
        "Podaj kwotę w złotych, np. 12345,67 (najwyżej dwa miejsca po przecinku)."
    ]
    # From the summary's list (check=1) the preview also says what a submission still misses.
    task = page_form(client, offer["id"], "task")
    task.update({"place": "", "check": "1"})
    checked = client.post(step_url(offer["id"], "task") + "/preview", data=task).get_json()["messages"]
    assert checked["place"] == ["To pole jest wymagane do złożenia oferty."]
    task["check"] = "0"
    plain = client.post(step_url(offer["id"], "task") + "/preview", data=task).get_json()["messages"]
    assert "place" not in plain


def test_autosave_of_the_plan_tells_where_each_row_now_is(client, login, ngo_user, draft, db):
    offer = draft(
        actions=[
            {"name": "Rekrutacja", "description": "Plakaty", "target_group": "cudzoziemcy", "period": "styczeń"},
            {"name": "Kurs A1", "description": "Zajęcia", "target_group": "20 osób", "period": "luty–czerwiec"},
            {"name": "Kurs A2", "description": "Zajęcia", "target_group": "20 osób", "period": "wrzesień"},
        ],
        cost_items=[
            {
                "action": 2,
                "name": "Lektor A2",
                "unit": "godzina",
                "quantity": "50",
                "unit_cost": "100.00",
                "grant_part": "5000.00",
            }
        ],
    )
    login(ngo_user)
    data = page_form(client, offer["id"], "plan")
    data["actions.0.remove"] = "on"
    data.update(
        {
            "actions.3.name": "Piknik",
            "actions.3.description": "Na koniec",
            "actions.3.target_group": "rodziny",
            "actions.3.period": "grudzień",
        }
    )
    body = client.post(step_url(offer["id"], "plan") + "/autosave", data=data).get_json()
    assert body["rows"]["actions"] == [[1, 0], [2, 1], [3, 2]]
    content = stored(db, offer["id"]).content
    assert [a["name"] for a in content["actions"]] == ["Kurs A1", "Kurs A2", "Piknik"]
    assert content["cost_items"][0]["action"] == 1  # followed "Kurs A2" to its new place
    # The page updates the origins (offer.js); the next autosave of the same page then changes nothing more.
    data.pop("actions.0.remove")
    for name in [k for k in data if k.startswith("actions.0.")]:
        data.pop(name)
    data.update(
        {
            "actions.1.origin": "0",
            "actions.2.origin": "1",
            "actions.3.origin": "2",
            "lock_version": str(body["lock_version"]),
        }
    )
    again = client.post(step_url(offer["id"], "plan") + "/autosave", data=data)
    assert again.status_code == 200
    assert stored(db, offer["id"]).content["cost_items"][0]["action"] == 1
    assert db.session.get(Offer, offer["id"]).lock_version == body["lock_version"] + 1
