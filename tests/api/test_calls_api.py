"""Programmes and calls through /api/v1: art. 13 (content, publication, 21 days), amendments,
cancellation (art. 18a), office isolation and the clock-derived status."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.calls.models import Call, CallStatus
from tests.helpers import call_payload, future


def _create(client, **overrides):
    if "submission_deadline" in overrides and "selection_deadline" not in overrides:
        overrides["selection_deadline"] = (
            datetime.fromisoformat(overrides["submission_deadline"]).date() + timedelta(days=14)
        ).isoformat()
    response = client.post("/api/v1/calls", json=call_payload(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_programme_with_priorities(api, officer):
    client = api(officer)
    response = client.post(
        "/api/v1/programmes",
        json={
            "year": 2027,
            "title": "Program współpracy 2027",
            "priorities": [
                {"code": "INT", "name": "Integracja cudzoziemców", "budget": "420000.00"},
                {"code": "KUL", "name": "Kultura", "budget": "100000.50"},
            ],
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["office_id"] == officer.office_id
    assert body["budget_total"] == "520000.50"
    assert [p["code"] for p in body["priorities"]] == ["INT", "KUL"]
    assert client.get("/api/v1/programmes").get_json()[0]["id"] == body["id"]


def test_programme_bad_budget_named_at_field(api, officer):
    response = api(officer).post(
        "/api/v1/programmes",
        json={"year": 2027, "title": "P", "priorities": [{"code": "INT", "name": "I", "budget": "dużo"}]},
    )
    assert response.status_code == 422
    assert "priorities.0.budget" in response.get_json()["fields"]


def test_create_call_draft_with_statutory_defaults(api, officer, db):
    body = _create(api(officer))
    assert body["status"] == "draft"
    assert body["office_id"] == officer.office_id
    assert body["budget_total"] == "120000.00"
    assert body["own_contribution_min_percent"] == "10.00"
    # art. 15 ust. 1: six criteria, pkt 4 (own funds) only for wspieranie
    assert [c["code"] for c in body["criteria"]] == [
        "ability",
        "costs",
        "quality",
        "own_funds",
        "non_financial",
        "track_record",
    ]
    assert body["award_rules"] and body["selection_procedure"] and body["task_conditions"]
    assert body["same_type_tasks"]  # art. 13 ust. 2 pkt 7 filled in
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "call.create")).actor_id == officer.id


def test_powierzanie_drops_own_funds_criterion(api, officer):
    body = _create(api(officer), form="powierzanie", own_contribution_min_percent=None)
    assert "own_funds" not in [c["code"] for c in body["criteria"]]


def test_powierzanie_refuses_own_contribution_minimum(api, officer):
    response = api(officer).post("/api/v1/calls", json=call_payload(form="powierzanie"))
    assert response.status_code == 422
    assert "own_contribution_min_percent" in response.get_json()["fields"]


def test_custom_criteria_and_threshold(api, officer):
    body = _create(
        api(officer),
        criteria=[
            {"code": "quality", "name": "Jakość", "max_points": 60, "min_points": 20},
            {"code": "costs", "name": "Koszty", "max_points": 40},
        ],
        min_total_points=55,
        aggregation="median",
    )
    assert body["criteria"][0] == {
        "code": "quality",
        "name": "Jakość",
        "max_points": 60,
        "min_points": 20,
        "advisory": False,
    }
    assert body["max_total_points"] == 100 and body["min_total_points"] == 55 and body["aggregation"] == "median"


def test_bad_input_is_422_with_each_field_named(api, officer):
    response = api(officer).post(
        "/api/v1/calls",
        json=call_payload(
            budget_total="12,345.678",
            task_start="2027-02-30",
            submission_deadline="jutro",
            form="dotacja",
            criteria=[{"code": "Bad Code", "name": "", "max_points": -1}],
        ),
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation"
    for field in (
        "budget_total",
        "task_start",
        "submission_deadline",
        "form",
        "criteria.0.code",
        "criteria.0.name",
        "criteria.0.max_points",
    ):
        assert field in body["fields"], field


def test_missing_required_fields(api, officer):
    response = api(officer).post("/api/v1/calls", json={"title": "Tylko tytuł"})
    assert response.status_code == 422
    assert {"task_type", "form", "budget_total", "submission_deadline"} <= set(response.get_json()["fields"])


def test_cross_field_rules(api, officer):
    response = api(officer).post(
        "/api/v1/calls",
        json=call_payload(grant_min="70000.00", grant_max="60000.00", task_start="2027-05-01", task_end="2027-04-01"),
    )
    assert response.status_code == 422
    assert {"grant_min", "task_end"} <= set(response.get_json()["fields"])


def test_only_officers_create_calls(api, ngo_user, evaluator):
    assert api().post("/api/v1/calls", json=call_payload()).status_code == 401
    assert api(ngo_user).post("/api/v1/calls", json=call_payload()).status_code == 403
    assert api(evaluator).post("/api/v1/calls", json=call_payload()).status_code == 403


def test_draft_is_invisible_to_public_and_other_office(api, officer, other_officer):
    draft = _create(api(officer))
    assert api().get(f"/api/v1/calls/{draft['id']}").status_code == 404
    assert api(other_officer).get(f"/api/v1/calls/{draft['id']}").status_code == 404
    assert api(other_officer).patch(f"/api/v1/calls/{draft['id']}", json={"title": "x"}).status_code == 404
    assert api(other_officer).post(f"/api/v1/calls/{draft['id']}/publish").status_code == 404
    assert api(other_officer).post(f"/api/v1/calls/{draft['id']}/cancel", json={"reason": "x"}).status_code == 404
    assert api(officer).get(f"/api/v1/calls/{draft['id']}").status_code == 200
    assert draft["id"] not in [c["id"] for c in api().get("/api/v1/calls").get_json()]


def test_publish_records_three_channels_and_opens_the_call(api, officer, db):
    client = api(officer)
    draft = _create(client)
    response = client.post(f"/api/v1/calls/{draft['id']}/publish")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "published"
    assert sorted(p["channel"] for p in body["publications"]) == ["bip", "noticeboard", "website"]
    public = api().get(f"/api/v1/calls/{draft['id']}").get_json()
    assert public["is_open"] is True and public["status"] == "published"
    assert draft["id"] in [c["id"] for c in api().get("/api/v1/calls?status=open").get_json()]
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "call.publish"))
    assert entry.before == {"status": "draft"} and entry.after["status"] == "published"


def test_publish_refuses_deadline_under_21_days_on_the_deadline_field(api, officer, db):
    """Art. 13 ust. 1: no shorter than 21 days from the last publication."""
    client = api(officer)
    draft = _create(client, submission_deadline=future(10))
    response = client.post(f"/api/v1/calls/{draft['id']}/publish")
    assert response.status_code == 422
    assert "art. 13 ust. 1" in response.get_json()["fields"]["submission_deadline"][0]
    assert db.session.get(Call, draft["id"]).status == CallStatus.draft


def test_21_full_days_counted_from_the_day_after_the_last_publication(api, officer):
    client = api(officer)
    # Published on 1 March (any hour): 2–22 March are the 21 days; 23 March 00:00 is the first valid cut-off.
    too_early = _create(client, submission_deadline="2027-03-22T23:59:00+01:00")
    just_enough = _create(client, submission_deadline="2027-03-23T00:00:00+01:00")
    publications = [{"channel": c, "published_at": "2027-03-01T08:00:00+01:00"} for c in ("bip", "noticeboard")]
    publications.append({"channel": "website", "published_at": "2027-03-01T18:30:00+01:00"})
    with freeze_time("2027-03-02T10:00:00Z"):
        refused = client.post(f"/api/v1/calls/{too_early['id']}/publish", json={"publications": publications})
        accepted = client.post(f"/api/v1/calls/{just_enough['id']}/publish", json={"publications": publications})
    assert refused.status_code == 422
    assert accepted.status_code == 200
    assert accepted.get_json()["published_at"] == "2027-03-01T18:30:00+01:00"


def test_the_last_publication_counts(api, officer):
    client = api(officer)
    draft = _create(client, submission_deadline="2027-03-25T12:00:00+01:00")
    publications = [
        {"channel": "bip", "published_at": "2027-03-01T08:00:00+01:00"},
        {"channel": "noticeboard", "published_at": "2027-03-01T08:00:00+01:00"},
        {"channel": "website", "published_at": "2027-03-05T08:00:00+01:00"},
    ]
    with freeze_time("2027-03-06T10:00:00Z"):
        response = client.post(f"/api/v1/calls/{draft['id']}/publish", json={"publications": publications})
    assert response.status_code == 422
    assert "submission_deadline" in response.get_json()["fields"]


def test_publish_needs_all_three_channels_and_no_future_dates(api, officer):
    client = api(officer)
    draft = _create(client)
    only_bip = client.post(
        f"/api/v1/calls/{draft['id']}/publish", json={"publications": [{"channel": "bip", "published_at": future(-1)}]}
    )
    assert only_bip.status_code == 422 and "publications" in only_bip.get_json()["fields"]
    later = [{"channel": c, "published_at": future(2)} for c in ("bip", "noticeboard", "website")]
    assert client.post(f"/api/v1/calls/{draft['id']}/publish", json={"publications": later}).status_code == 422
    bad = [{"channel": "tv", "published_at": "wczoraj"}]
    response = client.post(f"/api/v1/calls/{draft['id']}/publish", json={"publications": bad})
    assert response.status_code == 422
    assert {"publications.0.channel", "publications.0.published_at"} <= set(response.get_json()["fields"])


def test_deadline_on_a_holiday_or_weekend_is_a_warning_not_a_refusal(api, officer):
    client = api(officer)
    holiday = _create(client, submission_deadline="2027-11-11T12:00:00+01:00")  # Narodowe Święto Niepodległości
    saturday = _create(client, submission_deadline="2027-11-13T12:00:00+01:00")
    assert [w["code"] for w in holiday["warnings"]] == ["deadline_on_holiday"]
    assert [w["code"] for w in saturday["warnings"]] == ["deadline_on_saturday"]
    with freeze_time("2027-10-01T10:00:00Z"):
        response = client.post(f"/api/v1/calls/{holiday['id']}/publish")
    assert response.status_code == 200
    assert response.get_json()["warnings"][0]["field"] == "submission_deadline"


def test_publish_twice_is_409(api, officer):
    client = api(officer)
    draft = _create(client)
    assert client.post(f"/api/v1/calls/{draft['id']}/publish").status_code == 200
    response = client.post(f"/api/v1/calls/{draft['id']}/publish")
    assert response.status_code == 409 and response.get_json()["error"] == "not_draft"


def test_draft_edit_needs_no_reason_and_is_audited(api, officer, db):
    client = api(officer)
    draft = _create(client)
    response = client.patch(f"/api/v1/calls/{draft['id']}", json={"budget_total": "150000.00"})
    assert response.status_code == 200 and response.get_json()["budget_total"] == "150000.00"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "call.update"))
    assert entry.before == {"budget_total": "120000.00"} and entry.after == {"budget_total": "150000.00"}


def test_amendment_needs_a_reason(api, officer, db):
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    response = client.patch(f"/api/v1/calls/{call['id']}", json={"budget_total": "200000.00"})
    assert response.status_code == 422 and "reason" in response.get_json()["fields"]
    assert db.session.get(Call, call["id"]).budget_total == 120000


def test_amendment_is_kept_audited_and_public(api, officer, db):
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    new_deadline = future(45)
    response = client.patch(
        f"/api/v1/calls/{call['id']}",
        json={"submission_deadline": new_deadline, "reason": "Przedłużenie terminu na prośbę organizacji."},
    )
    assert response.status_code == 200
    public = api().get(f"/api/v1/calls/{call['id']}").get_json()
    assert public["submission_deadline"] == datetime.fromisoformat(new_deadline).isoformat()
    [amendment] = public["amendments"]
    assert amendment["reason"] == "Przedłużenie terminu na prośbę organizacji."
    assert set(amendment["after"]) == {"submission_deadline"}
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "call.amend"))
    assert entry.summary == amendment["reason"] and "submission_deadline" in entry.before


def test_amendment_cannot_bring_deadline_under_21_days(api, officer, db):
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    response = client.patch(
        f"/api/v1/calls/{call['id']}", json={"submission_deadline": future(15), "reason": "Skrócenie terminu"}
    )
    assert response.status_code == 422
    assert "art. 13 ust. 1" in response.get_json()["fields"]["submission_deadline"][0]
    stored = db.session.get(Call, call["id"])
    assert stored.submission_deadline == datetime.fromisoformat(call["submission_deadline"])
    assert stored.amendments == []


def test_deadline_cannot_move_once_passed(api, officer):
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    with freeze_time(datetime.now(UTC) + timedelta(days=40)):
        response = client.patch(
            f"/api/v1/calls/{call['id']}", json={"submission_deadline": future(60), "reason": "Wznowienie naboru"}
        )
    assert response.status_code == 409 and response.get_json()["error"] == "deadline_passed"


def test_status_is_derived_from_the_clock_to_the_second(api, officer):
    client = api(officer)
    call = _create(client, submission_deadline="2027-04-15T16:00:00+02:00")
    with freeze_time("2027-03-01T10:00:00Z"):
        client.post(f"/api/v1/calls/{call['id']}/publish")
    with freeze_time("2027-04-15T13:59:59Z"):
        before = api().get(f"/api/v1/calls/{call['id']}").get_json()
        open_ids = [c["id"] for c in api().get("/api/v1/calls?status=open").get_json()]
    with freeze_time("2027-04-15T14:00:00Z"):
        after = api().get(f"/api/v1/calls/{call['id']}").get_json()
        closed_ids = [c["id"] for c in api().get("/api/v1/calls?status=closed").get_json()]
    assert (before["status"], before["is_open"]) == ("published", True) and call["id"] in open_ids
    assert (after["status"], after["is_open"]) == ("closed", False) and call["id"] in closed_ids


def test_cancel_before_the_deadline_is_an_odwolanie_with_its_reason(api, officer, db):
    """Art. 18a ust. 1 needs a fact known only after the deadline; an open call stopped is withdrawn (odwołanie).
    The grounds and their checks: tests/api/test_call_cancellation_api.py."""
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    assert client.post(f"/api/v1/calls/{call['id']}/cancel", json={}).status_code == 422
    response = client.post(f"/api/v1/calls/{call['id']}/cancel", json={"reason": "Brak ofert (art. 18a)."})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert call["id"] in [c["id"] for c in api().get("/api/v1/calls?status=cancelled").get_json()]
    assert client.post(f"/api/v1/calls/{call['id']}/cancel", json={"reason": "again"}).status_code == 409
    assert client.patch(f"/api/v1/calls/{call['id']}", json={"title": "x", "reason": "y"}).status_code == 409
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "call.cancel"))
    assert entry.after["reason"] == "Brak ofert (art. 18a)."
    assert (entry.after["status"], entry.after["kind"], entry.after["ground"]) == ("cancelled", "withdrawal", None)


def test_list_status_filter_validated(api):
    assert api().get("/api/v1/calls?status=whatever").status_code == 422
    assert api().get("/api/v1/calls?status=draft").status_code == 422


def test_same_type_tasks_leave_out_calls_not_carried_out(api, officer):
    """Art. 13 ust. 2 pkt 7 asks for tasks carried out, with the grants awarded: an earlier call that is only
    published (its planned budget) is not one; the text says so and the officer may still edit it."""
    client = api(officer)
    earlier = _create(client, title="Kursy 2026", budget_total="80000.00")
    client.post(f"/api/v1/calls/{earlier['id']}/publish")
    later = _create(client, title="Kursy 2027")
    assert later["same_type_tasks_computed"] == []
    assert "nie realizował zadań publicznych tego samego rodzaju" in later["same_type_tasks"]
    edited = client.patch(f"/api/v1/calls/{later['id']}", json={"same_type_tasks": "Tekst urzędu."}).get_json()
    assert edited["same_type_tasks"] == "Tekst urzędu."
    # Item 7 is part of the announcement: not published without it.
    assert client.patch(f"/api/v1/calls/{later['id']}", json={"same_type_tasks": ""}).status_code == 200
    refused = client.post(f"/api/v1/calls/{later['id']}/publish")
    assert refused.status_code == 422 and "art. 13 ust. 2 pkt 7" in refused.get_json()["fields"]["same_type_tasks"][0]


def test_same_type_tasks_are_the_tasks_carried_out_with_the_grants_awarded_art_13_ust_2_pkt_7(awarded, db):
    """The resolved call's standing awards (17 020,00 + 12 000,00 zł), in the Warsaw years its task meets: listed
    for an announcement in the task's year or the year after, not two years later."""
    from grants.calls.operations import same_type_tasks_text
    from grants.calls.queries import same_type_tasks

    done = awarded.call
    new = Call(office_id=done.office_id, task_type=done.task_type)
    year = done.task_start.year
    rows = same_type_tasks(new, year)
    assert [(r["id"], r["title"], r["amount"]) for r in rows] == [(done.id, done.title, Decimal("29020.00"))]
    assert same_type_tasks(new, done.task_end.year + 1)[0]["id"] == done.id
    assert same_type_tasks(new, done.task_end.year + 2) == []
    other_type = Call(office_id=done.office_id, task_type="Zupełnie inne zadanie")
    assert same_type_tasks(other_type, year) == []
    text = same_type_tasks_text(new, now=datetime(year, 6, 1, 10, tzinfo=UTC))
    assert done.title in text and "29\xa0020,00\xa0zł" in text and "80000.00" not in text


def test_call_audit_for_officer_only(api, officer, other_officer, ngo_user):
    client = api(officer)
    call = _create(client)
    client.post(f"/api/v1/calls/{call['id']}/publish")
    actions = [e["action"] for e in client.get(f"/api/v1/calls/{call['id']}/audit").get_json()]
    assert actions == ["call.create", "call.publish"]
    assert api(other_officer).get(f"/api/v1/calls/{call['id']}/audit").status_code == 404
    assert api(ngo_user).get(f"/api/v1/calls/{call['id']}/audit").status_code == 403


def test_officer_cannot_create_in_another_office(api, officer, other_office):
    response = api(officer).post("/api/v1/calls", json=call_payload(office_id=other_office.id))
    assert response.status_code == 422 and "office_id" in response.get_json()["fields"]


def test_priority_by_code(api, officer):
    client = api(officer)
    client.post(
        "/api/v1/programmes",
        json={"year": 2027, "title": "P", "priorities": [{"code": "INT", "name": "Integracja", "budget": "1000.00"}]},
    )
    body = _create(client, programme_priority="INT", task_start="2027-02-01", task_end="2027-11-30")
    assert body["programme_priority_code"] == "INT"
    response = client.post("/api/v1/calls", json=call_payload(programme_priority="NOPE"))
    assert response.status_code == 422 and "programme_priority" in response.get_json()["fields"]


def test_openapi_lists_every_api_route(api, app):
    spec = api().get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")}
    import re

    documented = {"/api/v1" + p for p in spec["paths"]}
    assert {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r) for r in routes} == documented
    assert "post" in spec["paths"]["/calls/{call_id}/publish"]


def test_emptying_a_required_setting_is_a_field_error(api, officer):
    client = api(officer)
    call = _create(client)
    for field in ("cost_shift_tolerance_percent", "budget_total", "title"):
        response = client.patch(f"/api/v1/calls/{call['id']}", json={field: None})
        assert response.status_code == 422, field
        assert field in response.get_json()["fields"]
