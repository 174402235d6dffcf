"""Daily jobs: handlers registered with `@daily(name)` are queued once per Warsaw day.

`enqueue_daily()` puts each into the outbox with the dedupe key `daily:<name>:<day>`, so however many
sweepers ask — cron's `flask jobs sweep` every minute on each machine, the in-process worker's idle sweep,
`flask jobs tick` — a day gets one job, which then runs through the same runner as every job (RQ in
production, the in-process worker on the embedded default). The state is the outbox row in the
database: a restart neither loses nor repeats a day's job.
"""

from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError

from grants.clock import now_utc, warsaw_date
from grants.extensions import db
from grants.jobs.models import Job
from grants.jobs.queue import enqueue, task

DAILY: dict[str, Callable] = {}


def daily(name: str):
    """Register a job handler (as `task` does) that `enqueue_daily` queues once a day with `day=`."""

    def register(func):
        DAILY[name] = func
        return task(name)(func)

    return register


def enqueue_daily(today: date | None = None) -> list[int]:
    """Queue today's job of each daily task unless the day has one already (whatever became of it: a job
    that failed for good waits for a person, not for the next sweep five seconds later); commits. Returns
    the ids of the jobs queued now."""
    today = today or warsaw_date(now_utc())
    ids = []
    for name in sorted(DAILY):
        key = f"daily:{name}:{today.isoformat()}"
        if db.session.scalar(db.select(Job.id).where(Job.dedupe_key == key)) is not None:
            continue
        try:
            with db.session.begin_nested():
                job = enqueue(name, dedupe_key=key, day=today.isoformat())
        except IntegrityError:  # another sweeper queued it between our look and our insert
            continue
        ids.append(job.id)
    db.session.commit()
    return ids
