"""call: results_table_required — whether offers must fill Annex 1 III.6 (a call may waive it)

Revision ID: c3a7e5d9f1b2
Revises: c7e1a9d3b5f2
Create Date: 2026-12-11 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3a7e5d9f1b2"
down_revision = "c7e1a9d3b5f2"
branch_labels = None
depends_on = None


def upgrade():
    # Every call announced so far asked for III.6: they stay as they were (required).
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("results_table_required", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("results_table_required")
