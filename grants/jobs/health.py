"""Is the background work keeping up? Read from the outbox, so every app process sees the same answer.

A job that has waited longer than `BEHIND_AFTER` past its due time means nothing is running jobs —
Redis unreachable, no worker alive. Nothing is lost (the outbox row is the record, `flask jobs sweep`
hands it over again), but the office should know that e-mails and PDFs are late.
"""

from datetime import UTC, timedelta
from functools import cache

import sqlalchemy as sa

from grants.clock import now_utc
from grants.extensions import db
from grants.jobs.models import Job, JobStatus

BEHIND_AFTER = timedelta(minutes=3)


@cache
def _overdue() -> sa.Select:
    # One MIN per status: each is the first entry of ix_jobs_status_run_after, where MIN over `status IN (…)`
    # would read every waiting job's entry (every officer page asks, and a backlog is when it matters). Built
    # once per process, the moment bound: building it cost as much as running it.
    due = sa.bindparam("due", type_=Job.run_after.type)
    return sa.select(
        *(
            sa.select(sa.func.min(Job.run_after)).where(Job.status == status, Job.run_after < due).scalar_subquery()
            for status in (JobStatus.queued, JobStatus.started)
        )
    )


def oldest_waiting_minutes(now=None) -> int | None:
    """Minutes the oldest overdue job has waited, or None when the jobs keep up."""
    now = now or now_utc()
    found = [when for when in db.session.execute(_overdue(), {"due": now - BEHIND_AFTER}).one() if when is not None]
    oldest = min(found, default=None)
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # an aggregate skips the column type's conversion to aware UTC
        oldest = oldest.replace(tzinfo=UTC)
    return int((now - oldest).total_seconds() // 60)
