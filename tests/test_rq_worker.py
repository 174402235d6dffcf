"""Production's job path: the outbox hands committed jobs to RQ on a real Redis, and a real
`flask jobs worker` process runs them. Runs when OKO_TEST_REDIS_URL names a server (CI)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grants.extensions import db
from grants.jobs.models import Job, JobStatus
from tests.helpers import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.redis,
    pytest.mark.xdist_group("redis"),  # one pytest-xdist worker at a time flushes the test Redis database
    pytest.mark.skipif(not TEST_REDIS_URL, reason="OKO_TEST_REDIS_URL not set (CI sets it)"),
]


@pytest.fixture
def rq_app(make_app, tmp_path):
    from redis import Redis

    Redis.from_url(TEST_REDIS_URL).flushdb()
    app = make_app(JOBS_MODE="rq", REDIS_URL=TEST_REDIS_URL)
    yield app
    Redis.from_url(TEST_REDIS_URL).flushdb()


def _worker_env(app):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": TEST_REDIS_URL,
            "SECRET_KEY": "test-secret",
            "OKO_INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "OKO_STORAGE_DIR": app.config["STORAGE_DIR"],
            "FLASK_APP": "wsgi.py",
        }
    )
    return env


@pytest.mark.real_db  # a `flask jobs worker` process reads and writes the database
@pytest.mark.real_clock  # … on the real clock
def test_committed_mail_job_runs_in_a_real_rq_worker(rq_app):
    from redis import Redis
    from rq import Queue

    from grants.mail import OutboundMail, queue_mail

    with rq_app.app_context():
        message = queue_mail("ngo@example.org", "Potwierdzenie", "Suma kontrolna: 1234")
        db.session.commit()
        mail_id = message.id
    assert Queue("oko", connection=Redis.from_url(TEST_REDIS_URL)).count == 1
    result = subprocess.run(
        [sys.executable, "-m", "flask", "jobs", "worker", "--burst"],
        cwd=ROOT,
        env=_worker_env(rq_app),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with rq_app.app_context():
        db.session.expire_all()
        assert db.session.get(OutboundMail, mail_id).sent_at is not None
        assert db.session.scalar(db.select(Job)).status == JobStatus.finished
    assert list((Path(rq_app.config["STORAGE_DIR"]) / "outbox").glob("*.eml"))


def test_redis_down_at_commit_leaves_the_job_for_the_sweeper(make_app):
    app = make_app(JOBS_MODE="rq", REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        from grants.mail import queue_mail

        queue_mail("ngo@example.org", "x", "y")
        db.session.commit()  # must not raise: the outbox row is the record
        from grants.jobs.runner import due_job_ids

        assert len(due_job_ids()) == 1
