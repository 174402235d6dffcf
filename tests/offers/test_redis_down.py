"""Fault drill: Redis goes down during the deadline rush. Offers are still submitted (the outbox row is
the record), the office sees a banner that e-mails are late, and when Redis returns the sweeper hands
the jobs over and a real worker sends every confirmation exactly once.

Redis here is a real `redis-server` of the test's own, on a spare port, stopped and started again."""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from grants.clock import now_utc
from grants.extensions import db
from grants.jobs.models import Job, JobStatus
from grants.mail import OutboundMail
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
    pytest.mark.real_db,  # a worker process reads what the requests committed
    pytest.mark.real_clock,  # and judges what is due by the real clock
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.process = port, folder, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(_free_port(), tmp_path)
    yield server
    server.stop()


@pytest.fixture
def app(make_app, redis_server):
    """The production job path (RQ), pointed at the drill's own Redis."""
    app = make_app(JOBS_MODE="rq", REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0")
    with app.app_context():
        yield app


def _worker(app, redis_server):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],  # the real_db database of this test
        REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0",
        SECRET_KEY="test-secret",
        OKO_INSTANCE_DIR=app.config["INSTANCE_DIR"],
        OKO_STORAGE_DIR=app.config["STORAGE_DIR"],
        FLASK_APP="wsgi.py",
    )
    return subprocess.run(
        [sys.executable, "-m", "flask", "jobs", "worker", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_offers_are_submitted_while_redis_is_down_and_mail_catches_up(
    app, redis_server, api, ngo_user, draft, officer, client
):
    # Redis is down (never started) when the NGO submits, ten minutes ago.
    with freeze_time(now_utc() - timedelta(minutes=10)):
        offer = draft()
        response = api(ngo_user).post(f"/api/v1/offers/{offer['id']}/submit")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "submitted"
    waiting = db.session.scalars(db.select(Job).where(Job.task == "send_mail")).all()
    assert waiting and all(job.status == JobStatus.queued for job in waiting)

    # The office sees that e-mails are late; the NGO does not see the office's worries.
    client.post("/login", data={"email": officer.email, "password": PASSWORD})
    page = client.get("/office/").get_data(as_text=True)
    assert "kolejka zadań jest niedostępna" in page and "czekają od 10 min" in page

    # Redis returns: the sweeper (cron) hands the jobs over, a real worker runs them.
    redis_server.start()
    result = app.test_cli_runner().invoke(args=["jobs", "sweep"])
    assert result.exit_code == 0, result.output
    worker = _worker(app, redis_server)
    assert worker.returncode == 0, worker.stderr[-2000:]

    db.session.expire_all()
    mails = db.session.scalars(db.select(OutboundMail)).all()
    assert mails and all(mail.sent_at is not None for mail in mails)
    assert all(job.status == JobStatus.finished for job in db.session.scalars(db.select(Job)))
    assert len(list((Path(app.config["STORAGE_DIR"]) / "outbox").glob("*.eml"))) == len(mails)  # once each
    assert "kolejka zadań jest niedostępna" not in client.get("/office/").get_data(as_text=True)
