"""Production's path with a crash in it: a real `flask jobs worker` (RQ, real Redis) is SIGKILLed —
its whole process group and its forked work-horse — in the middle of a render; a second worker and
the sweeper (`flask jobs sweep`) finish the document: one row, one file, nothing left `started`.

Needs a Redis server: OKO_TEST_REDIS_URL (CI sets it, e.g. redis://127.0.0.1:6379/14).
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grants.documents.models import Document, DocumentStatus
from grants.extensions import db
from grants.jobs.models import Job, JobStatus
from tests.documents.pdf import flat, pdf_text
from tests.helpers import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
STALE_AFTER = 3  # seconds: the sweeper's threshold in this test (production: 10 minutes)
RENDER_DELAY = 60  # seconds: the first worker is killed long before its render could finish

pytestmark = [
    pytest.mark.redis,
    pytest.mark.xdist_group("redis"),  # one pytest-xdist worker at a time flushes the test Redis database
    pytest.mark.real_db,  # `flask jobs worker` and `flask jobs sweep` processes read and write the database
    pytest.mark.real_clock,  # … on the real clock, and the test waits for them with it
    pytest.mark.skipif(
        not TEST_REDIS_URL, reason="OKO_TEST_REDIS_URL not set: this test needs a real Redis server (CI sets it)"
    ),
]


@pytest.fixture
def rq_app(app):
    """The test app, handing committed jobs to RQ on the test Redis (as production does)."""
    from redis import Redis

    from grants.jobs.dispatch import RQDispatcher

    redis = Redis.from_url(TEST_REDIS_URL)
    redis.flushdb()
    app.config["REDIS_URL"] = TEST_REDIS_URL
    app.extensions["oko_jobs"] = RQDispatcher(app)
    yield app
    redis.flushdb()
    redis.close()


def _env(app, factory: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": TEST_REDIS_URL,
            "SECRET_KEY": "test-secret",
            "OKO_INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "OKO_STORAGE_DIR": app.config["STORAGE_DIR"],
            # The real CLI on an app built with test-only settings (Flask reads literal arguments).
            "FLASK_APP": f"grants:create_app({factory})",
        }
    )
    return env


def _start_worker(app, log: Path, settings: dict) -> subprocess.Popen:
    # Short TTLs so RQ's own bookkeeping keeps up with the test; production runs 60/60.
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "jobs", "worker", "--worker-ttl", "15", "--maintenance-interval", "5"],
            cwd=ROOT,
            env=_env(app, repr(settings)),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kill_everything(worker: subprocess.Popen) -> None:
    """SIGKILL the worker's process group and its work-horse, which RQ puts in a group of its own
    (os.setpgrp) — as when the machine running them dies."""
    horses = _children(worker.pid)
    assert horses, "the worker had no work-horse: was it rendering?"
    os.killpg(worker.pid, signal.SIGKILL)
    for horse in horses:
        try:
            os.killpg(os.getpgid(horse), signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.wait(timeout=10)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)  # warm shutdown
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def _document(job_id: int) -> Document:
    db.session.rollback()  # a fresh read of what the workers committed
    db.session.expire_all()
    return db.session.scalar(db.select(Document).where(Document.job_id == job_id))


def _wait_for(predicate, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    details = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out waiting for {what}\n{details}")


@pytest.mark.slow
def test_worker_killed_mid_render_the_document_still_ends_finished_exactly_once(rq_app, api, published_call, tmp_path):
    response = api().post("/api/v1/documents", json={"kind": "call_announcement", "object_id": published_call.id})
    assert response.status_code == 202
    job_id = response.get_json()["job_id"]
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log", tmp_path / "sweep.log"]
    first = _start_worker(rq_app, logs[0], {"DOCUMENTS_RENDER_DELAY": RENDER_DELAY})
    second = None
    try:
        _wait_for(lambda: _document(job_id).status == DocumentStatus.started, 90, "the first worker to start", logs)
        time.sleep(1.0)  # well inside the render now
        _kill_everything(first)
        document = _document(job_id)
        assert document.status == DocumentStatus.started and document.path is None
        storage = Path(rq_app.config["STORAGE_DIR"]) / "documents"
        assert not list(storage.rglob("*.pdf"))

        second = _start_worker(rq_app, logs[1], {})
        # The cron'd sweeper hands the abandoned job over once it is older than its threshold.
        _wait_for(
            lambda: db.session.get(Job, job_id).started_at.timestamp() < time.time() - STALE_AFTER - 0.5,
            30,
            "the job to become stale",
            logs,
        )
        with open(logs[2], "ab") as out:
            sweep = subprocess.run(
                [sys.executable, "-m", "flask", "jobs", "sweep"],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=120,
                env=_env(rq_app, repr({"JOBS_STALE_AFTER_SECONDS": STALE_AFTER})),
            )
        assert sweep.returncode == 0, logs[2].read_text()
        # The abandoned render, and the day's reminders job (grants.jobs.schedule) on the day's first sweep.
        assert re.search(r"^[12] job\(s\) dispatched$", logs[2].read_text(), re.M), logs[2].read_text()
        _wait_for(lambda: _document(job_id).status == DocumentStatus.finished, 90, "the second worker", logs)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)

    documents = db.session.scalars(db.select(Document)).all()
    assert len(documents) == 1
    document = documents[0]
    job = db.session.get(Job, job_id)
    assert job.status == JobStatus.finished and job.attempts == 2  # killed once, then finished
    assert db.session.scalar(db.select(db.func.count(Job.id)).where(Job.status == JobStatus.started)) == 0
    files = sorted(p for p in (Path(rq_app.config["STORAGE_DIR"]) / "documents").rglob("*") if p.is_file())
    assert [p.name for p in files] == [Path(document.path).name]  # one file, no temporary leftovers
    import hashlib

    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == document.sha256
    assert published_call.title in flat(pdf_text(files[0].read_bytes()))
    # The API tells the same story.
    status = api().get(f"/api/v1/documents/{job_id}").get_json()
    assert status["status"] == "finished" and status["sha256"] == document.sha256
