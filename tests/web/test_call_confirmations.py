"""The officer's irreversible acts on a call, each behind a page that says what will happen (issue 11): publish
(public at once, the 21 days running, no way back), the end of a published call — odwołanie or unieważnienie
under art. 18a ust. 1 with its ground — published in the three places, and "Usuń projekt" for a draft."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from grants.audit.log import entries_for
from grants.calls.models import Call, CallStatus, CancelGround, CancelKind
from tests.helpers import future
from tests.web.pages import element, errors_at, flashes, form_data, parse, text


@pytest.fixture
def officer_client(client, login, officer):
    login(officer)
    return client


def fresh(db, call_id: int) -> Call | None:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Call, call_id)


def first_step(response, action: str) -> dict:
    """The call page's form for the act, as a browser would post it."""
    return form_data(response, f"/{action}")


# ---------------------------------------------------------------- publish


def test_publish_asks_for_confirmation_saying_what_will_happen(officer_client, make_call, db):
    call = make_call()
    page = officer_client.get(f"/office/calls/{call.id}")
    assert "Opublikuj ogłoszenie…" in text(page)
    confirm = officer_client.post(f"/office/calls/{call.id}/publish", data=first_step(page, "publish"))
    assert confirm.status_code == 200
    assert fresh(db, call.id).status == CallStatus.draft  # nothing happened yet
    said = text(confirm)
    assert "Potwierdź publikację ogłoszenia" in said
    assert "każdy zobaczy" in said and "od razu składać oferty" in said
    assert "art. 13 ust. 1" in said and "Publikacji nie można cofnąć" in said
    # No act of the organ named yet: said, with the way to name it.
    assert "zarządzenia" in said
    assert f"/office/calls/{call.id}/edit#f-announcement_act_number" in parse(confirm).xpath("//main//a/@href")
    done = officer_client.post(f"/office/calls/{call.id}/publish", data=form_data(confirm, "/publish"))
    assert done.status_code == 302
    assert fresh(db, call.id).status == CallStatus.published


def test_a_refused_publication_never_reaches_the_confirmation(officer_client, make_call, db):
    call = make_call(submission_deadline=future(10))  # under the 21 days of art. 13 ust. 1
    page = officer_client.get(f"/office/calls/{call.id}")
    response = officer_client.post(f"/office/calls/{call.id}/publish", data=first_step(page, "publish"))
    assert response.status_code == 422
    assert "Potwierdź publikację" not in text(response)
    assert errors_at(response, "f-submission_deadline")


# ---------------------------------------------------------------- odwołanie, unieważnienie


def test_an_open_call_is_withdrawn_after_confirmation_without_art_18a(officer_client, make_call, db):
    call = make_call(publish=True)
    page = officer_client.get(f"/office/calls/{call.id}")
    data = {**first_step(page, "cancel"), "ground": "withdrawal", "reason": "Zmiana przepisów o dotacjach."}
    confirm = officer_client.post(f"/office/calls/{call.id}/cancel", data=data)
    assert confirm.status_code == 200
    assert fresh(db, call.id).status == CallStatus.published
    said = text(confirm)
    assert "Potwierdź odwołanie konkursu" in said
    assert "nie powołują się na ten przepis" in said and "Tego nie można cofnąć" in said
    assert "w BIP, na tablicy ogłoszeń i na stronie internetowej" in said
    assert "rozpoczęły oferty w tym konkursie (0)" in said
    assert len(parse(confirm).xpath('//input[@type="datetime-local"]')) == 3
    done = officer_client.post(f"/office/calls/{call.id}/cancel", data=form_data(confirm, "/cancel"))
    assert done.status_code == 302
    call = fresh(db, call.id)
    assert (call.status, call.cancel_kind, call.cancel_ground) == (CallStatus.cancelled, CancelKind.withdrawal, None)
    assert set(call.cancel_publications) == {"bip", "noticeboard", "website"}
    public = officer_client.get(f"/calls/{call.id}")
    notice = " ".join(element(public, "cancellation").text_content().split())
    assert "Konkurs odwołany" in notice and "18a" not in notice
    assert "Zmiana przepisów o dotacjach." in notice and "Biuletyn Informacji Publicznej" in notice
    assert parse(public).xpath('//span[@data-phase="cancelled"]')[0].text_content().strip() == "odwołany"


def test_art_18a_ground_the_facts_contradict_is_refused_on_the_field(officer_client, make_call, db):
    call = make_call(publish=True)
    page = officer_client.get(f"/office/calls/{call.id}")
    data = {**first_step(page, "cancel"), "ground": "no_offers", "reason": "Brak ofert."}
    response = officer_client.post(f"/office/calls/{call.id}/cancel", data=data)
    assert response.status_code == 422
    assert any("art. 18a" in m for m in errors_at(response, "f-ground"))
    assert element(response, "f-ground").xpath(".//option[@selected]/@value") == ["no_offers"]
    assert fresh(db, call.id).status == CallStatus.published


def test_no_offer_after_the_deadline_is_cancelled_under_pkt_1_and_published(client, login, officer, make_call, db):
    call = make_call(publish=True)
    officer_client = client
    with freeze_time(call.submission_deadline + timedelta(hours=2)):
        login(officer)  # a session signed in before the jump would have expired
        page = officer_client.get(f"/office/calls/{call.id}")
        data = {**first_step(page, "cancel"), "ground": "no_offers", "reason": "Nie złożono żadnej oferty."}
        confirm = officer_client.post(f"/office/calls/{call.id}/cancel", data=data)
        assert "art. 18a ust. 1 pkt 1" in element(confirm, "what-heading").getparent().text_content()
        assert "Potwierdź unieważnienie konkursu (art. 18a ust. 1 pkt 1 ustawy)" in text(confirm)
        done = officer_client.post(f"/office/calls/{call.id}/cancel", data=form_data(confirm, "/cancel"))
        assert done.status_code == 302
        assert "unieważniony (art. 18a" in " ".join(flashes(officer_client.get(done.headers["Location"]), "success"))
    call = fresh(db, call.id)
    assert (call.cancel_kind, call.cancel_ground) == (CancelKind.cancellation, CancelGround.no_offers)
    notice = " ".join(element(officer_client.get(f"/calls/{call.id}"), "cancellation").text_content().split())
    assert "art. 18a ust. 1 pkt 1" in notice and "art. 18a ust. 2" in notice


def test_a_publication_time_refused_on_the_confirmation_page_stays_there(officer_client, make_call, db):
    call = make_call(publish=True)
    page = officer_client.get(f"/office/calls/{call.id}")
    confirm = officer_client.post(
        f"/office/calls/{call.id}/cancel", data={**first_step(page, "cancel"), "reason": "Odwołanie."}
    )
    data = {**form_data(confirm, "/cancel"), "publications-1-published_at": "wczoraj"}
    response = officer_client.post(f"/office/calls/{call.id}/cancel", data=data)
    assert response.status_code == 422
    assert "Potwierdź odwołanie konkursu" in text(response)
    assert errors_at(response, "f-publications-1-published_at")
    assert fresh(db, call.id).status == CallStatus.published


# ---------------------------------------------------------------- "Usuń projekt"


def test_a_draft_is_deleted_after_confirmation(officer_client, make_call, db):
    call_id = make_call(title="Projekt, który usuniemy").id
    page = officer_client.get(f"/office/calls/{call_id}")
    assert f"/office/calls/{call_id}/delete" in parse(page).xpath("//main//a/@href")
    confirm = officer_client.get(f"/office/calls/{call_id}/delete")
    assert confirm.status_code == 200
    said = text(confirm)
    assert "Usunąć projekt ogłoszenia?" in said and "nikogo nie zawiadamia" in said
    assert "historii zmian urzędu" in said and "nie można cofnąć" in said
    done = officer_client.post(f"/office/calls/{call_id}/delete", data=form_data(confirm, "/delete"))
    assert done.status_code == 302 and done.headers["Location"] == "/office/"
    assert fresh(db, call_id) is None
    assert officer_client.get(f"/office/calls/{call_id}").status_code == 404
    [entry] = [e for e in entries_for("call", call_id) if e.action == "call.delete"]
    assert entry.before["title"] == "Projekt, który usuniemy"


def test_delete_refusals(client, login, officer, other_officer, evaluator, make_call, db):
    draft, published = make_call(), make_call(publish=True)
    login(other_officer)
    assert client.get(f"/office/calls/{draft.id}/delete").status_code == 404
    assert client.post(f"/office/calls/{draft.id}/delete").status_code == 404
    client.post("/logout")
    login(evaluator)
    assert client.post(f"/office/calls/{draft.id}/delete").status_code == 403
    client.post("/logout")
    login(officer)
    assert client.get(f"/office/calls/{published.id}/delete").status_code == 409
    assert client.post(f"/office/calls/{published.id}/delete").status_code == 409
    assert fresh(db, draft.id) is not None and fresh(db, published.id).status == CallStatus.published
