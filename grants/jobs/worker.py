"""The production worker: RQ on Redis, with the app (and heavy imports) loaded before forking."""

from grants import create_app
from grants.jobs import tasks  # noqa: F401  registers every job handler before RQ calls one
from grants.jobs.dispatch import RQ_QUEUE
from grants.jobs.runner import run_job

_app = None


def _get_app():
    global _app
    if _app is None:
        _app = create_app()
    return _app


def rq_run_job(job_id: int):
    """The function RQ calls; raising lets RQ's Retry take over."""
    app = _get_app()
    with app.app_context():
        status = run_job(job_id, take_over_started=True, reraise=True)
        return status.value if status else "skipped"


def preload(app) -> None:
    """Import what jobs need before the worker forks, so each job does not pay for it."""
    global _app
    _app = app
    # Imported here, not at the top: WeasyPrint takes over a second to load, and this is the moment
    # the worker pays for it, once, before it forks (the web app and `flask` commands never do).
    from grants.documents.render import warm_up

    warm_database(app)
    warm_up(app)  # WeasyPrint imported, fonts registered, one page laid out: each forked job starts warm


def warm_database(app) -> None:
    """Configure the ORM's mappers and meet the database once, before the worker forks.

    Both happen lazily, on a process's first query — in every forked work-horse anew, as its parent never
    queried: ≈ 140 ms of CPU a job, e-mails included (docs/benchmarks.md, "Deadline rush"), fifteen times
    what sending one costs. The connection itself does not cross the fork: the pool is emptied, each
    work-horse opens its own (two processes on one socket would mix their answers)."""
    from sqlalchemy import text
    from sqlalchemy.orm import configure_mappers

    from grants.extensions import db

    configure_mappers()
    with app.app_context():
        with db.engine.connect() as connection:  # the dialect learns the server (version, types) once
            connection.execute(text("SELECT 1"))
        db.engine.dispose()


def run_worker(app, *, burst: bool = False, worker_ttl: int = 60, maintenance_interval: int = 60) -> None:
    from redis import Redis  # only the worker process needs redis and rq (see dispatch.RQDispatcher)
    from rq import Queue, Worker

    preload(app)
    connection = Redis.from_url(app.config["REDIS_URL"])
    worker = Worker(
        [Queue(RQ_QUEUE, connection=connection)],
        connection=connection,
        worker_ttl=worker_ttl,
        maintenance_interval=maintenance_interval,
    )
    worker.work(burst=burst, with_scheduler=True)
