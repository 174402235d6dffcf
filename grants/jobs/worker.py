"""The production worker: RQ on Redis, with the app (and heavy imports) loaded before forking."""

from grants import create_app
from grants.jobs import tasks  # noqa: F401  registers every job handler before RQ calls one
from grants.jobs.dispatch import LIGHT_META, RQ_QUEUE
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
    from rq import Queue

    preload(app)
    connection = Redis.from_url(app.config["REDIS_URL"])
    worker = worker_class()(
        [Queue(RQ_QUEUE, connection=connection)],
        connection=connection,
        worker_ttl=worker_ttl,
        maintenance_interval=maintenance_interval,
    )
    worker.work(burst=burst, with_scheduler=True)


def worker_class():
    """RQ's Worker, running the light jobs (grants.jobs.queue.LIGHT_TASKS: an e-mail) itself as RQ's SimpleWorker
    does: a work-horse forked for one costs several times the job — measured 54 ms of CPU a mail against 9.5 ms
    without the fork (docs/benchmarks.md, "Deadline rush"), and a thousand of them are queued in the last minute
    before a deadline, on the cores that serve the submissions. The rest (a PDF, whose WeasyPrint memory
    leaves with the work-horse) still get a fork each. A class made here: the web app, which imports this module
    for the `flask jobs` commands, never loads rq."""
    from rq import SimpleWorker, Worker
    from rq.worker import WorkerStatus

    class OkoWorker(Worker):
        def execute_job(self, job, queue):
            if not job.meta.get(LIGHT_META):
                return super().execute_job(job, queue)
            # SimpleWorker.execute_job: the job's timeout is still enforced (SIGALRM in this main thread).
            execution = self.prepare_execution(job)
            self.perform_job(job, queue, execution)
            self.set_state(WorkerStatus.IDLE)

        def get_heartbeat_ttl(self, job, working_time=0.0):
            # Nobody beats the heart while the worker runs a job itself: keep its key for the whole timeout.
            if job.meta.get(LIGHT_META):
                return SimpleWorker.get_heartbeat_ttl(self, job, working_time)
            return super().get_heartbeat_ttl(job, working_time)

        def kill_horse(self, sig=None):
            # RQ's "stop this job" kills the work-horse's process group; with no horse (0) that group would be
            # the worker's own. A light job is not stopped: it is over in moments, or at its timeout.
            if self.horse_pid:
                super().kill_horse(*(() if sig is None else (sig,)))

        def main_work_horse(self, job, queue):
            # The light jobs left connections in the worker's pool: they stay the worker's (close=False, the
            # parent still talks on them), the work-horse opens its own.
            from grants.extensions import db

            with _get_app().app_context():
                db.engine.dispose(close=False)
            super().main_work_horse(job, queue)

    return OkoWorker
