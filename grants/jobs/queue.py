from collections.abc import Callable

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from grants.extensions import db
from grants.jobs.models import Job, JobStatus

TASKS: dict[str, Callable] = {}
# Tasks RQ's worker runs in its own process rather than in a forked work-horse (grants.jobs.worker.OkoWorker).
LIGHT_TASKS: set[str] = set()
PENDING_KEY = "oko_pending_jobs"


def task(name: str, *, light: bool = False):
    """Register a job handler under a stable name (stored in the outbox row). `light`: a short job that keeps
    nothing in memory (an e-mail), which the RQ worker runs itself — forking a work-horse would cost several
    times the job (docs/benchmarks.md, "Deadline rush"); the rest (a PDF) get a work-horse each."""

    def register(func):
        TASKS[name] = func
        if light:
            LIGHT_TASKS.add(name)
        return func

    return register


def enqueue(task_name: str, *, dedupe_key: str | None = None, max_attempts: int = 4, **kwargs) -> Job:
    """Add a job to the outbox in the current transaction; it is dispatched after commit.

    A `dedupe_key` makes the request idempotent: the same key returns the existing job unless
    that one failed for good, in which case it is queued again.
    """
    return enqueue_many(task_name, [(dedupe_key, kwargs)], max_attempts=max_attempts)[0]


# Keys asked about in one SELECT: far below any database's limit of bound parameters.
KEYS_PER_SELECT = 500


def enqueue_many(
    task_name: str, jobs: list[tuple[str | None, dict]], *, max_attempts: int = 4, new_keys: bool = False
) -> list[Job]:
    """`enqueue` for many jobs of one task — `(dedupe_key, kwargs)` each — with the same rows and the same
    outcome as one call per job in that order, in one SELECT of the keys (per `KEYS_PER_SELECT`) and one
    INSERT instead of a SELECT and an INSERT per job: the results of a call tell hundreds of offerors.
    `new_keys`: each key names a row this transaction has just inserted (an e-mail's), so no job holds it
    yet and the SELECT is skipped — one statement less on every submission of the rush (the keys stay
    unique in the table all the same)."""
    keys = [] if new_keys else sorted({key for key, _kwargs in jobs if key})
    known: dict[str, Job] = {}
    for start in range(0, len(keys), KEYS_PER_SELECT):
        chunk = keys[start : start + KEYS_PER_SELECT]
        known.update(
            (job.dedupe_key, job) for job in db.session.scalars(db.select(Job).where(Job.dedupe_key.in_(chunk)))
        )
    result: list[Job] = []
    pending: list[Job] = []  # in the order one call per job would have remembered them
    for key, kwargs in jobs:
        existing = known.get(key) if key else None
        if existing is not None:
            if existing.status == JobStatus.failed and not existing.retryable:
                existing.status = JobStatus.queued
                existing.attempts = 0
                existing.error = None
                pending.append(existing)
            result.append(existing)
            continue
        job = Job(task=task_name, args=kwargs, dedupe_key=key, max_attempts=max_attempts)
        db.session.add(job)
        if key:
            known[key] = job  # a key twice in the batch: the second finds the first, as one by one
        pending.append(job)
        result.append(job)
    if any(job.id is None for job in pending):
        db.session.flush()
    for job in pending:
        _remember(job)
    return result


def _remember(job: Job) -> None:
    db.session.info.setdefault(PENDING_KEY, []).append((job.id, job.task))


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session):
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    if has_app_context():
        light = {job_id for job_id, name in pending if name in LIGHT_TASKS}
        current_app.extensions["oko_jobs"].dispatch([job_id for job_id, _name in pending], light=light)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session):
    session.info.pop(PENDING_KEY, None)
