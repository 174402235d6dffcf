"""The office's pages: programmes, call forms, publication, amendments, cancellation, audit."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from grants.audit.log import entries_for
from grants.audit.models import AuditEntry
from grants.calls.models import Call, CallAmendment, CallPublication, CallStatus, Programme
from grants.calls.schema import parse_call_input
from grants.clock import now_utc, warsaw_date
from tests.helpers import call_payload, future
from tests.web.pages import (
    block_text,
    element,
    errors_at,
    flashes,
    form_data,
    local_input,
    main_form,
    parse,
    summary_links,
    text,
    value_of,
)


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def fresh(db, call_id: int) -> Call:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Call, call_id)


def actions(call_id: int) -> list[str]:
    return [entry.action for entry in entries_for("call", call_id)]


def form_post(**overrides) -> dict:
    """A call form as a browser would post it: strings only, the deadline in datetime-local format."""
    data = call_payload(**{"submission_deadline": future(35)[:16], **overrides})
    data["correction_days"] = str(data["correction_days"])
    data["min_total_points"] = str(data["min_total_points"])
    return data


def publish_form(**overrides) -> dict:
    """The publish form as confirmed (the confirmation step: tests/web/test_call_confirmations.py)."""
    data = {"confirmed": "1"}
    for index, channel in enumerate(("bip", "noticeboard", "website")):
        data[f"publications-{index}-channel"] = channel
        data[f"publications-{index}-published_at"] = local_input(minutes_ago=5 + index)
    data.update(overrides)
    return data


@pytest.fixture
def draft(make_call):
    return make_call()


@pytest.fixture
def published(make_call):
    return make_call(publish=True)


def office_urls(call_id: int, programme_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/office/"),
        ("get", "/office/programmes/new"),
        ("get", f"/office/programmes/{programme_id}/edit"),
        ("get", "/office/calls/new"),
        ("get", f"/office/calls/{call_id}"),
        ("get", f"/office/calls/{call_id}/edit"),
        ("get", f"/office/calls/{call_id}/amend"),
        ("get", f"/office/calls/{call_id}/audit"),
        ("post", f"/office/calls/{call_id}/publish"),
        ("post", f"/office/calls/{call_id}/cancel"),
    ]


@pytest.fixture
def programme(officer, db):
    from grants.calls.operations import create_programme

    programme = create_programme(
        actor=officer,
        raw={
            "year": 2027,
            "title": "Program współpracy 2027",
            "priorities": [
                {"code": "INT", "name": "Integracja cudzoziemców", "budget": "300000.00"},
                {"code": "SEN", "name": "Aktywność seniorów", "budget": "150000.00"},
            ],
        },
    )
    db.session.commit()
    return programme


# ---------------------------------------------------------------- who may enter


def test_anonymous_is_sent_to_login(client, draft, programme, db):
    for method, url in office_urls(draft.id, programme.id):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
    assert fresh(db, draft.id).status == CallStatus.draft


@pytest.mark.parametrize("who", ["ngo_user", "evaluator"])
def test_ngo_user_and_evaluator_are_refused(who, request, client, login, draft, programme, db):
    login(request.getfixturevalue(who))
    for method, url in office_urls(draft.id, programme.id):
        data = {"reason": "Brak ofert", **publish_form()} if method == "post" else None
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 403, url
        assert "Nie masz dostępu" in response.get_data(as_text=True) or "pracownika urzędu" in response.get_data(
            as_text=True
        )
    assert fresh(db, draft.id).status == CallStatus.draft
    assert count(db, CallPublication) == 0


def test_another_offices_officer_gets_404_and_changes_nothing(
    client, login, other_officer, draft, published, programme, db
):
    login(other_officer)
    for call in (draft, published):
        for url in (
            f"/office/calls/{call.id}",
            f"/office/calls/{call.id}/edit",
            f"/office/calls/{call.id}/amend",
            f"/office/calls/{call.id}/audit",
        ):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/office/programmes/{programme.id}/edit").status_code == 404
    assert (
        client.post(f"/office/programmes/{programme.id}/edit", data={"year": "2027", "title": "Przejęty"}).status_code
        == 404
    )
    assert client.post(f"/office/calls/{draft.id}/edit", data={"title": "Przejęty"}).status_code == 404
    assert (
        client.post(f"/office/calls/{published.id}/amend", data={"title": "Przejęty", "reason": "x"}).status_code == 404
    )
    assert client.post(f"/office/calls/{draft.id}/publish", data=publish_form()).status_code == 404
    assert client.post(f"/office/calls/{published.id}/cancel", data={"reason": "Nie"}).status_code == 404

    assert fresh(db, draft.id).status == CallStatus.draft
    assert fresh(db, draft.id).title == draft.title
    assert fresh(db, published.id).status == CallStatus.published
    assert db.session.get(Programme, programme.id).title == "Program współpracy 2027"
    assert count(db, CallAmendment) == 0
    # The other office's dashboard does not show this office's calls at all.
    page = client.get("/office/").get_data(as_text=True)
    assert draft.title not in page


# ---------------------------------------------------------------- dashboard and programmes


def test_dashboard_lists_own_programmes_and_calls_including_drafts(
    client, login, officer, other_officer, programme, make_call, db
):
    from grants.calls.operations import create_call

    draft = make_call(title="Projekt: pomoc sąsiedzka")
    open_call = make_call(publish=True, title="Opublikowany: kursy językowe")
    create_call(actor=other_officer, raw=call_payload(title="Gdański nabór"))
    db.session.commit()
    login(officer)
    response = client.get("/office/")
    assert response.status_code == 200
    doc = parse(response)
    rows = {row.get("data-call-id"): " ".join(row.text_content().split()) for row in doc.xpath("//tr[@data-call-id]")}
    assert set(rows) == {str(draft.id), str(open_call.id)}
    assert "projekt — niewidoczny publicznie" in rows[str(draft.id)]
    assert "otwarty — przyjmuje oferty" in rows[str(open_call.id)]
    assert "Gdański nabór" not in text(response)
    page = text(response)
    assert "Program współpracy 2027" in page and "450 000,00 zł" in page
    hrefs = set(doc.xpath("//main//a/@href"))
    assert {
        "/office/users",
        "/office/calls/new",
        "/office/programmes/new",
        f"/office/programmes/{programme.id}/edit",
    } <= hrefs


def test_create_programme_ignores_blank_rows_and_writes_audit(client, login, officer, db):
    login(officer)
    form = form_data(client.get("/office/programmes/new"))
    assert {"priorities-0-code", "priorities-2-budget"} <= set(form)
    form.update(
        {
            "year": "2027",
            "title": "Program 2027",
            "priorities-0-code": "INT",
            "priorities-0-name": "Integracja",
            "priorities-0-budget": "250 000,50",
            "priorities-2-code": "SEN",
            "priorities-2-name": "Seniorzy",
            "priorities-2-budget": "1000",
        }
    )
    response = client.post("/office/programmes/new", data=form)
    assert response.status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert [(p.code, p.budget) for p in programme.priorities] == [
        ("INT", Decimal("250000.50")),
        ("SEN", Decimal("1000.00")),
    ]
    assert [e.action for e in entries_for("programme", programme.id)] == ["programme.create"]


def test_programme_with_bad_budget_is_refused_with_input_kept(client, login, officer, db):
    login(officer)
    response = client.post(
        "/office/programmes/new",
        data={
            "year": "2027",
            "title": "Program 2027",
            "priorities-0-code": "INT",
            "priorities-0-name": "Integracja",
            "priorities-0-budget": "dużo",
        },
    )
    assert response.status_code == 422
    assert any("Podaj kwotę" in m for m in errors_at(response, "f-priorities-0-budget"))
    assert "#f-priorities-0-budget" in summary_links(response)
    assert value_of(response, "f-priorities-0-budget") == "dużo"
    assert value_of(response, "f-priorities-0-name") == "Integracja"
    assert value_of(response, "f-title") == "Program 2027"
    assert count(db, Programme) == 0


def test_edit_programme_shows_rows_and_saves(client, login, officer, programme, db):
    login(officer)
    page = client.get(f"/office/programmes/{programme.id}/edit")
    assert value_of(page, "f-priorities-1-code") == "SEN"
    assert value_of(page, "f-priorities-2-code") == ""  # a blank row to add one more
    form = form_data(page)
    form.update(
        {
            "priorities-1-budget": "175000,00",
            "priorities-2-code": "MLO",
            "priorities-2-name": "Młodzież",
            "priorities-2-budget": "50000",
        }
    )
    assert client.post(f"/office/programmes/{programme.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert [(p.code, p.budget) for p in db.session.get(Programme, programme.id).priorities] == [
        ("INT", Decimal("300000.00")),
        ("SEN", Decimal("175000.00")),
        ("MLO", Decimal("50000.00")),
    ]
    assert [e.action for e in entries_for("programme", programme.id)] == ["programme.create", "programme.update"]


# ---------------------------------------------------------------- creating a call


def test_new_call_form_has_every_schema_field_and_statutory_criteria(client, login, officer, programme):
    login(officer)
    response = client.get("/office/calls/new")
    assert response.status_code == 200
    form = main_form(response)
    names = set(form.xpath(".//*[@name]/@name"))
    schema_keys = {
        "title",
        "task_type",
        "programme_priority",
        "form",
        "description",
        "budget_total",
        "grant_min",
        "grant_max",
        "own_contribution_min_percent",
        "admin_costs_max_percent",
        "cost_shift_tolerance_percent",
        "award_rules",
        "task_start",
        "task_end",
        "task_conditions",
        "submission_deadline",
        "selection_procedure",
        "selection_deadline",
        "correction_days",
        "min_total_points",
        "aggregation",
        "evaluators_per_offer",
        "same_type_tasks",
    }
    assert schema_keys <= names
    assert element(response, "f-submission_deadline").get("type") == "datetime-local"
    codes = [value_of(response, f"f-criteria-{i}-code") for i in range(6)]
    assert codes == ["ability", "costs", "quality", "own_funds", "non_financial", "track_record"]
    assert value_of(response, "f-criteria-2-max_points") == "30"
    assert value_of(response, "f-criteria-6-code") == ""  # blank rows to add criteria
    options = element(response, "f-programme_priority").xpath(".//option/@value")
    assert options == ["", str(programme.priorities[0].id), str(programme.priorities[1].id)]
    # Every control has a label.
    labelled = set(form.xpath(".//label/@for"))
    for control in form.xpath(".//input[not(@type='hidden')] | .//textarea | .//select"):
        assert control.get("id") in labelled, control.get("name")


def test_create_call_with_defaults_saves_draft_and_audit(client, login, officer, programme, db):
    login(officer)
    form = form_data(client.get("/office/calls/new"))
    form.update(form_post(programme_priority=str(programme.priorities[0].id)))
    response = client.post("/office/calls/new", data=form)
    assert response.status_code == 302
    call = db.session.scalar(sa.select(Call))
    assert response.headers["Location"] == f"/office/calls/{call.id}"
    assert call.status == CallStatus.draft
    assert call.budget_total == Decimal("120000.00")
    assert call.programme_priority_id == programme.priorities[0].id
    assert [c.code for c in call.criteria] == [
        "ability",
        "costs",
        "quality",
        "own_funds",
        "non_financial",
        "track_record",
    ]
    assert call.award_rules and call.selection_procedure and call.task_conditions  # the statutory wording
    assert "nie realizował zadań publicznych tego samego rodzaju" in call.same_type_tasks  # item 7 computed
    assert actions(call.id) == ["call.create"]
    page = client.get(response.headers["Location"])
    assert "Zapisano projekt ogłoszenia" in " ".join(flashes(page, "success"))


def test_powierzanie_with_untouched_prefill_gets_its_own_statutory_criteria(client, login, officer, db):
    login(officer)
    form = form_data(client.get("/office/calls/new"))
    form.update(form_post(form="powierzanie", own_contribution_min_percent=""))
    assert client.post("/office/calls/new", data=form).status_code == 302
    call = db.session.scalar(sa.select(Call))
    assert "own_funds" not in [c.code for c in call.criteria]
    assert len(call.criteria) == 5


def test_create_call_with_own_criteria_skips_blank_rows(client, login, officer, db):
    login(officer)
    data = form_post()
    data.update(
        {
            "criteria-0-code": "jakosc",
            "criteria-0-name": "Jakość",
            "criteria-0-max_points": "60",
            "criteria-0-min_points": "20",
            "criteria-2-code": "koszty",
            "criteria-2-name": "Koszty",
            "criteria-2-max_points": "40,5",
            "criteria-2-advisory": "on",
        }
    )
    assert client.post("/office/calls/new", data=data).status_code == 302
    call = db.session.scalar(sa.select(Call))
    assert [(c.code, c.max_points, c.min_points, c.advisory) for c in call.criteria] == [
        ("jakosc", Decimal("60.00"), Decimal("20.00"), False),
        ("koszty", Decimal("40.50"), None, True),
    ]


BAD_INPUT = [
    ("task_start", "2027-02-30", "Podaj datę w formacie RRRR-MM-DD"),
    ("submission_deadline", "jutro o 16", "Podaj datę i godzinę"),
    ("budget_total", "12x,50", "Podaj kwotę w złotych"),
    ("budget_total", "-5000", "Kwota musi być większa od zera."),
    ("grant_min", "-100,00", "Kwota nie może być ujemna."),
    ("own_contribution_min_percent", "150", "Procent musi być między 0 a 100."),
]


@pytest.mark.parametrize("field, typed, message", BAD_INPUT)
def test_create_call_bad_input_is_refused_at_the_field_with_everything_kept(
    field, typed, message, client, login, officer, db
):
    login(officer)
    data = form_post(**{field: typed})
    data.update({"criteria-0-code": "jakosc", "criteria-0-name": "Jakość oferty", "criteria-0-max_points": "70"})
    response = client.post("/office/calls/new", data=data)
    assert response.status_code == 422
    assert any(message in m for m in errors_at(response, f"f-{field}")), errors_at(response, f"f-{field}")
    assert message in block_text(response, f"f-{field}")
    control = element(response, f"f-{field}")
    assert control.get("aria-invalid") == "true"
    assert f"f-{field}-error" in control.get("aria-describedby")
    assert any(message in m for href, m in summary_links(response).items() if href == f"#f-{field}")
    # Nothing the officer typed is lost: the bad value and every other value come back.
    assert value_of(response, f"f-{field}") == typed
    assert value_of(response, "f-title") == data["title"]
    assert value_of(response, "f-description") == data["description"]
    assert value_of(response, "f-budget_total") == data["budget_total"]
    assert value_of(response, "f-criteria-0-name") == "Jakość oferty"
    assert value_of(response, "f-criteria-0-max_points") == "70"
    assert parse(response).xpath('//input[@name="form"][@checked]/@value') == ["wspieranie"]
    assert count(db, Call) == 0
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.entity_type == "call"))
        == 0
    )


def test_criteria_errors_are_shown_in_their_row(client, login, officer, db):
    login(officer)
    data = form_post()
    data.update(
        {
            "criteria-0-code": "jakosc",
            "criteria-0-name": "Jakość",
            "criteria-0-max_points": "50",
            "criteria-1-code": "Koszty!",
            "criteria-1-name": "Koszty",
            "criteria-1-max_points": "dużo",
        }
    )
    response = client.post("/office/calls/new", data=data)
    assert response.status_code == 422
    assert any("Podaj liczbę punktów" in m for m in errors_at(response, "f-criteria-1-max_points"))
    assert any("np. K1" in m for m in errors_at(response, "f-criteria-1-code"))
    assert summary_links(response)["#f-criteria-1-max_points"].startswith("Kryterium 2 — maks. punktów: Podaj")
    assert value_of(response, "f-criteria-1-max_points") == "dużo"
    assert value_of(response, "f-criteria-1-code") == "Koszty!"
    assert count(db, Call) == 0


def test_create_call_missing_required_fields_names_each(client, login, officer, db):
    login(officer)
    response = client.post("/office/calls/new", data={"title": "Tylko tytuł", "form": "wspieranie"})
    assert response.status_code == 422
    for field in ("task_type", "description", "budget_total", "task_start", "submission_deadline"):
        assert errors_at(response, f"f-{field}") == ["To pole jest wymagane."], field
    # The summary says which field each of the identical messages is about.
    assert summary_links(response)["#f-task_type"] == "Rodzaj zadania publicznego: To pole jest wymagane."
    assert value_of(response, "f-title") == "Tylko tytuł"
    assert count(db, Call) == 0


# ---------------------------------------------------------------- editing a draft


def test_edit_draft_round_trips_and_saves(client, login, officer, draft, db):
    login(officer)
    page = client.get(f"/office/calls/{draft.id}/edit")
    assert page.status_code == 200
    assert value_of(page, "f-budget_total") == "120000,00"
    assert value_of(page, "f-criteria-0-code") == "ability"
    form = form_data(page)
    form["title"] = "Kursy języka polskiego — edycja"
    form["criteria-6-code"] = "dostepnosc"
    form["criteria-6-name"] = "Dostępność"
    form["criteria-6-max_points"] = "5"
    response = client.post(f"/office/calls/{draft.id}/edit", data=form)
    assert response.status_code == 302
    call = fresh(db, draft.id)
    assert call.title == "Kursy języka polskiego — edycja"
    assert call.criteria[-1].code == "dostepnosc"
    assert actions(call.id) == ["call.create", "call.update"]
    update = entries_for("call", call.id)[-1]
    assert set(update.after) == {"title", "criteria"}  # the round trip changed nothing else


def test_edit_draft_bad_date_keeps_input_and_saves_nothing(client, login, officer, draft, db):
    login(officer)
    form = form_data(client.get(f"/office/calls/{draft.id}/edit"))
    form.update({"title": "Nowy tytuł", "selection_deadline": "2027-13-01"})
    response = client.post(f"/office/calls/{draft.id}/edit", data=form)
    assert response.status_code == 422
    assert any("RRRR-MM-DD" in m for m in errors_at(response, "f-selection_deadline"))
    assert value_of(response, "f-selection_deadline") == "2027-13-01"
    assert value_of(response, "f-title") == "Nowy tytuł"
    assert fresh(db, draft.id).title == draft.title
    assert actions(draft.id) == ["call.create"]


def test_edit_of_published_call_leads_to_amendment(client, login, officer, published):
    login(officer)
    response = client.get(f"/office/calls/{published.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/office/calls/{published.id}/amend"


# ---------------------------------------------------------------- the call's office page and publication


def test_office_page_shows_announcement_actions_and_publish_form(client, login, officer, draft):
    login(officer)
    response = client.get(f"/office/calls/{draft.id}")
    assert response.status_code == 200
    page = text(response)
    for heading in ("1. Rodzaj zadania publicznego", "5. Termin składania ofert", "7. Zadania publiczne"):
        assert heading in page
    publish = main_form(response, "/publish")
    assert publish.xpath('.//input[@type="hidden"]/@value')[1:] == ["bip", "noticeboard", "website"]
    assert len(publish.xpath('.//input[@type="datetime-local"]')) == 3
    assert not parse(response).xpath('//form[contains(@action, "/cancel")]')  # a draft is deleted, not cancelled
    hrefs = set(parse(response).xpath("//main//a/@href"))
    assert f"/office/calls/{draft.id}/edit" in hrefs
    assert f"/calls/{draft.id}" not in hrefs  # a draft has no public page yet
    # A reload of a refused publish or cancel form's URL goes back to this page.
    for action in ("publish", "cancel"):
        back = client.get(f"/office/calls/{draft.id}/{action}")
        assert back.status_code == 302 and back.headers["Location"] == f"/office/calls/{draft.id}"


def test_publish_records_three_channels_and_audit(client, login, officer, draft, db):
    login(officer)
    form = publish_form()
    response = client.post(f"/office/calls/{draft.id}/publish", data=form)
    assert response.status_code == 302
    call = fresh(db, draft.id)
    assert call.status == CallStatus.published
    assert sorted(p.channel.value for p in call.publications) == ["bip", "noticeboard", "website"]
    assert actions(call.id) == ["call.create", "call.publish"]
    page = client.get(response.headers["Location"])
    assert "Ogłoszenie zostało opublikowane" in " ".join(flashes(page, "success"))
    assert not parse(page).xpath('//form[contains(@action, "/publish")]')  # published once


def test_publish_flashes_weekend_deadline_warning(client, login, officer, make_call, db):
    from grants.calls.operations import deadline_warnings

    day = warsaw_date(now_utc()) + timedelta(days=28)
    while day.weekday() != 5:
        day += timedelta(days=1)
    call = make_call(
        submission_deadline=f"{day.isoformat()}T12:00", selection_deadline=(day + timedelta(days=20)).isoformat()
    )
    login(officer)
    response = client.post(f"/office/calls/{call.id}/publish", data=publish_form(), follow_redirects=True)
    assert response.status_code == 200
    expected = deadline_warnings(fresh(db, call.id))[0]["message"]
    assert expected in flashes(response, "warning")
    # The office page keeps warning about it after the flash is gone.
    box = parse(client.get(f"/office/calls/{call.id}")).xpath('//div[contains(@class, "warning-box")]')
    assert box and expected in box[0].text_content()


def test_publish_with_deadline_under_21_days_is_refused_on_the_deadline(client, login, officer, make_call, db):
    call = make_call(submission_deadline=future(10))
    login(officer)
    form = publish_form()
    response = client.post(f"/office/calls/{call.id}/publish", data=form)
    assert response.status_code == 422
    links = summary_links(response)
    assert "21 dni" in links["#f-submission_deadline"]
    assert any("art. 13 ust. 1" in m for m in errors_at(response, "f-submission_deadline"))
    deadline_block = element(response, "f-submission_deadline")
    assert f"/office/calls/{call.id}/edit#f-submission_deadline" in deadline_block.xpath(".//a/@href")
    # The publication times typed stay in the form.
    for index in range(3):
        assert value_of(response, f"f-publications-{index}-published_at") == form[f"publications-{index}-published_at"]
    call = fresh(db, call.id)
    assert call.status == CallStatus.draft and call.published_at is None
    assert count(db, CallPublication) == 0
    assert actions(call.id) == ["call.create"]


def test_publish_with_malformed_time_is_refused_at_that_channel(client, login, officer, draft, db):
    login(officer)
    response = client.post(
        f"/office/calls/{draft.id}/publish", data=publish_form(**{"publications-1-published_at": "wczoraj"})
    )
    assert response.status_code == 422
    assert any("RRRR-MM-DDTGG:MM" in m for m in errors_at(response, "f-publications-1-published_at"))
    assert value_of(response, "f-publications-1-published_at") == "wczoraj"
    assert "#f-publications-1-published_at" in summary_links(response)
    assert fresh(db, draft.id).status == CallStatus.draft
    assert count(db, CallPublication) == 0


# ---------------------------------------------------------------- amendments


def test_amendment_is_saved_audited_and_public(client, login, officer, published, db):
    login(officer)
    page = client.get(f"/office/calls/{published.id}/amend")
    assert page.status_code == 200
    assert element(page, "f-reason").tag == "textarea"
    form = form_data(page)
    form.update({"budget_total": "150000,00", "reason": "Rada Miasta zwiększyła środki na zadanie."})
    response = client.post(f"/office/calls/{published.id}/amend", data=form)
    assert response.status_code == 302
    call = fresh(db, published.id)
    assert call.budget_total == Decimal("150000.00")
    [amendment] = call.amendments
    assert amendment.reason == "Rada Miasta zwiększyła środki na zadanie."
    assert set(amendment.after) == {"budget_total"}  # nothing else changed by the round trip
    assert actions(call.id) == ["call.create", "call.publish", "call.amend"]
    public = text(client.get(f"/calls/{call.id}"))
    assert "Rada Miasta zwiększyła środki na zadanie." in public
    assert "120 000,00 zł → zmieniono na 150 000,00 zł" in public


def test_unchanged_amendment_form_changes_nothing(client, login, officer, published, db):
    login(officer)
    form = form_data(client.get(f"/office/calls/{published.id}/amend"))
    form["reason"] = "Sprawdzenie"
    response = client.post(f"/office/calls/{published.id}/amend", data=form, follow_redirects=True)
    assert response.status_code == 200
    assert "Nie wprowadzono żadnej zmiany" in " ".join(flashes(response, "info"))
    assert count(db, CallAmendment) == 0
    assert actions(published.id) == ["call.create", "call.publish"]


def test_amendment_without_reason_is_refused_with_input_kept(client, login, officer, published, db):
    login(officer)
    form = form_data(client.get(f"/office/calls/{published.id}/amend"))
    form.update({"budget_total": "99000,00", "reason": "   "})
    response = client.post(f"/office/calls/{published.id}/amend", data=form)
    assert response.status_code == 422
    assert any("wymaga uzasadnienia" in m for m in errors_at(response, "f-reason"))
    assert "#f-reason" in summary_links(response)
    assert value_of(response, "f-budget_total") == "99000,00"
    call = fresh(db, published.id)
    assert call.budget_total == Decimal("120000.00")
    assert count(db, CallAmendment) == 0
    assert actions(call.id) == ["call.create", "call.publish"]


def test_amendment_shortening_deadline_under_21_days_is_refused(client, login, officer, published, db):
    login(officer)
    before = published.submission_deadline
    form = form_data(client.get(f"/office/calls/{published.id}/amend"))
    short = future(15)[:16]
    form.update({"submission_deadline": short, "reason": "Skrócenie naboru"})
    response = client.post(f"/office/calls/{published.id}/amend", data=form)
    assert response.status_code == 422
    assert any("21 dni" in m for m in errors_at(response, "f-submission_deadline"))
    assert "#f-submission_deadline" in summary_links(response)
    assert value_of(response, "f-submission_deadline") == short
    assert value_of(response, "f-reason") == "Skrócenie naboru"
    call = fresh(db, published.id)
    assert call.submission_deadline == before
    assert count(db, CallAmendment) == 0


# ---------------------------------------------------------------- cancellation


def test_cancel_with_reason_is_saved_audited_and_public(client, login, officer, published, db):
    login(officer)
    response = client.post(
        f"/office/calls/{published.id}/cancel", data={"reason": "Nie złożono żadnej oferty.", "confirmed": "1"}
    )
    assert response.status_code == 302
    call = fresh(db, published.id)
    assert call.status == CallStatus.cancelled
    assert call.cancel_reason == "Nie złożono żadnej oferty."
    assert actions(call.id)[-1] == "call.cancel"
    office_page = client.get(f"/office/calls/{call.id}")
    assert not parse(office_page).xpath('//form[contains(@action, "/cancel")]')
    assert "Nie złożono żadnej oferty." in text(client.get(f"/calls/{call.id}"))


def test_cancel_without_reason_is_refused_at_the_field(client, login, officer, published, db):
    login(officer)
    response = client.post(f"/office/calls/{published.id}/cancel", data={"reason": "   "})
    assert response.status_code == 422
    assert any("Podaj powód odwołania" in m for m in errors_at(response, "f-reason"))
    assert value_of(response, "f-reason") == "   "
    assert "#f-reason" in summary_links(response)
    assert fresh(db, published.id).status == CallStatus.published
    assert actions(published.id) == ["call.create", "call.publish"]


# ---------------------------------------------------------------- audit


def test_audit_page_shows_who_when_and_readable_changes(client, login, officer, published, db):
    from grants.calls.operations import update_call

    update_call(actor=officer, call=published, raw={"budget_total": "130000", "reason": "Więcej środków"})
    db.session.commit()
    login(officer)
    response = client.get(f"/office/calls/{published.id}/audit")
    assert response.status_code == 200
    doc = parse(response)
    rows = doc.xpath("//tr[@data-action]")
    assert [r.get("data-action") for r in rows] == ["call.create", "call.publish", "call.amend"]
    amend = " ".join(rows[-1].text_content().split())
    assert "Anna Urzędniczka" in amend
    assert "Zmiana opublikowanego ogłoszenia" in amend and "Więcej środków" in amend
    assert "120 000,00 zł" in amend and "130 000,00 zł" in amend
    assert "godz." in amend  # Warsaw time, formatted
    publish = " ".join(rows[1].text_content().split())
    assert "Biuletyn Informacji Publicznej:" in publish
    assert doc.xpath('//table[contains(@class, "audit")]//th[@scope="col"]')
    # The office page carries the same log.
    assert parse(client.get(f"/office/calls/{published.id}")).xpath('//tr[@data-action="call.amend"]')


def test_schema_keys_of_the_form_parse_as_the_api_would(client, login, officer):
    """The form's values for an existing call are accepted by the schema unchanged (one vocabulary)."""
    login(officer)
    response = client.get("/office/calls/new")
    form = form_data(response)
    form.update(form_post())
    data, errors = parse_call_input({k: v for k, v in form.items() if "-" not in k}, partial=True)
    assert not errors, errors.fields
    assert data["budget_total"] == Decimal("120000.00")


def test_moving_a_passed_deadline_is_refused_with_input_kept(client, login, officer, make_call, db):
    from freezegun import freeze_time

    call = make_call(publish=True, submission_deadline=future(25))
    deadline = call.submission_deadline
    login(officer)
    form = form_data(client.get(f"/office/calls/{call.id}/amend"))
    form.update({"submission_deadline": future(60)[:16], "title": "Nowy tytuł", "reason": "Przedłużenie"})
    with freeze_time(deadline + timedelta(hours=1)):
        login(officer)  # sessions last 8 hours at most; the clock moved weeks ahead
        response = client.post(f"/office/calls/{call.id}/amend", data=form)
    assert response.status_code == 409
    assert any("już minął" in m for m in errors_at(response, "f-submission_deadline"))
    assert value_of(response, "f-title") == "Nowy tytuł"
    assert value_of(response, "f-reason") == "Przedłużenie"
    call = fresh(db, call.id)
    assert call.submission_deadline == deadline and call.title != "Nowy tytuł"
    assert count(db, CallAmendment) == 0


def test_admin_chooses_the_office_for_a_new_call(client, login, admin, office, other_office, db):
    login(admin)
    page = client.get("/office/calls/new")
    options = element(page, "f-office_id").xpath(".//option/@value")
    assert set(options) == {"", str(office.id), str(other_office.id)}
    form = form_data(page)
    form.update(form_post(office_id=str(other_office.id)))
    assert client.post("/office/calls/new", data=form).status_code == 302
    assert db.session.scalar(sa.select(Call)).office_id == other_office.id

    form["office_id"] = ""
    response = client.post("/office/calls/new", data=form)
    assert response.status_code == 422
    assert errors_at(response, "f-office_id") == ["Wskaż urząd."]
    assert count(db, Call) == 1


def test_officer_sees_no_office_choice(client, login, officer):
    login(officer)
    assert not parse(client.get("/office/calls/new")).xpath('//*[@name="office_id"]')
    assert not parse(client.get("/office/programmes/new")).xpath('//*[@name="office_id"]')


def test_the_office_call_page_links_the_announcement_pdf_draft_or_published(client, login, officer, draft, published):
    """Issue 11: the office's call page had no PDF of the announcement. A plain link (no form, no token): the draft
    is drawn marked as a draft for its office, the published one as everyone gets it."""
    login(officer)
    for call, label in ((draft, "Pobierz projekt ogłoszenia (PDF)"), (published, "Pobierz ogłoszenie (PDF)")):
        page = client.get(f"/office/calls/{call.id}").get_data(as_text=True)
        link = f'<a href="/documents/calls/{call.id}/announcement">{label}</a>'
        assert link in page
        assert client.get(f"/documents/calls/{call.id}/announcement").status_code == 303
