"""calls: (status, submission_deadline, id) and (status, published_at, id) — the public lists' pages walk one
status's range in the list's order and stop after a page, instead of reading every call of the status and
sorting them (at 1 900 calls: the open list 1.0 → 0.2 ms, the resolved one 2–5 → 0.15 ms)

Revision ID: d6f2a8c4e1b7
Revises: b3e8d1f4a6c2
Create Date: 2026-12-05 01:30:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d6f2a8c4e1b7"
down_revision = "b3e8d1f4a6c2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index("ix_calls_status_deadline", ["status", "submission_deadline", "id"], unique=False)
        batch_op.create_index("ix_calls_status_published", ["status", "published_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_status_published")
        batch_op.drop_index("ix_calls_status_deadline")
