"""The announcing body (issue 11): the organ named in the office's settings (art. 13 ust. 1: the organ announces,
e.g. "Prezydent Miasta Opola") with the act that announces the call (zarządzenie nr … z dnia …) — on the public
page and in the announcement's PDF — rather than the referat; the act optional in the draft and, since the API's
publish has always answered 200 without it, a warning (not a refusal) at publication."""

from grants.documents import context, samples
from grants.extensions import db
from tests.helpers import call_payload
from tests.web.pages import element, form_data, value_of


def announcement_facts(client, call) -> dict[str, str]:
    """The announcement's first list of facts: {term: description}."""
    section = element(client.get(f"/calls/{call.id}"), "announcement-heading").getparent()
    terms = section.xpath(".//dl[1]/dt")
    return {" ".join(dt.text_content().split()): " ".join(dt.getnext().text_content().split()) for dt in terms}


ACT = {"announcement_act_number": "OR-I.0050.388.2026", "announcement_act_date": "2026-12-28"}


def test_the_office_names_its_organ_in_its_settings(client, login, officer, office):
    login(officer)
    page = client.get("/office/contract-settings")
    assert value_of(page, "f-organ_name") == ""
    data = {**form_data(page), "organ_name": "Prezydent Miasta Opola"}
    assert client.post("/office/contract-settings", data=data).status_code == 302
    db.session.expire_all()
    assert office.organ_name == "Prezydent Miasta Opola"


def test_the_public_page_names_the_organ_and_its_act(client, office, make_call):
    office.organ_name = "Prezydent Miasta Opola"
    db.session.commit()
    call = make_call(publish=True, **ACT)
    facts = announcement_facts(client, call)
    assert facts["Ogłaszający"] == "Prezydent Miasta Opola"
    assert facts["Akt ogłaszający konkurs"] == "zarządzenie nr OR-I.0050.388.2026 z dnia 28 grudnia 2026 r."
    assert facts["Konkurs prowadzi"] == "Urząd Miasta Opola — Referat ds. Integracji Społecznej"


def test_without_an_organ_the_office_still_announces(client, make_call):
    call = make_call(publish=True)
    facts = announcement_facts(client, call)
    assert facts["Ogłaszający"] == "Urząd Miasta Opola — Referat ds. Integracji Społecznej"
    assert "Konkurs prowadzi" not in facts and "Akt ogłaszający konkurs" not in facts


def test_the_act_is_typed_in_the_forms_first_step(client, login, officer, db):
    from grants.calls.models import Call

    login(officer)
    page = client.get("/office/calls/new")
    assert element(page, "step-basics").xpath('.//*[@id="f-announcement_act_number"]')
    assert element(page, "f-announcement_act_date").get("type") == "date"
    data = call_payload(announcement_act_number="OR-I.0050.388.2026", announcement_act_date="28.12.2026")
    data = {k: str(v) for k, v in data.items()}
    assert client.post("/office/calls/new", data=data).status_code == 302
    call = db.session.scalar(db.select(Call).order_by(Call.id.desc()))
    assert (call.announcement_act_number, call.announcement_act_date.isoformat()) == tuple(ACT.values())


def test_publication_without_the_act_answers_200_with_a_warning(api, officer):
    client = api(officer)
    bare = client.post("/api/v1/calls", json=call_payload()).get_json()
    response = client.post(f"/api/v1/calls/{bare['id']}/publish")
    assert response.status_code == 200
    assert "announcement_act_missing" in [w["code"] for w in response.get_json()["warnings"]]
    named = client.post("/api/v1/calls", json=call_payload(**ACT)).get_json()
    published = client.post(f"/api/v1/calls/{named['id']}/publish").get_json()
    assert "announcement_act_missing" not in [w["code"] for w in published["warnings"]]
    assert (published["announcement_act_number"], published["announcement_act_date"]) == tuple(ACT.values())


def test_the_announcement_pdf_names_the_organ_and_the_act(app):
    from grants.documents import render
    from tests.documents.pdf import flat, pdf_text

    doc = context.call_announcement(samples.call_announcement())
    assert (doc["organ"], doc["act_number"], doc["act_date"]) == (
        "Prezydent Miasta Opola",
        "OR-I.0050.388.2026",
        "28 grudnia 2026 r.",
    )
    from tests.documents.test_render import META

    pdf = render.render_document("call_announcement", doc, dict(META, kind="call_announcement"), app=app).pdf
    printed = flat(pdf_text(pdf))
    assert "Załącznik do zarządzenia nr OR-I.0050.388.2026 z dnia 28 grudnia 2026 r." in printed
    assert "o wolontariacie Prezydent Miasta Opola ogłasza otwarty konkurs ofert" in printed
    assert "Konkurs prowadzi: Urząd Miasta Opola — Referat ds. Integracji Społecznej" in printed
