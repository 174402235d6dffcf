"""The national-scale dataset (`flask demo scale`, issue 13) at a small size, on the test database: its
invariants hold and the same seed plans the same dataset (that the bulk writers write what the operations
write is tests/test_demo_scale_bulk.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants.clock import WARSAW
from grants.demo_scale_plan import make_plan
from tests.helpers import NOW

SIZES = {"offices": 2, "calls": 6, "organizations": 20, "offers": 60}


def _plan(seed: int):
    today = NOW.astimezone(WARSAW).date()
    return make_plan(**SIZES, seed=seed, today=today, now=NOW)


def test_the_same_seed_plans_the_same_dataset_and_another_seed_another():
    assert _plan(7) == _plan(7)
    assert _plan(7) != _plan(8)
    plan = _plan(7)
    assert plan.offer_count() == SIZES["offers"]
    assert {c.stage for c in plan.calls} == {"resolved", "open", "under_review", "closed", "draft"}


def test_the_plan_keeps_the_statute_s_and_the_calendar_s_rules():
    today = NOW.astimezone(WARSAW).date()
    plan = make_plan(offices=30, calls=400, organizations=300, offers=8000, seed=3, today=today, now=NOW)
    assert plan.offer_count() == 8000
    assert max(len(c.offers) for c in plan.calls) == 500  # the benchmarks' calls
    for call in plan.calls:
        # art. 13 ust. 1: at least 21 days from the (last) publication to the deadline
        assert call.deadline.date() - call.published >= timedelta(days=22)
        assert call.task_start.year == call.task_end.year and call.task_start <= call.task_end
        assert all(o.moment < call.deadline and o.moment < NOW for o in call.offers)
        if call.stage == "resolved":
            assert call.decision_day < today and call.published >= today - timedelta(days=3 * 366)
        if call.stage == "open":
            assert call.deadline > NOW
    resolved = sum(c.stage == "resolved" for c in plan.calls)
    assert resolved > 0.7 * len(plan.calls)


def _column_names_filled(row) -> set[str]:
    return {column.key for column in row.__table__.columns if getattr(row, column.key) is not None}


def test_flask_demo_scale_builds_a_small_dataset(app, db, client):
    from grants.auth.models import User
    from grants.calls.models import Call, CallStatus
    from grants.demo_scale import SCALE_PASSWORD
    from grants.jobs.models import Job, JobStatus
    from grants.offers import control
    from grants.offers.models import Offer, OfferStatus, OfferVersion
    from grants.organizations.models import Organization
    from grants.review.models import Award, Decision, ResultsPublication, ScoreSheet
    from grants.smallgrants.models import SmallGrant

    result = app.test_cli_runner().invoke(args=["demo", "scale", *[f"--{k}={v}" for k, v in SIZES.items()], "--seed=7"])
    assert result.exit_code == 0, result.output
    for phase in ("offices and staff", "offers", "score sheets", "decisions and results", "contracts"):
        assert phase in result.output  # progress per phase, with counts and seconds
    plan = _plan(7)
    db.session.expire_all()

    assert db.session.scalar(db.select(db.func.count(Organization.id))) == 20
    calls = db.session.scalars(db.select(Call).order_by(Call.id)).all()
    assert len(calls) == 6
    expected = {"resolved": CallStatus.resolved, "under_review": CallStatus.under_review, "draft": CallStatus.draft}
    for call, planned in zip(calls, plan.calls, strict=True):
        assert call.status == expected.get(planned.stage, CallStatus.published) or (
            planned.stage == "resolved" and call.status == CallStatus.cancelled
        )
        in_call = db.session.scalar(db.select(db.func.count(Offer.id)).where(Offer.call_id == call.id))
        assert in_call == len(planned.offers)
    offers = db.session.scalars(db.select(Offer).where(Offer.call_id.is_not(None))).all()
    assert len(offers) == 60
    drafts = [o for o in offers if o.status == OfferStatus.draft]
    assert all(o.call.status == CallStatus.published and o.current_version_id is None for o in drafts)
    for offer in offers:
        if offer.status == OfferStatus.draft:
            continue
        versions = db.session.scalars(db.select(OfferVersion).where(OfferVersion.offer_id == offer.id)).all()
        assert len(versions) == 1 and offer.current_version_id == versions[0].id
        version = versions[0]
        assert control.control_sum(version.document) == version.control_sum  # the control sum verifies
        assert version.submitted_at < offer.call.submission_deadline  # never after the deadline

    for call in calls:
        if call.status != CallStatus.resolved:
            continue
        decision = db.session.scalar(db.select(Decision).where(Decision.call_id == call.id))
        assert db.session.scalar(db.select(ResultsPublication).where(ResultsPublication.call_id == call.id))
        awards = db.session.scalars(db.select(Award).where(Award.decision_id == decision.id)).all()
        funded = [a for a in awards if a.funded]
        assert funded and sum((a.amount for a in funded), Decimal("0")) <= call.budget_total
        assert all(a.amount <= a.requested for a in funded)
        assert decision.created_at.astimezone(WARSAW).date() < NOW.astimezone(WARSAW).date()
    assert db.session.scalar(db.select(db.func.count(ScoreSheet.id)).where(ScoreSheet.finalized_at.is_not(None))) > 0
    assert db.session.scalar(db.select(db.func.count(SmallGrant.id))) == 3
    # The run's e-mail is recorded as sent (no backlog for the next sweeper), the passwords hashed properly.
    assert not db.session.scalar(db.select(db.func.count(Job.id)).where(Job.status == JobStatus.queued))
    assert db.session.scalar(db.select(User.password_hash).limit(1)).startswith("$argon2id$v=19$m=65536,t=3")

    # An offer the scale built has the same columns filled as one submitted through the API.
    open_call = next(c for c, p in zip(calls, plan.calls, strict=True) if p.stage == "open")
    built = next(o for o in offers if o.call_id == open_call.id and o.status == OfferStatus.submitted)
    member = db.session.get(User, built.created_by_id)
    token = client.post("/api/v1/auth/token", json={"email": member.email, "password": SCALE_PASSWORD})
    assert token.status_code == 200, token.get_json()
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    from grants.demo_scale_calls import offer_content

    planned = plan.calls[calls.index(open_call)]
    created = client.post(
        f"/api/v1/calls/{open_call.id}/offers",
        json={"organization_id": built.organization_id, "title": "Przez API"},
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    offer_id = created.get_json()["id"]
    body = offer_content(planned, planned.offers[0], "Przez API")
    assert client.patch(f"/api/v1/offers/{offer_id}", json=body, headers=headers).status_code == 200
    submitted = client.post(f"/api/v1/offers/{offer_id}/submit", json={}, headers=headers)
    assert submitted.status_code == 200, submitted.get_json()
    db.session.expire_all()
    through_api = db.session.get(Offer, offer_id)
    assert _column_names_filled(through_api) == _column_names_filled(built)
    assert _column_names_filled(through_api.current_version) == _column_names_filled(built.current_version)
    assert set(through_api.current_version.document) == set(built.current_version.document)


@pytest.mark.parametrize("today", [date(2026, 12, 4), date(2027, 6, 30), date(2028, 1, 2)])
def test_resolved_calls_finish_before_the_reference_day(today):
    now = NOW.replace(year=today.year, month=today.month, day=today.day)
    plan = make_plan(**SIZES, seed=1, today=today, now=now)
    for call in plan.calls:
        if call.stage in ("resolved", "under_review", "closed"):
            assert call.deadline.date() < today


def test_a_second_build_is_refused_before_anything_is_written(app, db):
    from grants.calls.models import Call

    runner = app.test_cli_runner()
    assert runner.invoke(args=["offices", "create", "--slug", "jst-001", "--name", "Urząd"]).exit_code == 0
    result = runner.invoke(args=["demo", "scale", "--offices=1", "--calls=1", "--organizations=1", "--offers=1"])
    assert result.exit_code == 2 and "already here" in result.output
    assert db.session.scalar(db.select(db.func.count(Call.id))) == 0
