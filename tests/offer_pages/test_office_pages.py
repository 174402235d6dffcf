"""The office's side: the submitted offers of a call (never drafts), the frozen offer as a page, the signed
confirmations recorded by control code, and the development outbox.

A confirmation's receipt date is a Warsaw calendar day: the one of `submitted_at` (a UTC instant) in Warsaw,
which between 23:00 and midnight UTC (22:00 in summer) is already the next day."""

import pytest

from grants.clock import warsaw_date
from grants.offers.models import Confirmation
from tests.offer_pages.helpers import client_for, count, stored
from tests.offer_pages.test_submission import PDF, upload
from tests.web.pages import element, errors_at, flashes, parse, summary_links, text, value_of


@pytest.fixture
def offers(app, ngo_user, draft, db):
    """Four offers of one call: a draft, a submitted one, a withdrawn one and a submitted, confirmed one
    (the confirmation is recorded in the test that needs it)."""
    ngo = client_for(app, ngo_user)
    made = {
        "draft": draft(title="Wersja robocza — nie dla urzędu"),
        "submitted": draft(title="Złożona oferta A"),
        "withdrawn": draft(title="Wycofana oferta B"),
        "confirmed": draft(
            title="Złożona oferta C",
            cost_items=[
                {
                    "action": 0,
                    "name": "Lektor",
                    "unit": "godzina",
                    "quantity": "100",
                    "unit_cost": "100.00",
                    "grant_part": "9000.00",
                },
                {
                    "action": "admin",
                    "name": "Księgowość",
                    "unit": "miesiąc",
                    "quantity": "5",
                    "unit_cost": "100.00",
                    "grant_part": "0.00",
                },
            ],
            own_financial="1500.00",
            own_non_financial_in_kind="0.00",
        ),
    }
    assert upload(ngo, made["submitted"]["id"], PDF, "statut.pdf", kind="statut").status_code == 302
    for key in ("submitted", "withdrawn", "confirmed"):
        offer_id = made[key]["id"]
        response = ngo.post(
            f"/ngo/offers/{offer_id}/submit", data={"lock_version": str(stored(db, offer_id).lock_version)}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert ngo.post(f"/ngo/offers/{made['withdrawn']['id']}/withdraw").status_code == 302
    return made


def test_the_list_counts_and_totals_submitted_offers_and_never_shows_drafts(app, offers, officer, open_call, db):
    office = client_for(app, officer)
    confirmed = stored(db, offers["confirmed"]["id"]).current_version
    assert (
        office.post(
            f"/office/calls/{open_call.id}/confirmations",
            data={
                "control_code": confirmed.control_code,
                "received_at": warsaw_date(confirmed.submitted_at).isoformat(),
                "channel": "epuap",
            },
        ).status_code
        == 302
    )
    page = office.get(f"/office/calls/{open_call.id}/offers")
    assert page.status_code == 200
    counts = {dd.get("data-count"): dd.text_content() for dd in parse(page).xpath("//dd[@data-count]")}
    assert counts == {"submitted": "2", "withdrawn": "1", "confirmed": "1", "unconfirmed": "1"}
    # 17 020,00 (A) + 9 000,00 (C) against the call's 120 000,00; the withdrawn B does not count
    assert element(page, "requested-total").text_content() == "26\xa0020,00\xa0zł"
    assert element(page, "budget-total").text_content() == "120\xa0000,00\xa0zł"
    assert element(page, "remaining").text_content() == "93\xa0980,00\xa0zł"
    body = page.get_data(as_text=True)
    assert "Wersja robocza — nie dla urzędu" not in body and "Wycofana oferta B" not in body
    row = " ".join(element(page, f"offer-{offers['submitted']['id']}").text_content().split())
    submitted = stored(db, offers["submitted"]["id"]).current_version
    assert "Fundacja GEKO" in row and "Złożona oferta A" in row and submitted.control_code in row
    assert "17 020,00 zł" in row and "brak" in row  # (split() turned the no-break spaces into spaces)
    assert "ePUAP" in " ".join(element(page, f"offer-{offers['confirmed']['id']}").text_content().split())
    # The call's page links here.
    call_page = office.get(f"/office/calls/{open_call.id}")
    assert parse(call_page).xpath(f'//a[@href="/office/calls/{open_call.id}/offers"]')


def test_the_frozen_offer_reads_as_a_page_with_its_attachments(app, offers, officer, open_call, db):
    office = client_for(app, officer)
    offer_id = offers["submitted"]["id"]
    page = office.get(f"/office/calls/{open_call.id}/offers/{offer_id}")
    assert page.status_code == 200
    body = text(page)
    for heading in (
        "I. Podstawowe informacje",
        "II. Dane oferenta",
        "III. Opis zadania",
        "IV. Charakterystyka",
        "V. Kalkulacja",
        "VI. Inne informacje",
        "VII. Oświadczenia",
    ):
        assert heading in body
    assert "Wynagrodzenie lektora" in body and "Kurs A2" in body
    assert element(page, "control-code").text_content() == stored(db, offer_id).current_version.control_code
    link = parse(page).xpath('//ul[@id="attachments"]//a/@href')[0]
    download = office.get(link)
    assert download.status_code == 200 and download.data == PDF
    # A draft is never shown, not even by its address.
    assert office.get(f"/office/calls/{open_call.id}/offers/{offers['draft']['id']}").status_code == 404


def test_a_confirmation_is_recorded_by_its_control_code(app, offers, officer, open_call, db):
    office = client_for(app, officer)
    version = stored(db, offers["submitted"]["id"]).current_version
    typed = version.control_code.replace("-", " ").lower()
    response = office.post(
        f"/office/calls/{open_call.id}/confirmations",
        data={"control_code": typed, "received_at": warsaw_date(version.submitted_at).isoformat(), "channel": "paper"},
    )
    assert response.status_code == 302
    done = flashes(office.get(response.headers["Location"]), "success")
    assert "Zarejestrowano potwierdzenie" in " ".join(done)
    assert stored(db, offers["submitted"]["id"]).current_version.confirmation.channel.value == "paper"


def test_confirmation_errors_are_at_their_fields_with_what_was_typed(app, offers, officer, open_call, db):
    office = client_for(app, officer)
    response = office.post(
        f"/office/calls/{open_call.id}/confirmations",
        data={"control_code": "XYZ-1", "received_at": "2030-13-40", "channel": ""},
    )
    assert response.status_code == 422
    assert "Podaj kod kontrolny z potwierdzenia" in errors_at(response, "f-control_code")[0]
    assert errors_at(response, "f-received_at") and errors_at(response, "f-channel")
    assert value_of(response, "f-control_code") == "XYZ-1"
    assert {"#f-control_code", "#f-received_at", "#f-channel"} <= set(summary_links(response))
    unknown = office.post(
        f"/office/calls/{open_call.id}/confirmations",
        data={"control_code": "AAAA-BBBB-CCCC", "received_at": "2026-01-05", "channel": "paper"},
    )
    assert (
        unknown.status_code == 422
        and "nie złożono oferty o kodzie AAAA-BBBB-CCCC" in errors_at(unknown, "f-control_code")[0]
    )
    withdrawn = stored(db, offers["withdrawn"]["id"]).current_version
    refused = office.post(
        f"/office/calls/{open_call.id}/confirmations",
        data={
            "control_code": withdrawn.control_code,
            "received_at": warsaw_date(withdrawn.submitted_at).isoformat(),
            "channel": "paper",
        },
    )
    assert refused.status_code == 409 and "została wycofana" in errors_at(refused, "f-control_code")[0]
    assert value_of(refused, "f-received_at") == warsaw_date(withdrawn.submitted_at).isoformat()
    assert count(db, Confirmation) == 0


def test_office_pages_are_for_the_calls_own_officers(
    app, client, offers, other_officer, ngo_user, evaluator, open_call
):
    offer_id = offers["submitted"]["id"]
    urls = [f"/office/calls/{open_call.id}/offers", f"/office/calls/{open_call.id}/offers/{offer_id}"]
    other = client_for(app, other_officer)
    for url in urls:
        assert other.get(url).status_code == 404, url
    refused = other.post(f"/office/calls/{open_call.id}/confirmations", data={"control_code": "x"})
    assert refused.status_code == 404
    for person in (ngo_user, evaluator):
        browser = client_for(app, person)
        for url in urls:
            assert browser.get(url).status_code == 403, url
    for url in urls:
        assert client.get(url).headers["Location"].startswith("/login")


def test_the_outbox_is_for_officers(app, client, offers, officer, ngo_user, evaluator, db):
    from grants.mail import OutboundMail

    office = client_for(app, officer)
    page = office.get("/office/outbox")
    assert page.status_code == 200
    mail = db.session.scalars(db.select(OutboundMail).order_by(OutboundMail.id)).first()
    assert mail.subject in text(page)
    message = office.get(f"/office/outbox/{mail.id}")
    assert message.status_code == 200 and "Kod kontrolny:" in element(message, "mail-body").text_content()
    assert office.get("/office/outbox/999999").status_code == 404
    for person in (ngo_user, evaluator):
        assert client_for(app, person).get("/office/outbox").status_code == 403
        assert client_for(app, person).get(f"/office/outbox/{mail.id}").status_code == 403
    assert client.get("/office/outbox").headers["Location"].startswith("/login")


def test_with_a_real_mail_server_there_is_no_outbox_page(app, officer, monkeypatch):
    # Then the messages are people's mail, delivered by the server — not something for staff to browse.
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example")
    assert client_for(app, officer).get("/office/outbox").status_code == 404


def test_the_outbox_is_per_office_and_the_admin_sees_all(app, offers, officer, other_officer, admin, open_call, db):
    from grants.mail import OutboundMail, queue_mail

    account_mail = queue_mail("nowy@ngo.example", "Dodano Cię do organizacji", "konto")  # no office: an account's
    db.session.commit()
    mails = db.session.scalars(db.select(OutboundMail).where(OutboundMail.office_id.is_not(None))).all()
    assert mails and {m.office_id for m in mails} == {open_call.office_id}  # recorded when queued
    offer_mail = mails[0]

    own = client_for(app, officer)
    page = own.get("/office/outbox")
    element(page, f"mail-{offer_mail.id}")  # asserts it is there
    assert not parse(page).xpath(f'//*[@id="mail-{account_mail.id}"]')
    assert own.get(f"/office/outbox/{account_mail.id}").status_code == 404

    other = client_for(app, other_officer)
    assert not parse(other.get("/office/outbox")).xpath('//table[@id="outbox"]//tr[starts-with(@id, "mail-")]')
    assert other.get(f"/office/outbox/{offer_mail.id}").status_code == 404

    everything = client_for(app, admin)
    page = everything.get("/office/outbox")
    for mail in (offer_mail, account_mail):
        assert parse(page).xpath(f'//*[@id="mail-{mail.id}"]')
        assert everything.get(f"/office/outbox/{mail.id}").status_code == 200
