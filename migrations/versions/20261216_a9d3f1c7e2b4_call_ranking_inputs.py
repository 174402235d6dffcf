"""call: ranking_inputs — the stamp of the state of the committee's work a cached ranking was computed from

Revision ID: a9d3f1c7e2b4
Revises: a7c3e9f1d2b4
Create Date: 2026-12-05 01:00:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a9d3f1c7e2b4"
down_revision = "a7c3e9f1d2b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ranking_inputs", sa.String(length=32), nullable=True))
    # Each call its own random stamp (grants.calls.models.new_ranking_stamp), as a new call gets one.
    calls = sa.table("calls", sa.column("id", sa.Integer), sa.column("ranking_inputs", sa.String))
    bind = op.get_bind()
    for (call_id,) in bind.execute(sa.select(calls.c.id)).all():
        bind.execute(calls.update().where(calls.c.id == call_id).values(ranking_inputs=uuid.uuid4().hex))
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.alter_column("ranking_inputs", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("ranking_inputs")
