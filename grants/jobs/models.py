import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from grants.db import UTCDateTime, enum_column, utcnow
from grants.extensions import db


class JobStatus(enum.Enum):
    queued = "queued"
    started = "started"
    finished = "finished"
    failed = "failed"


class Job(db.Model):
    __tablename__ = "jobs"
    # (status, run_after): the runner's and the health check's reads of what waits, oldest first, stay index
    # lookups however many jobs a backlog holds (grants.jobs.health).
    __table_args__ = (sa.Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    args = mapped_column(sa.JSON, nullable=False, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    status = mapped_column(enum_column(JobStatus), nullable=False, default=JobStatus.queued)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=4)
    run_after = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    started_at = mapped_column(UTCDateTime)
    finished_at = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(sa.Text)

    @property
    def retryable(self) -> bool:
        return self.status == JobStatus.failed and self.attempts < self.max_attempts
