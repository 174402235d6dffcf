"""Running one job: claim it atomically, call its handler, record the outcome."""

import logging
import traceback
from datetime import timedelta

from flask import current_app, has_app_context

from grants.clock import now_utc
from grants.extensions import db
from grants.jobs.models import Job, JobStatus
from grants.jobs.queue import TASKS

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (10, 60, 300)
STALE_AFTER = timedelta(minutes=10)


class JobFailed(Exception):
    pass


def stale_after() -> timedelta:
    """How long a `started` job may run before a sweeper takes it over; JOBS_STALE_AFTER_SECONDS in
    app.config shortens it (tests that kill a worker mid-job must not wait ten minutes)."""
    seconds = current_app.config.get("JOBS_STALE_AFTER_SECONDS") if has_app_context() else None
    return timedelta(seconds=float(seconds)) if seconds else STALE_AFTER


def claim(job_id: int, *, take_over_started: bool = False) -> bool:
    """Move the row to `started` in one conditional UPDATE, so two runners never both run it.

    RQ re-runs a job whose worker died; it asks to take over a `started` row, because no one
    else can be running that RQ job at the same time.
    """
    now = now_utc()
    runnable = [
        Job.status == JobStatus.queued,
        (Job.status == JobStatus.failed) & (Job.attempts < Job.max_attempts),
        (Job.status == JobStatus.started) & (Job.started_at < now - stale_after()),
    ]
    if take_over_started:
        runnable.append(Job.status == JobStatus.started)
    result = db.session.execute(
        db.update(Job)
        .where(Job.id == job_id, db.or_(*runnable))
        .values(status=JobStatus.started, started_at=now, attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def run_job(job_id: int, *, take_over_started: bool = False, reraise: bool = False) -> JobStatus | None:
    if not claim(job_id, take_over_started=take_over_started):
        return None
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    handler = TASKS.get(job.task)
    try:
        if handler is None:
            raise JobFailed(f"unknown task {job.task!r}")
        handler(**job.args)
        _finish(job_id)
        return JobStatus.finished
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.task)
        _fail(job_id, exc)
        if reraise:
            raise
        return JobStatus.failed


def _finish(job_id: int) -> None:
    db.session.execute(
        db.update(Job).where(Job.id == job_id).values(status=JobStatus.finished, finished_at=now_utc(), error=None)
    )
    db.session.commit()


def _fail(job_id: int, exc: Exception) -> None:
    job = db.session.get(Job, job_id)
    delay = BACKOFF_SECONDS[min(job.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    job.status = JobStatus.failed
    job.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
    job.run_after = now_utc() + timedelta(seconds=delay)
    db.session.commit()


def due_job_ids(now=None, limit: int = 100) -> list[int]:
    """Jobs a sweeper should (re)start: queued, retry due, or started by a runner that died."""
    now = now or now_utc()
    return list(
        db.session.scalars(
            db.select(Job.id)
            .where(
                db.or_(
                    Job.status == JobStatus.queued,
                    (Job.status == JobStatus.failed) & (Job.attempts < Job.max_attempts) & (Job.run_after <= now),
                    (Job.status == JobStatus.started) & (Job.started_at < now - stale_after()),
                )
            )
            .order_by(Job.id)
            .limit(limit)
        )
    )
