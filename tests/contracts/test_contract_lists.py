"""GET /api/v1/contracts and the dues behind it (grants.contracts.deadlines): the office's contracts for its
officers, the organisations' for their members; `next_due` and `overdue` from the final report (art. 18 ust. 1,
moved by KC art. 115), demanded partial reports and — for the office only — unpaid tranches; keyset pages
costing the same number of statements at any size."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants.contracts import deadlines
from grants.contracts.models import ContractStatus, Report, ReportKind, ReportStatus
from settlement.deadlines import final_report_due
from tests.contracts.helpers import today
from tests.fixtures.contracts import FULL_GRANT
from tests.helpers import counting_statements, make_staff


def _report(db, contract, kind, status, due_date):
    report = Report(contract_id=contract.id, kind=kind, status=status, due_date=due_date, content={})
    db.session.add(report)
    db.session.flush()
    return report


def test_next_due_from_each_source(awarded, db, make_contract):
    now = today()
    half = FULL_GRANT / 2
    contract = make_contract(
        awarded.full.id,
        tranches=[(half, now - timedelta(days=3), now - timedelta(days=2)), (half, now + timedelta(days=5), None)],
    )
    final = final_report_due(contract.task_end)
    # The office: the unpaid tranche comes first; the organisation does not owe it, its final report is next.
    assert deadlines.next_due_for([contract], now)[contract.id] == deadlines.Due(now + timedelta(days=5), "tranche", 2)
    assert deadlines.next_due_for([contract], now, office=False)[contract.id] == deadlines.Due(final, "final_report")
    partial = _report(db, contract, ReportKind.partial, ReportStatus.draft, now - timedelta(days=1))
    due = deadlines.next_due_for([contract], now, office=False)[contract.id]
    assert due == deadlines.Due(now - timedelta(days=1), "partial_report", partial.id) and due.overdue
    partial.status = ReportStatus.submitted
    _report(db, contract, ReportKind.final, ReportStatus.submitted, final)
    db.session.flush()
    assert deadlines.next_due_for([contract], now, office=False)[contract.id] is None
    contract.status = ContractStatus.performed
    assert deadlines.next_due_for([contract], now)[contract.id] is None


@pytest.mark.parametrize(
    "task_end, final_due",
    [
        (date(2027, 8, 3), date(2027, 9, 2)),  # a Thursday: 30 days later, no shift
        (date(2027, 7, 5), date(2027, 8, 4)),  # 4 August 2027 is a Wednesday
        (date(2027, 7, 16), date(2027, 8, 16)),  # 15 August (Sunday, Assumption) → Monday 16th (KC art. 115)
        (date(2027, 10, 2), date(2027, 11, 2)),  # 1 November (All Saints', Monday) → 2 November
    ],
)
def test_the_final_report_threshold_in_sql_agrees_with_the_calendar(task_end, final_due):
    assert final_report_due(task_end) == final_due
    assert deadlines.last_task_end_due_by(final_due) >= task_end
    assert final_report_due(deadlines.last_task_end_due_by(final_due - timedelta(days=1))) < final_due


def test_list_with_filters_and_roles(awarded, db, make_contract, api, other_officer, office):
    now = today()
    overdue = make_contract(awarded.full.id, tranches=[(FULL_GRANT, now - timedelta(days=1), None)])
    draft = make_contract(awarded.lower.id, status=ContractStatus.draft, tranches=[(Decimal("12000.00"), now, None)])
    db.session.commit()
    officer = awarded.flow.officer
    listed = officer.get("/api/v1/contracts").get_json()
    assert [i["id"] for i in listed["items"]] == [draft.id, overdue.id]
    assert listed["next_after"] is None and listed["limit"] == 50
    row = listed["items"][1]
    assert row["next_due"] == {"what": "tranche", "date": (now - timedelta(days=1)).isoformat(), "ref": 1}
    assert row["overdue"] is True and row["number"] == overdue.number and row["grant"] == "17020.00"
    assert listed["items"][0]["next_due"] is None and listed["items"][0]["overdue"] is False
    assert [i["id"] for i in officer.get("/api/v1/contracts?due=overdue").get_json()["items"]] == [overdue.id]
    assert [i["id"] for i in officer.get("/api/v1/contracts?status=draft").get_json()["items"]] == [draft.id]
    assert [i["id"] for i in officer.get("/api/v1/contracts?due=any").get_json()["items"]] == [overdue.id]
    page = officer.get("/api/v1/contracts?limit=1").get_json()
    assert [i["id"] for i in page["items"]] == [draft.id] and page["next_after"] == draft.id
    rest = officer.get(f"/api/v1/contracts?limit=1&after={page['next_after']}").get_json()
    assert [i["id"] for i in rest["items"]] == [overdue.id] and rest["next_after"] is None
    bad = officer.get("/api/v1/contracts?status=signedd&due=later&limit=0&after=x")
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"status", "due", "limit", "after"}
    # The organisation: its own contract only; the tranche is the office's, so its next due is the report.
    mine = api(awarded.full.user).get("/api/v1/contracts").get_json()["items"]
    assert [i["id"] for i in mine] == [overdue.id]
    assert mine[0]["next_due"]["what"] == "final_report" and mine[0]["overdue"] is False
    assert api(awarded.full.user).get("/api/v1/contracts?due=overdue").get_json()["items"] == []
    assert api(awarded.rejected.user).get("/api/v1/contracts").get_json()["items"] == []
    assert api(other_officer).get("/api/v1/contracts").get_json()["items"] == []
    evaluator = make_staff("ewa@opole.example", "evaluator", office, "Ewa")
    assert api(evaluator).get("/api/v1/contracts").get_json()["items"] == []
    assert api().get("/api/v1/contracts").status_code == 401


def _many_contracts(db, make_contract, offer_id, n):
    from grants.contracts.models import Contract

    now = today()
    for _ in range(n):
        contract = make_contract(offer_id, tranches=[(FULL_GRANT, now + timedelta(days=3), None)])
        _report(db, contract, ReportKind.partial, ReportStatus.draft, now + timedelta(days=20))
    db.session.commit()
    return db.session.scalar(db.select(db.func.count(Contract.id)))


def test_the_list_costs_the_same_statements_at_two_sizes(awarded, db, make_contract):
    officer = awarded.flow.officer
    officer.get("/api/v1/contracts")  # warm: the token's user, caches
    counts = []
    for added in (3, 37):  # 3 contracts, then 40
        _many_contracts(db, make_contract, awarded.full.id, added)
        with counting_statements(db) as count:
            response = officer.get("/api/v1/contracts?limit=200")
        assert response.status_code == 200
        assert all(i["next_due"]["what"] == "tranche" for i in response.get_json()["items"])
        counts.append(count())
    # the contracts, their tranches and cost lines, then one statement per source of dues (and the token)
    assert counts[0] == counts[1] <= 10, counts


def test_the_desk_says_when_it_holds_only_the_newest_contracts(awarded, db, make_contract, officer, monkeypatch):
    from grants.contracts import listing

    now = today()
    for _ in range(3):
        make_contract(awarded.full.id, tranches=[(FULL_GRANT, now - timedelta(days=1), None)])
    items, truncated = listing.desk(officer, today=now)
    assert len(items) == 3 and not truncated
    assert all(i.due.overdue and i.due.what == "tranche" for i in items)
    monkeypatch.setattr(listing, "DESK_MAX_CONTRACTS", 2)
    items, truncated = listing.desk(officer, today=now)
    assert len(items) == 2 and truncated
