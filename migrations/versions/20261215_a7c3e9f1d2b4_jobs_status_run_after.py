"""jobs: one index on (status, run_after) instead of (status) — the office's "jobs are late" banner reads the
oldest waiting job on every officer page, and with a backlog (a worker down) that read must not scan it

Revision ID: a7c3e9f1d2b4
Revises: c4a1e7d2b9f0
Create Date: 2026-12-05 00:50:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e9f1d2b4"
down_revision = "c4a1e7d2b9f0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status")
        batch_op.create_index("ix_jobs_status_run_after", ["status", "run_after"], unique=False)


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_run_after")
        batch_op.create_index("ix_jobs_status", ["status"], unique=False)
