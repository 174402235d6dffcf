"""The office's call form in five steps (issue 11): the step navigation, native pickers with Polish typed dates
accepted, bad input kept with its error on the field and the step marked; and the art. 13 ust. 1 warning on a
draft whose deadline would leave fewer than 21 days were it published now (saved, named, fixable in place)."""

from datetime import timedelta

import pytest

from grants.calls.models import Call, CallStatus
from grants.calls.rules import days_for_offers, earliest_deadline
from grants.clock import now_utc, to_warsaw, warsaw_date, warsaw_midnight
from tests.helpers import NOW, call_payload, future
from tests.web.pages import element, errors_at, parse, summary_links, value_of

STEPS = ["basics", "money", "dates", "criteria", "preview"]


def form_post(**overrides) -> dict:
    data = call_payload(**{"submission_deadline": future(35)[:16], **overrides})
    data["correction_days"] = str(data["correction_days"])
    data["min_total_points"] = str(data["min_total_points"])
    return data


def polish(day) -> str:
    return f"{day.day}.{day.month:02d}.{day.year}"


def at_21_days() -> str:
    """The earliest deadline publishing now allows: midnight (Warsaw) starting the 22nd day after today."""
    return to_warsaw(warsaw_midnight(warsaw_date(now_utc()) + timedelta(days=22))).strftime("%Y-%m-%dT%H:%M")


def at_20_days() -> str:
    """One minute earlier: the 21st day's last minute, so only 20 full days."""
    moment = warsaw_midnight(warsaw_date(now_utc()) + timedelta(days=22)) - timedelta(minutes=1)
    return to_warsaw(moment).strftime("%Y-%m-%dT%H:%M")


def nav_text(response) -> dict[str, str]:
    links = parse(response).xpath('//nav[contains(@class, "step-nav")]//a')
    return {a.get("data-step"): " ".join(a.text_content().split()) for a in links}


@pytest.fixture
def officer_client(client, login, officer):
    login(officer)
    return client


# ---------------------------------------------------------------- the steps


def test_new_call_form_has_five_steps_with_native_pickers(officer_client):
    response = officer_client.get("/office/calls/new")
    assert response.status_code == 200
    doc = parse(response)
    assert [a.get("href") for a in doc.xpath('//nav[contains(@class, "step-nav")]//a')] == [
        f"#step-{step}" for step in STEPS
    ]
    for number, step in enumerate(STEPS, start=1):
        heading = element(response, f"step-{step}-heading").text_content()
        assert heading.startswith(f"Krok {number} z 5"), heading
    # Each field sits in its step.
    for step, field in [("basics", "title"), ("money", "grant_max"), ("dates", "submission_deadline"),
                        ("criteria", "criteria-0-code"), ("preview", "same_type_tasks")]:  # fmt: skip
        assert doc.xpath(f'//section[@id="step-{step}"]//*[@id="f-{field}"]'), field
    assert element(response, "f-task_start").get("type") == "date"
    assert element(response, "f-selection_deadline").get("type") == "date"
    assert element(response, "f-submission_deadline").get("type") == "datetime-local"
    assert "22.03.2027, 16:00" in element(response, "f-submission_deadline-hint").text_content()
    assert "RRRR" not in " ".join(doc.xpath('//*[@class="hint"]/text()'))  # human hints, not a format mask
    # One save for the whole form: nothing typed in an earlier step is lost by moving between steps.
    assert len(doc.xpath("//main//form//button[@type='submit']")) == 1


def test_polish_typed_dates_are_read_like_the_pickers(officer_client, db):
    today = warsaw_date(now_utc())
    start, end, selection = today + timedelta(days=60), today + timedelta(days=300), today + timedelta(days=50)
    deadline = today + timedelta(days=35)
    data = form_post(
        task_start=polish(start),
        task_end=f"{polish(end)} r.",
        selection_deadline=polish(selection),
        submission_deadline=f"{polish(deadline)}, 16:00",
    )
    response = officer_client.post("/office/calls/new", data=data)
    assert response.status_code == 302, errors_at(response, "f-task_start")
    call = db.session.scalar(db.select(Call).order_by(Call.id.desc()))
    assert (call.task_start, call.task_end, call.selection_deadline) == (start, end, selection)
    assert to_warsaw(call.submission_deadline).replace(tzinfo=None).isoformat() == f"{deadline.isoformat()}T16:00:00"


def test_bad_input_keeps_everything_and_marks_the_step(officer_client, db):
    data = form_post(budget_total="sto tysięcy", task_end="31.02.2027", title="Mój tytuł")
    before = db.session.scalar(db.select(db.func.count(Call.id)))
    response = officer_client.post("/office/calls/new", data=data)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Call.id))) == before
    links = summary_links(response)
    assert "#f-budget_total" in links and "#f-task_end" in links
    assert errors_at(response, "f-budget_total")
    nav = nav_text(response)
    assert "do poprawy" in nav["money"] and "do poprawy" in nav["dates"]
    assert "do poprawy" not in nav["basics"] and "do poprawy" not in nav["criteria"]
    # What was typed comes back, the bad values too.
    assert value_of(response, "f-title") == "Mój tytuł"
    assert value_of(response, "f-budget_total") == "sto tysięcy"
    assert value_of(response, "f-task_end") == "31.02.2027"
    assert value_of(response, "f-grant_max") == data["grant_max"]


# ---------------------------------------------------------------- art. 13 ust. 1 on a draft


def test_days_for_offers_counts_full_days_after_the_publication_day():
    published = NOW  # 23:30 UTC: already the next day in Warsaw
    today = warsaw_date(published)
    assert days_for_offers(warsaw_midnight(today + timedelta(days=22)), published) == 21
    assert days_for_offers(warsaw_midnight(today + timedelta(days=22)) - timedelta(minutes=1), published) == 20
    assert days_for_offers(warsaw_midnight(today + timedelta(days=22)) - timedelta(days=30), published) == 0
    assert earliest_deadline(published) == warsaw_midnight(today + timedelta(days=22))


def test_draft_at_21_days_saves_without_a_warning(officer_client, db):
    response = officer_client.post("/office/calls/new", data=form_post(submission_deadline=at_21_days()))
    assert response.status_code == 302
    page = officer_client.get(response.headers["Location"])
    assert "art. 13 ust. 1" not in " ".join(parse(page).xpath('//*[@id="deadline-box"]//text()'))
    assert not parse(page).xpath('//*[@id="f-new-submission_deadline"]')


def test_draft_at_20_days_saves_with_the_warning_and_the_field_at_hand(officer_client, db):
    response = officer_client.post("/office/calls/new", data=form_post(submission_deadline=at_20_days()))
    assert response.status_code == 302  # saved: a draft may be published later, or moved
    call_url = response.headers["Location"]
    call = db.session.scalar(db.select(Call).order_by(Call.id.desc()))
    assert call.status == CallStatus.draft
    page = officer_client.get(call_url)
    box = " ".join(element(page, "deadline-box").text_content().split())
    assert "Opublikowany dziś, konkurs miałby tylko 20 dni" in box
    assert "art. 13 ust. 1" in box
    earliest = warsaw_date(now_utc()) + timedelta(days=22)
    assert f"{earliest.day} " in box and str(earliest.year) in box
    # The deadline can be moved right there.
    assert element(page, "f-new-submission_deadline").get("type") == "datetime-local"

    edit = officer_client.get(f"/office/calls/{call.id}/edit")
    assert "tylko 20 dni" in element(edit, "deadline-warning").text_content()
    assert "tylko 20 dni" in element(edit, "f-submission_deadline-warning").text_content()
    assert "uwaga" in nav_text(edit)["dates"]


def test_the_deadline_moved_from_the_call_page_keeps_the_rest(officer_client, db):
    response = officer_client.post("/office/calls/new", data=form_post(submission_deadline=at_20_days()))
    call_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    token_page = officer_client.get(f"/office/calls/{call_id}")
    form = parse(token_page).xpath('//form[contains(@action, "/edit")]')[0]
    data = dict(form.form_values())
    data["submission_deadline"] = at_21_days()
    moved = officer_client.post(f"/office/calls/{call_id}/edit", data=data)
    assert moved.status_code == 302
    db.session.expire_all()
    call = db.session.get(Call, call_id)
    assert to_warsaw(call.submission_deadline).strftime("%Y-%m-%dT%H:%M") == at_21_days()
    assert call.title == call_payload()["title"]
    assert call.criteria
    page = officer_client.get(f"/office/calls/{call_id}")
    assert not parse(page).xpath('//*[@id="f-new-submission_deadline"]')

    # A typo there comes back in the whole form: the stored call around it, the typed text on the field.
    bad = officer_client.post(f"/office/calls/{call_id}/edit", data={**data, "submission_deadline": "jutro"})
    assert bad.status_code == 422
    assert value_of(bad, "f-submission_deadline") == "jutro"
    assert value_of(bad, "f-title") == call.title
    assert value_of(bad, "f-criteria-0-code") == call.criteria[0].code


def test_refused_publication_offers_the_deadline_field(officer_client, make_call, db):
    call = make_call(submission_deadline=future(10))
    data = {}
    for index, channel in enumerate(("bip", "noticeboard", "website")):
        data[f"publications-{index}-channel"] = channel
        data[f"publications-{index}-published_at"] = to_warsaw(now_utc()).strftime("%Y-%m-%dT%H:%M")
    response = officer_client.post(f"/office/calls/{call.id}/publish", data=data)
    assert response.status_code == 422
    assert "#f-submission_deadline" in summary_links(response)
    assert element(response, "f-new-submission_deadline").get("name") == "submission_deadline"
    form = element(response, "f-new-submission_deadline").getparent().getparent()
    assert form.get("action") == f"/office/calls/{call.id}/edit"


def test_api_names_the_short_deadline_of_a_draft(api, officer):
    client = api(officer)
    short = client.post("/api/v1/calls", json=call_payload(submission_deadline=at_20_days()))
    assert short.status_code == 201
    codes = [w["code"] for w in short.get_json()["warnings"]]
    assert "deadline_too_short" in codes
    ok = client.post("/api/v1/calls", json=call_payload(submission_deadline=at_21_days()))
    assert "deadline_too_short" not in [w["code"] for w in ok.get_json()["warnings"]]
