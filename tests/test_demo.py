"""The demo data (`flask demo load`): built through the operations, including a finished cycle whose every
step carries the date it would have had (grants.clock.clock_at)."""

from datetime import date, timedelta

from grants.calls.models import Call, CallStatus
from grants.clock import WARSAW, clock_at, now_utc
from grants.demo_cycle import cycle_dates
from grants.review.models import Decision, ResultsPublication
from settlement.calendar import is_working_day
from tests.helpers import NOW


def test_the_finished_cycle_has_published_results_dated_in_the_past(app, db):
    from grants.demo import load_demo

    load_demo()
    today = NOW.astimezone(WARSAW).date()
    dates = cycle_dates(today)
    call = db.session.scalar(db.select(Call).where(Call.status == CallStatus.resolved))
    assert call.task_end == today - timedelta(days=75) and call.task_start.year == call.task_end.year
    publication = db.session.scalar(db.select(ResultsPublication).where(ResultsPublication.call_id == call.id))
    assert publication.published_at.astimezone(WARSAW).date() == dates["decided"]
    decision = db.session.scalar(db.select(Decision).where(Decision.call_id == call.id))
    assert sorted((a.funded, str(a.amount)) for a in decision.awards) == [
        (False, "0.00"),
        (True, "16020.00"),
        (True, "16020.00"),
    ]
    assert now_utc() == NOW  # the demo's clock is put back


def test_cycle_dates_keep_the_task_within_one_calendar_year():
    for today in (date(2027, 2, 10), date(2026, 12, 5), date(2027, 3, 20), date(2028, 1, 1), date(2027, 3, 22)):
        dates = cycle_dates(today)
        assert dates["task_start"].year == dates["task_end"].year, today
        assert dates["published"] < dates["deadline"] < dates["decided"] < dates["task_start"] < dates["task_end"]
        assert (dates["deadline"] - dates["published"]).days >= 21  # art. 13 ust. 1
        assert all(is_working_day(dates[step]) for step in ("published", "deadline", "decided")), today


def test_clock_at_moves_the_clock_only_inside_the_block():
    moment = NOW - timedelta(days=400)
    with clock_at(moment):
        assert now_utc() == moment
    assert now_utc() == NOW


def test_the_demo_after_the_award(app, db):
    """Issue 8: a contract with paid tranches and a submitted final report, and one overdue return."""
    from grants.contracts.models import Contract, ContractStatus, Report, ReportStatus
    from grants.contracts.settlement_view import contract_settlement, returns_due_for
    from grants.demo import load_demo

    load_demo()
    today = NOW.astimezone(WARSAW).date()
    contracts = db.session.scalars(db.select(Contract).order_by(Contract.id)).all()
    assert [c.status for c in contracts] == [ContractStatus.signed, ContractStatus.performed]
    geko, chciej = contracts
    assert all(t.paid_on is not None for c in contracts for t in c.tranches)
    # Annex 3's parties: the office's signatory and the treasurer's countersignature come from its settings.
    assert geko.office_representatives[0]["function"] == "Zastępca Prezydenta Miasta Opola"
    assert geko.treasurer.startswith("Maria Skarbińska")
    reports = db.session.scalars(db.select(Report).order_by(Report.contract_id)).all()
    assert [(r.contract_id, r.status) for r in reports] == [
        (geko.id, ReportStatus.submitted),
        (chciej.id, ReportStatus.accepted),
    ]
    settlement = contract_settlement(chciej, today)
    assert str(settlement.result.to_return) == "1250.00"
    # ufp art. 251 ust. 1: 15 days after the end of the use period; the task ended 75 days ago
    assert settlement.result.return_due_date < today and settlement.result.interest_due > 0
    assert returns_due_for(contracts, today)[chciej.id].overdue and geko.id not in returns_due_for(contracts, today)


def test_the_demo_small_grants_in_opole(app, db):
    """Issue 9 (art. 19a): one published and open for comments with two comments, one answered; one submitted
    whose 7 working days are running out (the desk warns); one accepted after its comments."""
    from grants.demo import load_demo
    from grants.smallgrants import rules
    from grants.smallgrants.models import SmallGrant, SmallGrantComment, SmallGrantStatus

    load_demo()
    rows = {s.status: s for s in db.session.scalars(db.select(SmallGrant).order_by(SmallGrant.id))}
    assert set(rows) == {SmallGrantStatus.published, SmallGrantStatus.submitted, SmallGrantStatus.accepted}
    assert all(s.office.slug == "opole-cdo" for s in rows.values())
    published, waiting, accepted = (rows[SmallGrantStatus(s)] for s in ("published", "submitted", "accepted"))
    assert published.comments_open(NOW)
    comments = db.session.scalars(
        db.select(SmallGrantComment).where(SmallGrantComment.small_grant_id == published.id)
    ).all()
    assert len(comments) == 2 and [bool(c.answers) for c in comments] == [True, False]
    assert rules.publish_warning(waiting.received_at, NOW)
    assert accepted.decided_at >= accepted.comments_until and accepted.published_at < accepted.comments_until
    assert not rules.publication_late(accepted.received_at, accepted.published_at)
    assert now_utc() == NOW


def test_the_demo_programme_year_in_opole(app, db):
    """Issue 9 (art. 5 ust. 5, art. 5a ust. 1): the demo year's programme consulted (two NGO comments, each
    answered, the report) and adopted before 30 November of the year before; next year's draft in consultation."""
    from grants.calls.models import Programme
    from grants.clock import warsaw_date
    from grants.demo import load_demo
    from grants.programmes import rules
    from grants.programmes.queries import programme_year

    load_demo()
    today = warsaw_date(NOW)
    year = today.year + 1
    opole = db.session.scalars(db.select(Programme).where(Programme.office.has(slug="opole-cdo"))).all()
    by_year = {p.year: programme_year(p) for p in opole}
    adopted, following = by_year[year], by_year[year + 1]
    assert adopted.status(today) == "adopted" and adopted.report_published
    assert len(adopted.comments) == 2 and all(c.answer and c.answer.outcome for c in adopted.comments)
    assert len({c.organization_id for c in adopted.comments}) == 2  # two organisations
    assert not rules.adopted_late(year, adopted.adoption.adopted_on)
    assert adopted.consultation.ends_on < adopted.adoption.adopted_on < today
    assert adopted.adoption.resolution_number.startswith("XX/")
    assert following.status(today) == "consultation" and following.consultation_open(today)
    assert following.comments == [] and following.adoption is None
    assert now_utc() == NOW
