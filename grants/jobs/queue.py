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
    if dedupe_key:
        existing = db.session.scalar(db.select(Job).where(Job.dedupe_key == dedupe_key))
        if existing is not None:
            if existing.status == JobStatus.failed and not existing.retryable:
                existing.status = JobStatus.queued
                existing.attempts = 0
                existing.error = None
                _remember(existing)
            return existing
    job = Job(task=task_name, args=kwargs, dedupe_key=dedupe_key, max_attempts=max_attempts)
    db.session.add(job)
    db.session.flush()
    _remember(job)
    return job


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
