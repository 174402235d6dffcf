"""The outbox: jobs commit with the change that caused them, run after the commit, retry."""

import threading
import time

import pytest

from grants.extensions import db
from grants.jobs import enqueue, task
from grants.jobs.models import Job, JobStatus
from grants.jobs.runner import due_job_ids, run_job

CALLS: list = []


@task("test_record")
def _record(value, fail_times=0):
    CALLS.append(value)
    if CALLS.count(value) <= fail_times:
        raise RuntimeError(f"boom {value}")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


def test_job_dispatched_only_after_commit(app, run_jobs):
    dispatcher = app.extensions["oko_jobs"]
    enqueue("test_record", value="a")
    assert dispatcher.dispatched == []
    db.session.commit()
    assert len(dispatcher.dispatched) == 1
    run_jobs()
    assert CALLS == ["a"]
    assert db.session.scalar(db.select(Job)).status == JobStatus.finished


def test_rollback_drops_the_job(app):
    enqueue("test_record", value="b")
    db.session.rollback()
    db.session.commit()
    assert app.extensions["oko_jobs"].dispatched == []
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_dedupe_key_returns_the_same_job(app):
    first = enqueue("test_record", dedupe_key="k1", value="c")
    second = enqueue("test_record", dedupe_key="k1", value="c")
    assert first.id == second.id


def test_failure_is_recorded_and_retried_with_backoff(app):
    job = enqueue("test_record", value="d", fail_times=1)
    db.session.commit()
    assert run_job(job.id) == JobStatus.failed
    db.session.refresh(job)
    assert job.status == JobStatus.failed and "boom d" in job.error and job.attempts == 1
    assert job.id not in due_job_ids()  # backoff: not due yet
    assert run_job(job.id) == JobStatus.finished  # an explicit retry (RQ's Retry path) still runs it
    db.session.refresh(job)
    assert job.attempts == 2 and job.error is None


def test_finished_job_is_not_run_twice(app):
    job = enqueue("test_record", value="e")
    db.session.commit()
    assert run_job(job.id) == JobStatus.finished
    assert run_job(job.id) is None
    assert run_job(job.id, take_over_started=True) is None
    assert CALLS == ["e"]


def test_give_up_after_max_attempts(app):
    job = enqueue("test_record", value="f", fail_times=99, max_attempts=2)
    db.session.commit()
    run_job(job.id)
    run_job(job.id)
    assert run_job(job.id) is None
    assert CALLS == ["f", "f"]


def test_unknown_task_fails_cleanly(app):
    job = Job(task="no_such_task", args={})
    db.session.add(job)
    db.session.commit()
    assert run_job(job.id) == JobStatus.failed
    assert "unknown task" in db.session.get(Job, job.id).error


@pytest.mark.real_db  # the worker thread has a session (and a connection) of its own
@pytest.mark.real_clock  # polls the real clock while the thread works
def test_in_process_worker_runs_committed_jobs(make_app):
    app = make_app(JOBS_MODE="inprocess")
    with app.app_context():
        job = enqueue("test_record", value="g")
        db.session.commit()
        job_id = job.id
    deadline = time.time() + 10
    while time.time() < deadline:
        with app.app_context():
            if db.session.get(Job, job_id).status == JobStatus.finished:
                break
        time.sleep(0.05)
    with app.app_context():
        assert db.session.get(Job, job_id).status == JobStatus.finished
    assert CALLS == ["g"]
    assert any(t.name == "oko-jobs" for t in threading.enumerate())


def test_mail_goes_to_the_local_outbox(app, run_jobs):
    from pathlib import Path

    from grants.mail import OutboundMail, queue_mail

    queue_mail("ngo@example.org", "Potwierdzenie złożenia oferty", "Suma kontrolna: ABCD-1234")
    db.session.commit()
    run_jobs()
    [path] = list((Path(app.config["STORAGE_DIR"]) / "outbox").glob("*.eml"))
    text = path.read_bytes().decode()
    assert "ngo@example.org" in text and "ABCD-1234" in text
    assert db.session.scalar(db.select(OutboundMail)).sent_at is not None


def test_health_reports_the_oldest_overdue_job_of_either_waiting_status(app):
    from datetime import timedelta

    from grants.clock import now_utc
    from grants.jobs.health import oldest_waiting_minutes

    now = now_utc()
    assert oldest_waiting_minutes(now) is None  # nothing waits
    db.session.add(Job(task="test_record", args={}, status=JobStatus.finished, run_after=now - timedelta(hours=5)))
    db.session.add(Job(task="test_record", args={}, status=JobStatus.queued, run_after=now - timedelta(minutes=2)))
    db.session.flush()
    assert oldest_waiting_minutes(now) is None  # a finished job is not waiting; 2 min is within BEHIND_AFTER
    db.session.add(Job(task="test_record", args={}, status=JobStatus.queued, run_after=now - timedelta(minutes=7)))
    db.session.flush()
    assert oldest_waiting_minutes(now) == 7
    db.session.add(Job(task="test_record", args={}, status=JobStatus.started, run_after=now - timedelta(minutes=12)))
    db.session.flush()
    assert oldest_waiting_minutes(now) == 12  # a started job that hangs counts as much as a queued one


def test_the_rq_worker_meets_the_database_before_it_forks(tmp_path):
    """The mappers configured and the dialect initialised once in the worker, so a forked work-horse does not
    pay for them on every job; no pooled connection left to cross the fork. In a fresh process: this one's
    mappers were configured long ago by the other tests."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = """
from grants import create_app
from grants.extensions import db
from grants.jobs.worker import warm_database

app = create_app()
mappers = list(db.Model.registry.mappers)
print(any(not m.configured for m in mappers))
warm_database(app)
with app.app_context():
    print(all(m.configured for m in mappers), db.engine.dialect.server_version_info is not None)
    print(db.engine.pool.checkedin())
"""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(OKO_INSTANCE_DIR=str(tmp_path), SECRET_KEY="test", DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite'}")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True", "True", "0"]


class _RecordingQueue:
    """Stands in for RQ's queue: what the dispatcher hands over, without Redis."""

    def __init__(self):
        self.enqueued = []

    def enqueue(self, func, *args, **kwargs):
        self.enqueued.append((args, kwargs.get("meta")))


def test_rq_gets_the_mail_marked_light_and_other_jobs_not(app, monkeypatch):
    from grants.jobs.dispatch import LIGHT_META, RQDispatcher
    from grants.mail import queue_mail

    dispatcher = RQDispatcher(app)
    dispatcher._queue = _RecordingQueue()
    monkeypatch.setitem(app.extensions, "oko_jobs", dispatcher)
    mail = queue_mail("ngo@example.org", "Potwierdzenie", "Suma kontrolna: 1234")
    other = enqueue("test_record", value="h")
    db.session.commit()
    mail_job = db.session.scalar(db.select(Job).where(Job.dedupe_key == f"mail-{mail.id}"))
    assert dispatcher._queue.enqueued == [((mail_job.id,), {LIGHT_META: True}), ((other.id,), None)]


def test_the_rq_worker_forks_only_for_jobs_not_marked_light(monkeypatch):
    from types import SimpleNamespace

    from rq import Worker

    from grants.jobs.dispatch import LIGHT_META
    from grants.jobs.worker import worker_class

    oko_worker = worker_class()
    ran = []
    monkeypatch.setattr(Worker, "execute_job", lambda self, job, queue: ran.append(("work-horse", job.id)))
    monkeypatch.setattr(oko_worker, "prepare_execution", lambda self, job: "execution")
    monkeypatch.setattr(oko_worker, "perform_job", lambda self, job, queue, execution: ran.append(("worker", job.id)))
    monkeypatch.setattr(oko_worker, "set_state", lambda self, state: None)
    worker = oko_worker.__new__(oko_worker)  # no Redis: only the choice is under test
    worker.execute_job(SimpleNamespace(id="mail", meta={LIGHT_META: True}), queue=None)
    worker.execute_job(SimpleNamespace(id="pdf", meta={}), queue=None)
    assert ran == [("worker", "mail"), ("work-horse", "pdf")]
    # While the worker runs a job itself, its registration outlives the job's whole timeout (no heartbeat).
    assert worker.get_heartbeat_ttl(SimpleNamespace(meta={LIGHT_META: True}, timeout=300)) == 360
