"""The NGO's small grant in the browser, without JavaScript (art. 19a; the simplified offer of Dz.U. 2018
poz. 2055): the dashboard's entry, the start (office, organisation, title), the form in its sections with the
limits stated beside the fields, saving (a limit broken is saved and named on its field; malformed input is
shown back as typed), "Przelicz", submission behind a confirmation page, the confirmation with the control
code, the list with statuses, withdrawal — and the refusals: another organisation 404, staff 403."""

from datetime import timedelta

import pytest

from grants.offers.models import OfferVersion
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from tests.helpers import NOW, PASSWORD
from tests.smallgrants.helpers import TASK_START, small_grant_payload


@pytest.fixture
def browser(app, ngo_user, org):
    client = app.test_client()
    assert client.post("/login", data={"email": ngo_user.email, "password": PASSWORD}).status_code == 302
    return client


def _form(org_id=None, **overrides) -> dict:
    """The form as a browser sends it, from the API's payload (dotted names, strings)."""
    payload = small_grant_payload(**overrides)
    data = {}
    for key, value in payload.items():
        if key in ("results_table", "cost_items"):
            for i, row in enumerate(value):
                data.update({f"{key}.{i}.{name}": text for name, text in row.items()})
        elif key == "contact":
            data.update({f"contact.{name}": text for name, text in value.items()})
        elif key == "statements":
            if value["accepted"]:
                data["statements.accepted"] = "1"
        else:
            data[key] = value
    return data


def _start(browser, office, org, title="Festyn sąsiedzki") -> int:
    response = browser.post(
        "/ngo/small-grants/new", data={"office_id": str(office.id), "organization_id": str(org.id), "title": title}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_from_the_dashboard_to_a_submitted_offer_with_its_control_code(browser, office, org, db):
    dashboard = browser.get("/ngo/").get_data(as_text=True)
    assert "/ngo/small-grants/" in dashboard and "Mały grant (art. 19a)" in dashboard
    start = browser.get("/ngo/small-grants/new")
    assert start.status_code == 200 and office.name in start.get_data(as_text=True)
    small_grant_id = _start(browser, office, org)
    page = browser.get(f"/ngo/small-grants/{small_grant_id}").get_data(as_text=True)
    for section in ("I. Dane oferenta", "II. Zakres rzeczowy", "III. Kalkulacja", "IV. Oświadczenia"):
        assert section in page
    assert "art. 19a ust. 1 pkt 1" in page and "art. 19a ust. 1 pkt 2" in page  # the limits beside the fields
    assert org.name in page and 'name="csrf_token"' in page and 'name="cost_items.1.unit_cost"' in page
    saved = browser.post(f"/ngo/small-grants/{small_grant_id}", data={**_form(), "lock_version": "0", "go": "stay"})
    assert saved.status_code == 302
    page = browser.get(f"/ngo/small-grants/{small_grant_id}").get_data(as_text=True)
    assert "6\u00a0000,00\u00a0zł" in page and "5\u00a0000,00\u00a0zł" in page  # total cost, requested grant
    confirm = browser.get(f"/ngo/small-grants/{small_grant_id}/submit")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "7 dni roboczych" in text and "art. 19a ust. 4" in text
    assert db.session.get(SmallGrant, small_grant_id).status == SmallGrantStatus.draft  # GET changes nothing
    submitted = browser.post(f"/ngo/small-grants/{small_grant_id}/submit", data={})
    assert submitted.status_code == 302
    version = db.session.scalar(db.select(OfferVersion).where(OfferVersion.offer_id == small_grant_id))
    shown = browser.get(f"/ngo/small-grants/{small_grant_id}").get_data(as_text=True)
    assert version.control_code in shown and "Potwierdzenie złożenia oferty" in shown
    assert "złożona — czeka na publikację" in shown
    listed = browser.get("/ngo/small-grants/").get_data(as_text=True)
    assert version.control_code in listed and "złożona — czeka na publikację" in listed


def test_a_grant_over_10000_zl_and_a_task_of_91_days_are_saved_and_named(browser, office, org, db):
    """Art. 19a ust. 1 pkt 1–2: saving keeps everything typed and names the limit on its field."""
    small_grant_id = _start(browser, office, org)
    end = (TASK_START + timedelta(days=90)).isoformat()  # the 91st day
    data = {**_form(task_end=end), "cost_items.0.grant_part": "4000.01", "cost_items.1.grant_part": "6000.00"}
    data["cost_items.1.unit_cost"] = "6000.00"
    saved = browser.post(f"/ngo/small-grants/{small_grant_id}", data={**data, "go": "stay"})
    assert saved.status_code == 302
    small_grant = db.session.get(SmallGrant, small_grant_id)
    assert str(small_grant.requested_grant) == "10000.01" and small_grant.task_end.isoformat() == end
    page = browser.get(f"/ngo/small-grants/{small_grant_id}").get_data(as_text=True)
    assert 'id="f-requested_grant"' in page and "najwyższą kwotę małego grantu" in page
    assert "Zadanie trwałoby 91 dni" in page
    confirm = browser.get(f"/ngo/small-grants/{small_grant_id}/submit").get_data(as_text=True)
    assert "Oferty nie można jeszcze złożyć" in confirm
    refused = browser.post(f"/ngo/small-grants/{small_grant_id}/submit", data={})
    assert refused.status_code == 422 and db.session.get(SmallGrant, small_grant_id).status == SmallGrantStatus.draft


def test_malformed_input_comes_back_as_typed_with_the_error_on_the_field(browser, office, org, db):
    small_grant_id = _start(browser, office, org)
    data = {**_form(), "cost_items.0.unit_cost": "sto złotych", "task_start": "jutro", "go": "stay"}
    refused = browser.post(f"/ngo/small-grants/{small_grant_id}", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'value="sto złotych"' in page and 'value="jutro"' in page and "Sąsiedzki festyn" in page
    assert 'id="f-cost_items-0-unit_cost-error"' in page and 'id="f-task_start-error"' in page
    assert db.session.get(SmallGrant, small_grant_id).title == "Festyn sąsiedzki"  # nothing written


def test_przelicz_recomputes_without_saving(browser, office, org, db):
    small_grant_id = _start(browser, office, org)
    recalculated = browser.post(f"/ngo/small-grants/{small_grant_id}", data={**_form(), "go": "recalculate"})
    page = recalculated.get_data(as_text=True)
    assert recalculated.status_code == 200 and "6\u00a0000,00\u00a0zł" in page and "nic nie zostało" in page
    assert db.session.get(SmallGrant, small_grant_id).requested_grant == 0


def test_withdraw_behind_a_confirmation_page(browser, office, org, db):
    small_grant_id = _start(browser, office, org)
    browser.post(f"/ngo/small-grants/{small_grant_id}", data={**_form(), "go": "stay"})
    browser.post(f"/ngo/small-grants/{small_grant_id}/submit", data={})
    confirm = browser.get(f"/ngo/small-grants/{small_grant_id}/withdraw")
    assert confirm.status_code == 200 and "Wycofuję ofertę" in confirm.get_data(as_text=True)
    assert db.session.get(SmallGrant, small_grant_id).status == SmallGrantStatus.submitted
    assert browser.post(f"/ngo/small-grants/{small_grant_id}/withdraw", data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SmallGrant, small_grant_id).status == SmallGrantStatus.withdrawn
    assert "wycofana" in browser.get("/ngo/small-grants/").get_data(as_text=True)


def test_the_list_names_publication_and_refusal(browser, office, org, db):
    ids = [_start(browser, office, org, title=f"Zadanie {n}") for n in range(2)]
    published, refused = (db.session.get(SmallGrant, i) for i in ids)
    published.status, published.published_at = SmallGrantStatus.published, NOW
    published.comments_until = NOW + timedelta(days=8)
    refused.status, refused.decided_at, refused.decision_reason = SmallGrantStatus.refused, NOW, "Brak środków"
    db.session.commit()
    listed = browser.get("/ngo/small-grants/").get_data(as_text=True)
    assert "opublikowana — uwagi do" in listed and "odrzucona: Brak środków" in listed


def test_refusals(app, browser, office, org, officer, other_ngo_user, db):
    small_grant_id = _start(browser, office, org)
    other = app.test_client()
    other.post("/login", data={"email": other_ngo_user.email, "password": PASSWORD})
    for path in ("", "/submit", "/withdraw"):
        assert other.get(f"/ngo/small-grants/{small_grant_id}{path}").status_code == 404
    assert other.post(f"/ngo/small-grants/{small_grant_id}", data=_form()).status_code == 404
    staff = app.test_client()
    staff.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert staff.get(f"/ngo/small-grants/{small_grant_id}").status_code == 403
    assert staff.get("/ngo/small-grants/new").status_code == 403
    anonymous = app.test_client().get(f"/ngo/small-grants/{small_grant_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    no_office = browser.post(
        "/ngo/small-grants/new", data={"office_id": "", "organization_id": str(org.id), "title": ""}
    )
    text = no_office.get_data(as_text=True)
    assert no_office.status_code == 422 and 'id="f-office_id-error"' in text


def test_autosave_answers_json(browser, office, org, db):
    small_grant_id = _start(browser, office, org)
    saved = browser.post(f"/ngo/small-grants/{small_grant_id}/autosave", data={**_form(), "lock_version": "0"})
    assert saved.status_code == 200 and saved.get_json()["figures"]["requested_grant"] == "5000.00"
    stale = browser.post(f"/ngo/small-grants/{small_grant_id}/autosave", data={**_form(), "lock_version": "0"})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"
    bad = browser.post(f"/ngo/small-grants/{small_grant_id}/autosave", data={**_form(), "own_financial": "x"})
    assert bad.status_code == 422 and "own_financial" in bad.get_json()["fields"]
