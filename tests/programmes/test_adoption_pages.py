"""Adoption and amendments in the browser, without JavaScript: the adopt form asks for confirmation first and
shows the art. 5a ust. 1 warning there; the amend form has the priorities as rows; the public page shows the
resolution and the amendments."""

from datetime import date

from grants.extensions import db
from grants.programmes.models import ProgrammeAdoption
from tests.programmes.year_helpers import day
from tests.web.pages import errors_at, flashes, form_data, parse, text, value_of


def _page(programme):
    return f"/office/programmes/{programme['id']}"


def _adopted(officer_api_client, programme, adopted_on=None):
    response = officer_api_client.post(
        f"/api/v1/programmes/{programme['id']}/adopt",
        json={"resolution_number": "XX/345/26", "adopted_on": adopted_on or day(-20)},
    )
    assert response.status_code == 200


def test_adoption_is_confirmed_and_a_late_one_warned(client, login, officer, draft_programme):
    login(officer)
    data = form_data(client.get(_page(draft_programme)), "/adopt")
    late_day = date(draft_programme["year"] - 1, 12, 1).isoformat()
    data.update({"adopt-resolution_number": "XX/345/26", "adopt-adopted_on": late_day})
    confirm = client.post(f"{_page(draft_programme)}/adopt", data=data)
    assert confirm.status_code == 200 and "art. 5a ust. 1" in text(confirm)
    assert db.session.scalar(db.select(db.func.count(ProgrammeAdoption.id))) == 0  # nothing recorded yet
    confirmed = form_data(confirm, "/adopt")
    assert confirmed["confirm"] == "yes" and confirmed["adopt-adopted_on"] == late_day
    done = client.post(f"{_page(draft_programme)}/adopt", data=confirmed, follow_redirects=True)
    assert done.status_code == 200 and flashes(done, "warning")
    adoption = db.session.scalars(db.select(ProgrammeAdoption)).one()
    assert adoption.resolution_number == "XX/345/26" and adoption.adopted_on.isoformat() == late_day
    assert f'action="/office/programmes/{draft_programme["id"]}/adopt"' not in done.get_data(as_text=True)


def test_in_time_adoption_has_no_late_warning_on_the_confirmation(client, login, officer, draft_programme):
    login(officer)
    data = form_data(client.get(_page(draft_programme)), "/adopt")
    data.update({"adopt-resolution_number": "XX/345/26", "adopt-adopted_on": f"{draft_programme['year'] - 1}-11-30"})
    confirm = client.post(f"{_page(draft_programme)}/adopt", data=data)
    assert confirm.status_code == 200 and "art. 5a ust. 1" not in text(confirm)


def test_a_bad_adoption_form_keeps_what_was_typed(client, login, officer, draft_programme):
    login(officer)
    data = form_data(client.get(_page(draft_programme)), "/adopt")
    data.update({"adopt-resolution_number": "XX/345/26", "adopt-adopted_on": "jutro"})
    refused = client.post(f"{_page(draft_programme)}/adopt", data=data)
    assert refused.status_code == 422 and errors_at(refused, "f-adopt-adopted_on")
    assert value_of(refused, "f-adopt-resolution_number") == "XX/345/26"


def test_the_amend_form_changes_priorities_as_rows(client, login, officer, officer_api_client, draft_programme):
    _adopted(officer_api_client, draft_programme)
    login(officer)
    page = client.get(_page(draft_programme))
    data = form_data(page, "/amendments")
    assert data["priorities-0-code"] == "P1" and data["priorities-1-budget"] == "100000,00"
    data.update({"priorities-1-budget": "120000,00", "amend-resolution_number": "XXI/400/27"})
    data["amend-adopted_on"] = day(0)
    refused = client.post(f"{_page(draft_programme)}/amendments", data=data)
    assert refused.status_code == 422 and errors_at(refused, "f-amend-reason")
    assert value_of(refused, "f-priorities-1-budget") == "120000,00"
    data["amend-reason"] = "Więcej środków na kulturę."
    done = client.post(f"{_page(draft_programme)}/amendments", data=data, follow_redirects=True)
    assert done.status_code == 200 and flashes(done, "success")
    amendment = db.session.scalars(db.select(ProgrammeAdoption).where(ProgrammeAdoption.number == 1)).one()
    assert amendment.changes["priorities"]["before"][1]["budget"] == "100000.00"
    assert amendment.changes["priorities"]["after"][1]["budget"] == "120000.00"
    client.post("/logout")
    public = client.get(f"/programmes/{draft_programme['id']}")
    body = text(public)
    assert "XX/345/26" in body and "XXI/400/27" in body and "Więcej środków na kulturę." in body
    assert parse(public).xpath('//tr[@class="changed"]/th[text()="P2"]')


def test_the_edit_form_refuses_an_adopted_programme(client, login, officer, officer_api_client, draft_programme):
    _adopted(officer_api_client, draft_programme)
    login(officer)
    page = client.get(_page(draft_programme))
    assert f"/office/programmes/{draft_programme['id']}/edit" not in page.get_data(as_text=True)
    data = {"year": str(draft_programme["year"]), "title": "Nowy tytuł", "priorities-0-code": "P1"}
    assert client.post(f"/office/programmes/{draft_programme['id']}/edit", data=data).status_code == 409


def test_pages_in_ukrainian_and_english(client, login, officer, draft_programme):
    login(officer)
    for lang, word in (("uk", "Консультації"), ("en", "Consultation")):
        assert word.lower() in text(client.get(f"{_page(draft_programme)}?lang={lang}")).lower()
