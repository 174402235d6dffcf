"""Reminders of reports and returns (grants.contracts.operations.reminders): N days before the deadline and
once it has passed, to the organisation's members in each one's language, never twice — also through the
daily job, run twice on the same day, and after a restart (the state is the SentReminder rows)."""

from datetime import date

import pytest

from grants.contracts.models import ContractStatus, SentReminder
from grants.contracts.operations.reminders import BEFORE, LATE, send_due_reminders, stage_of
from grants.extensions import db
from grants.jobs.models import Job
from grants.jobs.schedule import enqueue_daily
from grants.mail import OutboundMail
from tests.contracts.settlement_helpers import accept_final_report, settle_ready, settlement_day

TODAY = date(2026, 12, 5)  # the suite's NOW in Warsaw, a Saturday


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


@pytest.fixture(autouse=True)
def _earlier_mail(awarded):
    """The award's messages went out before: the tests count what comes after."""
    _EARLIER["id"] = db.session.scalar(db.select(db.func.max(OutboundMail.id))) or 0


_EARLIER = {"id": 0}


def _mails():
    return list(
        db.session.scalars(db.select(OutboundMail).where(OutboundMail.id > _EARLIER["id"]).order_by(OutboundMail.id))
    )


def _final_report_due_on_thursday(make_contract, offer_id, task_end=date(2026, 11, 10)):
    """Task ended Tue 10 Nov 2026: the final report is due Thu 10 Dec (art. 18 ust. 1: 30 days)."""
    contract = make_contract(offer_id)
    contract.task_end = contract.expenses_end = task_end
    contract.task_start = contract.expenses_start = date(2026, 3, 1)
    db.session.commit()
    return contract


@pytest.mark.parametrize(
    ("due", "today", "stage"),
    [
        (date(2026, 12, 10), date(2026, 12, 2), None),  # 8 days ahead: not yet
        (date(2026, 12, 10), date(2026, 12, 3), BEFORE),  # exactly 7 days ahead
        (date(2026, 12, 10), date(2026, 12, 10), BEFORE),  # the last day is still in time
        (date(2026, 12, 10), date(2026, 12, 11), LATE),
    ],
)
def test_the_stage_of_a_due(due, today, stage):
    assert stage_of(due, today, 7) == stage


def test_a_report_reminder_goes_once_to_the_members_and_the_organisation(awarded, make_contract):
    contract = _final_report_due_on_thursday(make_contract, awarded.full.id)
    assert send_due_reminders(TODAY) == 1
    mails = _mails()
    recipients = sorted(m.recipient for m in mails)
    assert awarded.full.user.email in recipients and len(recipients) == 2  # the member and the organisation
    assert all(contract.number in m.subject and "10.12.2026" in m.subject for m in mails)
    assert "art. 18" in mails[0].body
    [row] = db.session.scalars(db.select(SentReminder)).all()
    assert (row.contract_id, row.subject, row.stage, row.due_date) == (
        contract.id,
        "final_report",
        BEFORE,
        date(2026, 12, 10),
    )
    assert send_due_reminders(TODAY) == 0  # run twice: one mail
    assert len(_mails()) == 2
    # The deadline passes: one late reminder, once.
    assert send_due_reminders(date(2026, 12, 11)) == 1
    assert send_due_reminders(date(2026, 12, 14)) == 0
    assert len(_mails()) == 4


def test_no_reminder_for_a_submitted_report_or_a_far_deadline(awarded, make_contract):
    _final_report_due_on_thursday(make_contract, awarded.full.id, task_end=date(2026, 12, 1))  # due 31 Dec
    assert send_due_reminders(TODAY) == 0
    contract = settle_ready(make_contract, awarded.lower.id, tranches=[(12000, date(2026, 3, 2), date(2026, 3, 2))])
    from grants.contracts.models import ReportStatus

    accept_final_report(
        contract, ["12000.00", "0.00", "0.00", "0.00"][: len(contract.cost_items)], status=ReportStatus.submitted
    )
    assert send_due_reminders(TODAY) == 0  # submitted: the office has it
    assert _mails() == []


def test_a_late_return_is_reminded_with_the_amount_and_interest(awarded, make_contract):
    contract = settle_ready(make_contract, awarded.full.id)
    accept_final_report(contract, ["11000.00", "3322.00", "0.00", "2000.00"])  # 698,00 unused, due 15 July
    assert send_due_reminders(TODAY) == 1
    [row] = db.session.scalars(db.select(SentReminder)).all()
    assert (row.subject, row.stage, row.due_date) == ("return", LATE, date(2026, 7, 15))
    mail = _mails()[0]
    assert "698,00" in mail.body and "29,00" in mail.body and "art. 251 ust. 5" in mail.body
    # Returned in full: nothing more to remind of, even on a new due date.
    from grants.contracts.models import GrantReturn

    db.session.add(GrantReturn(contract_id=contract.id, amount="727.00", paid_on=date(2026, 12, 4)))
    db.session.commit()
    assert send_due_reminders(date(2026, 12, 20)) == 0


def test_each_member_reads_the_reminder_in_their_language(awarded, make_contract):
    user = awarded.full.user
    user.locale = "uk"
    db.session.commit()
    _final_report_due_on_thursday(make_contract, awarded.full.id)
    send_due_reminders(TODAY)
    mails = {m.recipient: m for m in _mails()}
    assert mails[user.email].subject.startswith("Нагадування")
    others = [m for r, m in mails.items() if r != user.email]
    assert others and all(m.subject.startswith("Przypomnienie") for m in others)


def test_a_draft_or_cancelled_contract_is_not_reminded(awarded, make_contract):
    contract = _final_report_due_on_thursday(make_contract, awarded.full.id)
    contract.status = ContractStatus.draft
    db.session.commit()
    assert send_due_reminders(TODAY) == 0


def test_the_daily_job_runs_once_a_day_however_often_it_is_queued(awarded, make_contract, run_jobs):
    _final_report_due_on_thursday(make_contract, awarded.full.id)
    first = enqueue_daily()
    assert len(first) == 1
    assert enqueue_daily() == []  # the same day has its job: not a second one
    run_jobs()
    assert len(_mails()) == 2
    # A restart: a new sweep on the same day queues nothing new; the job run again sends nothing.
    job = db.session.get(Job, first[0])
    assert job.args == {"day": "2026-12-05"} and job.dedupe_key == "daily:send_reminders:2026-12-05"
    enqueue_daily()
    run_jobs()
    from grants.jobs.runner import run_job

    job.status = job.status.__class__.queued
    db.session.commit()
    run_job(job.id)
    run_jobs()
    assert len([m for m in _mails() if "Przypomnienie" in m.subject or "Нагадування" in m.subject]) == 2
    # The next day gets its own job (and nothing new to send).
    with settlement_day("2026-12-06T10:00:00+01:00"):
        [second] = enqueue_daily()
        assert second != first[0]
        run_jobs()
    assert len(_mails()) == 2


def test_flask_jobs_tick_queues_the_reminders(app, awarded, make_contract, run_jobs):
    _final_report_due_on_thursday(make_contract, awarded.full.id)
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    run_jobs()
    assert len(_mails()) == 2
    assert app.test_cli_runner().invoke(args=["jobs", "tick"]).exit_code == 0
    run_jobs()
    assert len(_mails()) == 2


def test_the_days_before_come_from_the_configuration(app, awarded, make_contract):
    from grants.config import from_environment

    assert from_environment({"OKO_REMINDER_DAYS": "3", "SECRET_KEY": "x"})["REMINDER_DAYS_BEFORE"] == 3
    _final_report_due_on_thursday(make_contract, awarded.full.id)  # due Thu 10 Dec: 5 days ahead
    app.config["REMINDER_DAYS_BEFORE"] = 3
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(date(2026, 12, 7)) == 1
