"""The report pages without JavaScript (art. 18 of the Act; Annex 5): the NGO starts the final report from
the contract's reports, fills the form (planned vs actual per cost line, the offer's results beside what was
achieved), submits it through a confirmation step; the office returns it with a note, then accepts it; the
office demands a partial report. Every refusal answers in the browser too."""

import re
from datetime import timedelta

import pytest

from grants.contracts.models import ContractStatus, Report, ReportStatus
from grants.extensions import db
from settlement.deadlines import final_report_due, partial_report_earliest_due
from tests.auth.helpers import otp_for
from tests.contracts.report_helpers import ACTUAL, warsaw_noon
from tests.helpers import PASSWORD, make_user


def web(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    code = otp_for(user)
    if code:
        response = client.post("/login/two-factor", data={"code": code})
    assert response.status_code == 302
    return client


@pytest.fixture
def setting(app, awarded, make_contract, after_deadline, officer):
    contract = make_contract(awarded.full.id)
    db.session.commit()
    after_deadline.move_to(warsaw_noon(contract.task_end + timedelta(days=3)))
    return contract, web(app, awarded.full.user), web(app, officer)


def _form(contract, **overrides) -> dict:
    data = {
        "lock_version": "0",
        "results_description": "Kurs ukończyło 30 osób.",
        "results.0.achieved": "30 osób",
        "actions_description": "Kursy A1 i A2 zgodnie z harmonogramem.",
        "sources.own_financial": "500,00",
        "sources.other_public": "0",
        "sources.personal": "0",
        "sources.in_kind": "2 000,00",
        "other_revenue": "",
        "fees.amount": "0",
        "fees.description": "",
        "additional_information": "",
        "attachments.0.name": "Listy obecności",
        "attachments.0.description": "Skany",
        "attachments.1.name": "",
        "attachments.1.description": "",
    }
    for index, (item, (total, grant)) in enumerate(zip(contract.cost_items, ACTUAL, strict=True)):
        data[f"expenses.{index}.cost_item_id"] = str(item.id)
        data[f"expenses.{index}.actual_total"] = total.replace(".", ",")
        data[f"expenses.{index}.actual_grant"] = grant.replace(".", ",")
    data.update(overrides)
    return data


def test_the_ngo_fills_and_submits_the_final_report_without_javascript(setting):
    contract, ngo, office = setting
    listing = ngo.get(f"/contracts/{contract.id}/reports")
    assert listing.status_code == 200
    assert "Złóż sprawozdanie końcowe" in listing.get_data(as_text=True)
    started = ngo.post(f"/contracts/{contract.id}/reports/final")
    assert started.status_code == 302
    report = db.session.scalar(db.select(Report))
    assert started.headers["Location"].endswith(f"/reports/{report.id}/edit")
    assert report.due_date == final_report_due(contract.task_end)  # art. 18 ust. 1
    page = ngo.get(f"/reports/{report.id}/edit").get_data(as_text=True)
    assert "Uczestnicy, którzy ukończyli kurs" in page and "32 osoby" in page  # III.6 of the offer beside
    assert "Wynagrodzenie lektora" in page and 'name="expenses.3.actual_grant"' in page
    assert "data-autosave-url" in page and "js/report.js" in page
    # A refused form comes back as typed, the field named.
    bad = ngo.post(f"/reports/{report.id}/edit", data=_form(contract, **{"expenses.0.actual_grant": "99 999,00"}))
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'id="f-expenses-0-actual_grant"' in text and "99 999,00" in text and "Kurs ukończyło 30 osób." in text
    db.session.refresh(report)
    assert report.lock_version == 0
    saved = ngo.post(f"/reports/{report.id}/edit", data=_form(contract, go="submit"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/reports/{report.id}/submit")
    db.session.refresh(report)
    assert report.content["expenses"][0]["actual_total"] == "12000.00"
    assert report.content["sources"]["in_kind"] == "2000.00"
    assert report.content["attachments"] == [{"name": "Listy obecności", "description": "Skany"}]
    # The office does not see the draft, nor its form.
    assert "Kurs ukończyło" not in office.get(f"/reports/{report.id}").get_data(as_text=True)
    assert office.get(f"/reports/{report.id}/edit").status_code == 403
    confirm = ngo.get(f"/reports/{report.id}/submit")
    assert confirm.status_code == 200 and "Potwierdzam" in confirm.get_data(as_text=True)
    # 19 520,00 zł of costs = 17 020,00 grant + 500,00 own financial + 2 000,00 in kind: no warning.
    assert 'id="sources-mismatch"' not in confirm.get_data(as_text=True)
    done = ngo.post(f"/reports/{report.id}/submit", data={"lock_version": str(report.lock_version)})
    assert done.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.submitted and report.current_version.number == 1
    shown = ngo.get(f"/reports/{report.id}").get_data(as_text=True)
    assert report.current_version.control_code in shown and "Wersje sprawozdania" in shown
    assert 'name="kind" value="report"' in shown  # the PDF button
    assert ngo.get(f"/reports/{report.id}/versions/1").status_code == 200
    assert ngo.get(f"/reports/{report.id}/versions/2").status_code == 404
    again = ngo.post(f"/reports/{report.id}/edit", data=_form(contract))
    assert again.status_code == 302  # submitted: the form is not taken; the report page says why


def test_an_incomplete_report_is_not_submitted_and_the_confirmation_names_the_fields(setting):
    contract, ngo, _office = setting
    ngo.post(f"/contracts/{contract.id}/reports/final")
    report = db.session.scalar(db.select(Report))
    saved = ngo.post(f"/reports/{report.id}/edit", data=_form(contract, **{"sources.in_kind": "0"}))
    assert saved.status_code == 302
    warned = ngo.get(f"/reports/{report.id}/submit").get_data(as_text=True)
    assert 'id="sources-mismatch"' in warned  # 2 000,00 zł of costs without a source: a warning, not a refusal
    ngo.post(f"/reports/{report.id}/edit", data=_form(contract, lock_version="1", results_description=""))
    page = ngo.get(f"/reports/{report.id}/submit").get_data(as_text=True)
    assert "Przed złożeniem popraw" in page and "#f-results_description" in page
    refused = ngo.post(f"/reports/{report.id}/submit", data={})
    assert refused.status_code == 422
    db.session.refresh(report)
    assert report.status == ReportStatus.draft


def test_the_autosave_answers_json(setting):
    contract, ngo, _office = setting
    ngo.post(f"/contracts/{contract.id}/reports/final")
    report = db.session.scalar(db.select(Report))
    ok = ngo.post(f"/reports/{report.id}/autosave", data=_form(contract), headers={"Accept": "application/json"})
    assert ok.status_code == 200 and ok.get_json()["lock_version"] == 1
    assert ok.get_json()["computed"]["actual_grant"] == "17020.00"
    stale = ngo.post(f"/reports/{report.id}/autosave", data=_form(contract), headers={"Accept": "application/json"})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"
    bad = ngo.post(
        f"/reports/{report.id}/autosave",
        data=_form(contract, lock_version="1", **{"sources.personal": "x"}),
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422 and "sources.personal" in bad.get_json()["fields"]


def test_the_office_returns_then_accepts_and_the_contract_is_performed(setting):
    contract, ngo, office = setting
    ngo.post(f"/contracts/{contract.id}/reports/final")
    report = db.session.scalar(db.select(Report))
    ngo.post(f"/reports/{report.id}/edit", data=_form(contract))
    assert ngo.post(f"/reports/{report.id}/submit", data={}).status_code == 302
    page = office.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Ocena sprawozdania" in page and "Kurs ukończyło 30 osób." in page and "Wynagrodzenie lektora" in page
    assert "Ocena sprawozdania" not in ngo.get(f"/reports/{report.id}").get_data(as_text=True)
    assert ngo.post(f"/reports/{report.id}/review", data={"outcome": "accepted"}).status_code == 403
    no_note = office.post(f"/reports/{report.id}/review", data={"outcome": "returned", "note": ""})
    assert no_note.status_code == 422 and 'id="f-note-error"' in no_note.get_data(as_text=True)
    returned = office.post(f"/reports/{report.id}/review", data={"outcome": "returned", "note": "Dołącz listy."})
    assert returned.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.returned
    assert "Dołącz listy." in ngo.get(f"/reports/{report.id}").get_data(as_text=True)
    form = _form(contract, lock_version=str(report.lock_version), **{"attachments.1.name": "Listy — komplet"})
    assert ngo.post(f"/reports/{report.id}/edit", data=form).status_code == 302
    assert ngo.post(f"/reports/{report.id}/submit", data={}).status_code == 302
    resubmitted = office.get(f"/reports/{report.id}").get_data(as_text=True)
    changed = re.search(r'id="changed-parts">(.*?)</p>', resubmitted, re.S).group(1)
    assert "Załączniki" in changed and "Wydatki" not in changed  # what the NGO changed, and only that
    accepted = office.post(f"/reports/{report.id}/review", data={"outcome": "accepted", "note": ""})
    assert accepted.status_code == 302
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status == ReportStatus.accepted and len(report.versions) == 2
    assert report.contract.status == ContractStatus.performed  # Annex 3 § 1
    assert "Złóż sprawozdanie końcowe" not in ngo.get(f"/contracts/{contract.id}/reports").get_data(as_text=True)


def test_the_office_demands_a_partial_report(app, setting, after_deadline, awarded, officer):
    contract, _ngo, _office = setting
    after_deadline.move_to(warsaw_noon(contract.task_start + timedelta(days=40)))
    ngo, office = web(app, awarded.full.user), web(app, officer)  # signed in during the task
    form = office.get(f"/contracts/{contract.id}/reports/demand")
    assert form.status_code == 200
    assert ngo.get(f"/contracts/{contract.id}/reports/demand").status_code == 403
    today = (contract.task_start + timedelta(days=40)).isoformat()
    short = office.post(f"/contracts/{contract.id}/reports/demand", data={"due_date": today})
    assert short.status_code == 422, short.headers.get("Location")
    assert "art. 18 ust. 3" in short.get_data(as_text=True)
    due = partial_report_earliest_due(contract.task_start + timedelta(days=40))
    made = office.post(
        f"/contracts/{contract.id}/reports/demand",
        data={"due_date": due.isoformat(), "period_start": contract.task_start.isoformat(), "period_end": today},
    )
    assert made.status_code == 302
    report = db.session.scalar(db.select(Report))
    assert report.kind.value == "partial" and report.due_date == due
    listing = ngo.get(f"/contracts/{contract.id}/reports").get_data(as_text=True)
    assert f"/reports/{report.id}" in listing and "częściowe" in listing
    assert ngo.get(f"/reports/{report.id}/edit").status_code == 200
    assert 'id="report-overdue"' not in ngo.get(f"/reports/{report.id}").get_data(as_text=True)
    after_deadline.move_to(warsaw_noon(due + timedelta(days=1)))
    late = web(app, awarded.full.user).get(f"/reports/{report.id}").get_data(as_text=True)
    assert 'id="report-overdue"' in late  # derived from the clock: a day after the due date


def test_others_do_not_know_the_report_pages(app, setting, make_org, committee):
    contract, ngo, _office = setting
    ngo.post(f"/contracts/{contract.id}/reports/final")
    report = db.session.scalar(db.select(Report))
    outsider = make_user("obca@ngo.example", "Obca Osoba")
    make_org("Fundacja Obca", members=[outsider])
    for user in (outsider, committee.chair):
        client = web(app, user)
        assert client.get(f"/reports/{report.id}").status_code == 404
        assert client.get(f"/reports/{report.id}/edit").status_code == 404
        assert client.get(f"/contracts/{contract.id}/reports").status_code == 404
    anonymous = app.test_client().get(f"/reports/{report.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_contract_page_shows_the_reports(app, setting, awarded, officer):
    contract, ngo, office = setting
    ngo_page = ngo.get(f"/ngo/contracts/{contract.id}").get_data(as_text=True)
    assert "Złóż sprawozdanie końcowe" in ngo_page and f"/contracts/{contract.id}/reports/final" in ngo_page
    ngo.post(f"/contracts/{contract.id}/reports/final")
    report = db.session.scalar(db.select(Report))
    office_page = office.get(f"/office/contracts/{contract.id}").get_data(as_text=True)
    assert f"/reports/{report.id}" in office_page and "Wezwij do złożenia sprawozdania częściowego" in office_page
    assert office_page.count('id="reports-heading"') == 1
