"""The decision and the published results cost the same SQL statements whatever the number of offers (issue 13).

Publishing tells every offeror its outcome by e-mail: a lookup, a flush and a job's SELECT per message made a
national call's publication thousands of statements. Each act runs here as its operation in a session of its
own (an app context, as a request's), is counted and rolled back; then the call gets more offers, reviewed and
scored, and the same acts are counted again."""

from collections import Counter

import sqlalchemy as sa

from grants.auth.models import User
from grants.calls.models import Call, CallStatus
from grants.jobs.models import Job
from grants.mail import OutboundMail
from grants.review.operations import publish_results, record_decision
from tests.review.helpers import full_sheet

GROWTH = 6


def _reviewed(flow, committee, offers):
    """Accepted, assigned, every member impartial, scored by the chair and both members."""
    flow.accept(*offers)
    flow.assign()
    for user in (committee.chair, committee.m1, committee.m2, committee.expert):
        for offer in offers:
            flow.declare(user, offer.id)
    for offer in offers:
        for user in (committee.chair, committee.m1, committee.m2):
            flow.score(user, offer.id, full_sheet())


def _written(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _count(app, db, act) -> tuple[dict, int, int]:
    """(statements by kind, messages, jobs) of `act` in a session of its own, as a request's, rolled back
    afterwards. Reads and updates are counted; INSERTs by table: on PostgreSQL the ORM writes a flush's rows
    of a table in one statement, on SQLite one row per INSERT (it cannot return many new ids in order)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(" ".join(statement.split()))

    with app.app_context():
        mails, jobs = _written(db, OutboundMail), _written(db, Job)
        db.session.expunge_all()
        engine = db.session.connection().engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            act()
            db.session.flush()
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)
        written = (_written(db, OutboundMail) - mails, _written(db, Job) - jobs)
        db.session.rollback()
        postgresql = engine.dialect.name == "postgresql"
    inserts = Counter(s.split()[2] for s in statements if s.upper().startswith("INSERT"))
    kinds = {
        "other": sum(1 for s in statements if not s.upper().startswith("INSERT")),
        "inserts": dict(inserts) if postgresql else set(inserts),
    }
    return kinds, *written


def _costs(app, db, flow, officer_id, call_id, funded_id) -> dict:
    awards = {"awards": [{"offer_id": funded_id, "amount": "17020.00"}]}

    def decide():
        record_decision(actor=db.session.get(User, officer_id), call=db.session.get(Call, call_id), raw=awards)

    def publish():
        publish_results(actor=db.session.get(User, officer_id), call=db.session.get(Call, call_id), raw={})

    # A decision of the call as it is now, committed: the one published; the one counted is its next version.
    response = flow.officer.post(f"/api/v1/calls/{call_id}/decision", json=awards)
    assert response.status_code == 201, response.get_json()
    return {"decision": _count(app, db, decide), "publication": _count(app, db, publish)}


def test_decision_and_results_cost_the_same_at_two_sizes(app, flow, committee, offers, submit, officer, db):
    call_id, officer_id = flow.call.id, officer.id
    flow.appoint()
    _reviewed(flow, committee, offers)
    small = _costs(app, db, flow, officer_id, call_id, offers[0].id)
    # More offerors in the same call: it takes submissions again for a moment (as `submit` dates them, the day
    # before its deadline), then the new offers go through the review like the first ones.
    call = flow.call
    status, call.status = call.status, CallStatus.published
    db.session.commit()
    more = [submit(call=call) for _ in range(GROWTH)]
    call.status = status
    db.session.commit()
    _reviewed(flow, committee, more)
    large = _costs(app, db, flow, officer_id, call_id, offers[0].id)
    # Every offeror told: its organisation and the person who submitted, a job to send each message.
    assert small["publication"][1:] == (2 * len(offers), 2 * len(offers))
    assert large["publication"][1:] == (2 * (len(offers) + GROWTH), 2 * (len(offers) + GROWTH))
    assert small["decision"][0]["inserts"] and small["publication"][0]["inserts"]
    assert large["decision"][0] == small["decision"][0], (small, large)
    assert large["publication"][0] == small["publication"][0], (small, large)
