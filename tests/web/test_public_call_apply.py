"""The public call page tells how to apply (issue 11): the days left in words (Warsaw days, never a cached
yesterday's count), the office's contact person, the required attachments and the term and manner of the signed
confirmation of submission — the same sentence as the NGO's confirmation page and the announcement's PDF."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from grants.calls.labels import confirmation_last_day, confirmation_rule, days_left
from grants.clock import warsaw_midnight
from tests.web.pages import element, errors_at, text

# 22 March 2027, 16:00 in Warsaw (CET, before the clocks change on the 28th).
DEADLINE = datetime(2027, 3, 22, 15, 0, tzinfo=UTC)


def _squeeze(value: str) -> str:
    return " ".join(value.split())


def test_days_left_in_words_counted_in_warsaw_days():
    assert days_left(DEADLINE, datetime(2027, 3, 10, 10, 0, tzinfo=UTC)) == "zostało 12 dni"
    # 23:30 UTC on the 9th is already the 10th in Warsaw: 12 days, not 13
    assert days_left(DEADLINE, datetime(2027, 3, 9, 23, 30, tzinfo=UTC)) == "zostało 12 dni"
    assert days_left(DEADLINE, datetime(2027, 3, 9, 22, 30, tzinfo=UTC)) == "zostało 13 dni"
    assert days_left(DEADLINE, datetime(2027, 3, 19, 10, 0, tzinfo=UTC)) == "zostały 3 dni"
    assert days_left(DEADLINE, datetime(2027, 3, 21, 10, 0, tzinfo=UTC)) == "został 1 dzień"
    assert days_left(DEADLINE, datetime(2027, 3, 22, 0, 0, tzinfo=UTC)) == "ostatni dzień"
    assert days_left(DEADLINE, DEADLINE - timedelta(seconds=1)) == "ostatni dzień"
    assert days_left(DEADLINE, DEADLINE) == "termin minął"
    # a deadline at midnight ends the day before: that day is the last one
    midnight = warsaw_midnight(datetime(2027, 3, 23).date())
    assert days_left(midnight, datetime(2027, 3, 22, 20, 0, tzinfo=UTC)) == "ostatni dzień"


def test_confirmation_term_counts_working_days_after_the_deadlines_day():
    # Monday 22 March + 3 working days = Thursday 25 March; Friday 26 March + 3 skips the weekend and Easter
    # Monday (29 March 2027): 30, 31 March, 1 April
    assert confirmation_last_day(DEADLINE, 3).isoformat() == "2027-03-25"
    friday = datetime(2027, 3, 26, 15, 0, tzinfo=UTC)
    assert confirmation_last_day(friday, 3).isoformat() == "2027-04-01"
    assert "do 25 marca 2027 r. (3 dni roboczych po dniu" in confirmation_rule(DEADLINE, 3)
    assert "w terminie składania ofert" in confirmation_rule(DEADLINE, 0)


def test_public_page_shows_days_left_attachments_confirmation_and_contact(client, make_call):
    call = make_call(
        publish=True,
        contact_name="Anna Nowak",
        contact_email="anna.nowak@um.opole.example",
        contact_phone="77 451 18 00",
        confirmation_days=2,
    )
    page = client.get(f"/calls/{call.id}")
    assert element(page, "days-left").text_content().startswith("zosta")
    assert "Umowa partnerska" in element(page, "required-attachments").text_content()
    assert "Krajowego Rejestru Sądowego" in element(page, "required-attachments").text_content()
    sentence = confirmation_rule(call.submission_deadline, 2)
    assert _squeeze(element(page, "confirmation-rule").text_content()) == _squeeze(sentence)
    contact = _squeeze(element(page, "contact").text_content())
    assert "Anna Nowak" in contact and "anna.nowak@um.opole.example" in contact and "77 451 18 00" in contact


def test_without_a_contact_person_the_offices_contact_is_given(client, make_call, office, db):
    office.contact_email, office.contact_phone = "cdo@um.opole.example", "77 000 00 00"
    db.session.commit()
    call = make_call(publish=True)
    contact = _squeeze(element(client.get(f"/calls/{call.id}"), "contact").text_content())
    assert "cdo@um.opole.example" in contact and "77 000 00 00" in contact and "Osoba do kontaktu" not in contact


def test_a_cached_page_never_shows_yesterdays_count(client, make_call):
    call = make_call(publish=True)
    last_day = call.submission_deadline
    before_midnight = warsaw_midnight((last_day - timedelta(days=3)).date()) - timedelta(seconds=30)
    with freeze_time(before_midnight):
        first = client.get(f"/calls/{call.id}")
        assert client.get(f"/calls/{call.id}").headers["X-OKO-Cache"] == "hit"
    with freeze_time(before_midnight + timedelta(seconds=40)):  # within the cache's minute, past midnight
        second = client.get(f"/calls/{call.id}")
    assert second.headers["X-OKO-Cache"] == "miss"
    assert element(first, "days-left").text_content() != element(second, "days-left").text_content()


def test_ngo_confirmation_page_states_the_same_sentence(client, login, submit, review_call):
    offer = submit()
    login(offer.user)
    page = client.get(f"/ngo/offers/{offer.id}/versions/1")
    sentence = confirmation_rule(review_call.submission_deadline, review_call.confirmation_days)
    assert _squeeze(element(page, "confirmation-rule").text_content()) == _squeeze(sentence)
    assert "w terminie podanym w ogłoszeniu" not in text(page)


def test_announcement_pdf_states_it_too(make_call, app):
    from grants.documents.context import BUILDERS
    from grants.documents.kinds import KINDS
    from grants.documents.render import html_for

    call = make_call(publish=True, contact_name="Anna Nowak", confirmation_days=0)
    with app.test_request_context("/?lang=uk"):
        source = KINDS["call_announcement"].load(call.id, None)
        html = _squeeze(html_for("call_announcement", BUILDERS["call_announcement"](source.data), {}))
    assert _squeeze(confirmation_rule(call.submission_deadline, 0)) in html
    assert "Informacji o konkursie udziela Anna Nowak" in html and "Umowa partnerska" in html


def test_contact_and_confirmation_days_are_judged(api, officer, client, login):
    from tests.helpers import call_payload

    response = api(officer).post(
        "/api/v1/calls", json=call_payload(contact_email="nie-adres", contact_phone="12", confirmation_days=31)
    )
    assert response.status_code == 422
    assert {"contact_email", "contact_phone", "confirmation_days"} <= set(response.get_json()["fields"])
    created = api(officer).post("/api/v1/calls", json=call_payload(contact_name="Anna Nowak", confirmation_days=0))
    assert created.status_code == 201
    body = created.get_json()
    assert body["contact_name"] == "Anna Nowak" and body["confirmation_days"] == 0
    login(officer)
    form = client.get(f"/office/calls/{body['id']}/edit")
    assert form.status_code == 200 and element(form, "f-contact_name").get("value") == "Anna Nowak"
    refused = client.post(f"/office/calls/{body['id']}/edit", data={"contact_email": "zly@"})
    assert refused.status_code == 422 and errors_at(refused, "f-contact_email")


def test_the_page_the_organisation_signs_states_it_too(submit, review_call, app):
    from grants.documents.context import BUILDERS
    from grants.documents.kinds import KINDS
    from grants.documents.render import html_for

    offer = submit()
    with app.test_request_context("/?lang=en"):
        source = KINDS["offer_confirmation"].load(offer.id, offer.user)
        html = _squeeze(html_for("offer_confirmation", BUILDERS["offer_confirmation"](source.data), {}))
    assert _squeeze(confirmation_rule(review_call.submission_deadline, review_call.confirmation_days)) in html


def test_the_list_says_the_days_left_of_an_open_call(client, make_call):
    from tests.web.pages import parse

    call = make_call(publish=True)
    card = parse(client.get("/calls?status=open")).xpath(f'//li[@data-call-id="{call.id}"]')[0]
    assert card.xpath('.//*[@class="days-left"]')[0].text_content().startswith("(zosta")
