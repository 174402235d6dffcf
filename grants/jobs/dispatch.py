"""Where committed jobs go: RQ on Redis in production, an in-process worker otherwise."""

import logging
import queue
import threading

from grants.jobs.runner import due_job_ids, run_job

log = logging.getLogger(__name__)

RQ_QUEUE = "oko"
LIGHT_META = "oko_light"  # in an RQ job's meta: the worker runs it without forking (grants.jobs.worker)


class RQDispatcher:
    def __init__(self, app):
        self.app = app
        self._queue = None

    @property
    def rq_queue(self):
        if self._queue is None:
            # Only the RQ mode needs redis and rq (some 170 ms to import): the in-process and manual
            # modes, and the tests, never load them.
            from redis import Redis
            from rq import Queue

            # Short timeouts: an unreachable Redis must cost a request a moment, not hang it; the
            # outbox row stays queued and `flask jobs sweep` hands it over when Redis is back.
            connection = Redis.from_url(self.app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)
            self._queue = Queue(RQ_QUEUE, connection=connection)
        return self._queue

    def dispatch(self, job_ids, *, light=frozenset()):
        """`light`: the ids whose task the worker may run without forking (grants.jobs.queue.LIGHT_TASKS); the
        sweeper does not know the tasks, and a work-horse runs any job, only dearer."""
        from rq import Retry  # the RQ mode only, as above

        for job_id in job_ids:
            try:
                self.rq_queue.enqueue(
                    "grants.jobs.worker.rq_run_job",
                    job_id,
                    job_id=f"oko-job-{job_id}",
                    retry=Retry(max=3, interval=[10, 60, 300]),
                    job_timeout=300,
                    result_ttl=600,
                    meta={LIGHT_META: True} if job_id in light else None,
                )
            except Exception:
                # The outbox row is committed; `flask jobs sweep` hands it to RQ again.
                log.exception("could not hand job %s to RQ", job_id)


class InProcessDispatcher:
    """A daemon thread that runs committed jobs through the same `run_job` as RQ does."""

    def __init__(self, app, sweep_every: float = 5.0):
        self.app = app
        self.sweep_every = sweep_every
        self.inbox: queue.Queue = queue.Queue()
        self._thread = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def dispatch(self, job_ids, *, light=frozenset()):
        for job_id in job_ids:  # one thread runs them all: nothing forks here
            self.inbox.put(job_id)
        self.start()

    def ensure_started(self):
        """Before a request: the embedded default's worker also runs the daily jobs, so it must be up
        even when no request has queued a job since the server started."""
        if self._thread is None or not self._thread.is_alive():
            self.start()

    def start(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="oko-jobs", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 10.0):
        self._stopping.set()
        self.inbox.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self):
        while not self._stopping.is_set():
            try:
                job_id = self.inbox.get(timeout=self.sweep_every)
                if job_id is None:
                    break
                ids = [job_id]
            except queue.Empty:
                with self.app.app_context():
                    self._queue_daily()
                    ids = due_job_ids()
            for job_id in ids:
                with self.app.app_context():
                    run_job(job_id)

    def _queue_daily(self):
        """The idle sweep queues the day's daily jobs (grants.jobs.schedule) as cron's `flask jobs sweep`
        does in production; their outbox rows then come back through `due_job_ids`."""
        from grants.jobs import tasks  # noqa: F401  every handler, the daily ones among them, registered
        from grants.jobs.schedule import enqueue_daily

        try:
            enqueue_daily()
        except Exception:  # the database is away: the next sweep tries again
            log.exception("could not queue the daily jobs")
            from grants.extensions import db

            db.session.rollback()


class ManualDispatcher:
    """For tests: remembers what was committed; the test runs it with `run_pending`."""

    def __init__(self, app):
        self.app = app
        self.dispatched: list[int] = []

    def dispatch(self, job_ids, *, light=frozenset()):
        self.dispatched.extend(job_ids)

    def run_pending(self):
        ran = []
        while self.dispatched:
            job_id = self.dispatched.pop(0)
            run_job(job_id)
            ran.append(job_id)
        return ran


def start_in_process_worker():
    """`before_request` of the app: start the in-process worker if that is the dispatcher (see
    InProcessDispatcher.ensure_started); RQ and the tests' manual dispatcher have nothing to start."""
    from flask import current_app

    ensure = getattr(current_app.extensions.get("oko_jobs"), "ensure_started", None)
    if ensure is not None:
        ensure()


def make_dispatcher(app):
    mode = app.config.get("JOBS_MODE", "inprocess")
    if mode == "rq":
        return RQDispatcher(app)
    if mode == "manual":
        return ManualDispatcher(app)
    return InProcessDispatcher(app)
