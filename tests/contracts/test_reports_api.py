"""Reports through /api/v1 (../shared/API.md, "After the award"; art. 18 of the Act; Annex 5 of Dz.U. 2018
poz. 2057): the NGO's final report, the office's demand for a partial one, submission into frozen versions
with a control sum, and the office's review — with every refusal (404 another organisation, 403 the wrong
role, 409 the wrong state, 422 naming the field)."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest

from grants.audit.log import entries_for
from grants.clock import now_utc, warsaw_date
from grants.contracts.models import ContractStatus, Report, ReportStatus
from grants.extensions import db
from grants.mail import OutboundMail
from grants.offers.control import canonical_json
from settlement.deadlines import final_report_due, partial_report_earliest_due
from tests.contracts.report_helpers import expenses, report_body, warsaw_noon
from tests.helpers import make_staff, make_user


@pytest.fixture
def setting(awarded, make_contract, api, after_deadline, officer):
    contract = make_contract(awarded.full.id)
    db.session.commit()
    after_deadline.move_to(warsaw_noon(contract.task_start + timedelta(days=60)))
    return contract, api(awarded.full.user), api(officer)


def _create(ngo, contract, **overrides):
    response = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json=report_body(contract, **overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_ngo_creates_the_final_report_due_30_days_after_the_task(setting):
    contract, ngo, office = setting
    data = _create(ngo, contract)
    # art. 18 ust. 1: within 30 days of the task's end, moved off a day free from work (KC art. 115)
    assert data["due_date"] == final_report_due(contract.task_end).isoformat()
    assert data["kind"] == "final" and data["status"] == "draft" and data["lock_version"] == 0
    content = data["content"]
    assert content["results"] == [
        {
            "name": "Uczestnicy, którzy ukończyli kurs",
            "planned": "32 osoby",
            "monitoring": "listy obecności i test końcowy",
            "achieved": "30 osób (94% wartości docelowej)",
        }
    ]
    assert content["expenses"][0] == {
        "cost_item_id": contract.cost_items[0].id,
        "actual_total": "12000.00",
        "actual_grant": "12000.00",
    }
    assert data["computed"]["actual_grant"] == "17020.00"
    # The office sees the report, never the draft's content.
    seen = office.get(f"/api/v1/reports/{data['id']}").get_json()
    assert seen["status"] == "draft" and "content" not in seen and seen["current_version"] is None
    listed = ngo.get(f"/api/v1/contracts/{contract.id}/reports").get_json()
    assert [r["id"] for r in listed] == [data["id"]]
    # A second final report: 409.
    again = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json={"kind": "final"})
    assert again.status_code == 409 and again.get_json()["error"] == "final_exists"
    assert [e.action for e in entries_for("report", data["id"])] == ["report.create"]


def test_refusals_when_creating(setting, awarded, api, make_org, committee):
    contract, ngo, office = setting
    url = f"/api/v1/contracts/{contract.id}/reports"
    bad = ngo.post(url, json={"kind": "yearly"})
    assert bad.status_code == 422 and "kind" in bad.get_json()["fields"]
    partial = ngo.post(url, json={"kind": "partial"})
    assert partial.status_code == 409 and partial.get_json()["error"] == "no_demand"
    assert office.post(url, json={"kind": "final"}).status_code == 403  # the office does not write reports
    outsider = make_user("obca@ngo.example", "Obca Osoba")
    make_org("Fundacja Obca", members=[outsider])
    assert api(outsider).post(url, json={"kind": "final"}).status_code == 404
    assert api(awarded.lower.user).post(url, json={"kind": "final"}).status_code == 404
    assert api(committee.chair).post(url, json={"kind": "final"}).status_code == 404
    assert api().post(url, json={"kind": "final"}).status_code == 401
    # a refused body leaves nothing behind
    wrong = ngo.post(url, json=report_body(contract, expenses=[{"cost_item_id": 10**6, "actual_total": "1.00"}]))
    assert wrong.status_code == 422 and "expenses.0.cost_item_id" in wrong.get_json()["fields"]
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 0


def test_no_report_on_a_draft_contract(awarded, make_contract, api):
    contract = make_contract(awarded.full.id, status=ContractStatus.draft)
    db.session.commit()
    response = api(awarded.full.user).post(f"/api/v1/contracts/{contract.id}/reports", json={"kind": "final"})
    assert response.status_code == 409 and response.get_json()["error"] == "contract_not_signed"


def test_the_draft_is_edited_with_field_errors_and_the_lock(setting):
    contract, ngo, _office = setting
    data = _create(ngo, contract, expenses=[])
    url = f"/api/v1/reports/{data['id']}"
    first = contract.cost_items[0].id
    over = ngo.patch(
        url, json={"expenses": [{"cost_item_id": first, "actual_total": "10.00", "actual_grant": "11.00"}]}
    )
    assert over.status_code == 422 and list(over.get_json()["fields"]) == ["expenses.0.actual_grant"]
    for body, field in (
        ({"expenses": [{"cost_item_id": first, "actual_total": "abc"}]}, "expenses.0.actual_total"),
        ({"expenses": [{"cost_item_id": first}, {"cost_item_id": first}]}, "expenses.1.cost_item_id"),
        ({"expenses": "all"}, "expenses"),
        ({"sources": {"in_kind": "-5"}}, "sources.in_kind"),
        ({"results": [{"achieved": "a"}, {"achieved": "b"}]}, "results"),
        ({"attachments": [{"description": "bez nazwy"}]}, "attachments.0.name"),
        ({"results_description": 5}, "results_description"),
        ({"lock_version": "x"}, "lock_version"),
    ):
        response = ngo.patch(url, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["fields"], (body, response.get_json())
    saved = ngo.patch(
        url, json={"lock_version": 0, "fees": {"amount": "1 200,50", "description": "Opłata za podręcznik"}}
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["content"]["fees"] == {"amount": "1200.50", "description": "Opłata za podręcznik"}
    assert saved.get_json()["lock_version"] == 1
    stale = ngo.patch(url, json={"lock_version": 0, "additional_information": "x"})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"
    # What the previous save wrote is kept: one line of expenses changed, the others are still there.
    content = ngo.get(url).get_json()["content"]
    assert [e["cost_item_id"] for e in content["expenses"]] == [i.id for i in contract.cost_items]


def test_submit_freezes_a_version_with_its_control_sum(setting):
    contract, ngo, office = setting
    data = _create(ngo, contract)
    response = ngo.post(f"/api/v1/reports/{data['id']}/submit")
    assert response.status_code == 200, response.get_json()
    submitted = response.get_json()
    assert submitted["status"] == "submitted" and submitted["version"] == 1
    document = submitted["document"]
    assert submitted["control_sum"] == hashlib.sha256(canonical_json(document)).hexdigest()
    assert submitted["control_code"] == "-".join(
        submitted["control_sum"][:12].upper()[i : i + 4] for i in range(0, 12, 4)
    )
    assert document["kind"] == "final" and document["contract_id"] == contract.id
    # The settlement reads this shape: cost_item_id int, amounts as strings.
    assert document["content"]["expenses"] == expenses(contract)
    seen = office.get(f"/api/v1/reports/{data['id']}").get_json()
    assert seen["current_version"]["control_sum"] == submitted["control_sum"]
    assert "content" not in seen
    again = ngo.post(f"/api/v1/reports/{data['id']}/submit")
    assert again.status_code == 409 and again.get_json()["error"] == "not_draft"
    edit = ngo.patch(f"/api/v1/reports/{data['id']}", json={"actions_description": "x"})
    assert edit.status_code == 409 and edit.get_json()["error"] == "not_draft"


def test_submit_refuses_an_incomplete_report_and_a_line_over_the_tolerance(setting):
    contract, ngo, _office = setting
    percent = Decimal(contract.cost_shift_tolerance_percent)
    planned = contract.cost_items[1].grant_part  # 3 020,00 zł
    limit = (planned * (100 + percent) / 100).quantize(Decimal("0.01"))
    over = [
        ("12000.00", "12000.00"),
        (str(limit + 1000), str(limit + Decimal("0.01"))),
        ("2000.00", "0.00"),
        ("2500.00", "2000.00"),
    ]
    data = _create(ngo, contract, results_description="", expenses=expenses(contract, over))
    response = ngo.post(f"/api/v1/reports/{data['id']}/submit")
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    # Annex 3 § 5: a grant line may grow by the contract's percentage, no more.
    assert set(fields) == {"results_description", "expenses.1.actual_grant"}, fields
    at_limit = [over[0], (str(limit + 1000), str(limit)), over[2], over[3]]
    fixed = ngo.patch(
        f"/api/v1/reports/{data['id']}",
        json={"results_description": "Opis", "expenses": expenses(contract, at_limit)},
    )
    assert fixed.status_code == 200
    assert ngo.post(f"/api/v1/reports/{data['id']}/submit").status_code == 200  # exactly at the limit: compliant


def test_the_office_returns_then_accepts_and_the_contract_is_performed(setting, awarded, api, committee):
    contract, ngo, office = setting
    data = _create(ngo, contract)
    url = f"/api/v1/reports/{data['id']}"
    early = office.put(f"{url}/review", json={"outcome": "accepted"})
    assert early.status_code == 409 and early.get_json()["error"] == "not_submitted"
    assert ngo.post(f"{url}/submit").status_code == 200
    assert ngo.put(f"{url}/review", json={"outcome": "accepted"}).status_code == 403
    assert api(committee.chair).put(f"{url}/review", json={"outcome": "accepted"}).status_code == 404
    no_note = office.put(f"{url}/review", json={"outcome": "returned", "note": " "})
    assert no_note.status_code == 422 and "note" in no_note.get_json()["fields"]
    wrong = office.put(f"{url}/review", json={"outcome": "maybe"})
    assert wrong.status_code == 422 and "outcome" in wrong.get_json()["fields"]
    returned = office.put(f"{url}/review", json={"outcome": "returned", "note": "Uzupełnij opis działań."})
    assert returned.status_code == 200, returned.get_json()
    assert returned.get_json()["status"] == "returned"
    assert returned.get_json()["review"]["note"] == "Uzupełnij opis działań."
    assert ngo.patch(url, json={"actions_description": "Pełny opis działań."}).status_code == 200
    second = ngo.post(f"{url}/submit").get_json()
    assert second["version"] == 2
    accepted = office.put(f"{url}/review", json={"outcome": "accepted", "note": ""})
    assert accepted.status_code == 200, accepted.get_json()
    assert [v["number"] for v in accepted.get_json()["versions"]] == [1, 2]
    db.session.expire_all()
    assert db.session.get(Report, data["id"]).status == ReportStatus.accepted
    # Annex 3 § 1: the contract is performed when the office accepts the final report.
    assert db.session.get(type(contract), contract.id).status == ContractStatus.performed
    # A report after acceptance: 409.
    after = ngo.post(f"{url}/submit")
    assert after.status_code == 409 and after.get_json()["error"] == "already_accepted"
    assert ngo.patch(url, json={"actions_description": "x"}).get_json()["error"] == "already_accepted"
    assert (
        office.put(f"{url}/review", json={"outcome": "returned", "note": "x"}).get_json()["error"] == "already_accepted"
    )
    subjects = [m.subject for m in db.session.scalars(db.select(OutboundMail).order_by(OutboundMail.id))]
    assert any("zwrócone do poprawy" in s for s in subjects) and any("przyjął sprawozdanie" in s for s in subjects)
    assert sum("Złożono sprawozdanie" in s for s in subjects) >= 2
    actions = [e.action for e in entries_for("report", data["id"])]
    assert actions == [
        "report.create",
        "report.submit",
        "report.review",
        "report.update",
        "report.submit",
        "report.review",
    ]
    assert [e.action for e in entries_for("contract", contract.id)][-1:] == ["contract.perform"]


def test_the_office_demands_a_partial_report_at_least_30_days_ahead(setting, office):
    contract, ngo, officer_api = setting
    url = f"/api/v1/contracts/{contract.id}/reports/demand"
    today = warsaw_date(now_utc())
    earliest = partial_report_earliest_due(today)  # art. 18 ust. 3: no less than 30 days from delivery
    short = officer_api.post(url, json={"due_date": (earliest - timedelta(days=1)).isoformat()})
    assert short.status_code == 422 and "due_date" in short.get_json()["fields"]
    assert officer_api.post(url, json={}).get_json()["fields"].keys() == {"due_date"}
    reversed_period = officer_api.post(
        url,
        json={
            "due_date": earliest.isoformat(),
            "period_start": today.isoformat(),
            "period_end": (today - timedelta(days=5)).isoformat(),
        },
    )
    assert "period_end" in reversed_period.get_json()["fields"]
    assert ngo.post(url, json={"due_date": earliest.isoformat()}).status_code == 403
    demanded = officer_api.post(
        url, json={"due_date": earliest.isoformat(), "period_start": contract.task_start.isoformat()}
    )
    assert demanded.status_code == 201, demanded.get_json()
    data = demanded.get_json()
    assert data["kind"] == "partial" and data["demanded_on"] == today.isoformat()
    assert data["due_date"] == earliest.isoformat() and data["period_end"] == today.isoformat()
    demand_mail = db.session.scalars(db.select(OutboundMail).order_by(OutboundMail.id.desc())).first()
    assert "Wezwanie do złożenia sprawozdania częściowego" in demand_mail.subject
    assert contract.organization.email == demand_mail.recipient
    # The NGO's "partial" now answers the demand: the demanded report is filled in (200, not a new one).
    answered = ngo.post(
        f"/api/v1/contracts/{contract.id}/reports", json=report_body(contract, kind="partial", expenses=[])
    )
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["id"] == data["id"]
    assert answered.get_json()["content"]["results_description"].startswith("Kurs")
    submitted = ngo.post(f"/api/v1/reports/{data['id']}/submit")
    assert submitted.status_code == 200, submitted.get_json()
    accepted = officer_api.put(f"/api/v1/reports/{data['id']}/review", json={"outcome": "accepted"})
    assert accepted.status_code == 200
    db.session.expire_all()
    assert db.session.get(type(contract), contract.id).status == ContractStatus.signed  # only the final performs
    # No open demand left.
    again = ngo.post(f"/api/v1/contracts/{contract.id}/reports", json={"kind": "partial"})
    assert again.status_code == 409 and again.get_json()["error"] == "no_demand"


def test_another_office_and_the_public_do_not_know_a_report(setting, api, committee):
    contract, ngo, _office = setting
    data = _create(ngo, contract)
    from grants.offices.models import Office

    elsewhere = Office.query.filter_by(slug="wroclaw").one()
    stranger = make_staff("referent@wroclaw.example", "officer", elsewhere, "Obcy Referent")
    for client in (api(stranger), api(committee.chair)):
        assert client.get(f"/api/v1/reports/{data['id']}").status_code == 404
        assert client.put(f"/api/v1/reports/{data['id']}/review", json={"outcome": "accepted"}).status_code == 404
        assert client.post(f"/api/v1/contracts/{contract.id}/reports/demand", json={}).status_code == 404
    assert api().get(f"/api/v1/reports/{data['id']}").status_code == 401
    assert api(stranger).get("/api/v1/reports/999999").status_code == 404
