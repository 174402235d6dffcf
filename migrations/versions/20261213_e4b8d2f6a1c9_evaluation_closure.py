"""the committee's evaluation closed by the chair or the office: who and when

Revision ID: e4b8d2f6a1c9
Revises: 5b8e2c4d6f10
Create Date: 2026-12-13 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4b8d2f6a1c9"
down_revision = "5b8e2c4d6f10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_evaluation_closures_call_id_calls")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_evaluation_closures_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_closures")),
        sa.UniqueConstraint("call_id", name=op.f("uq_evaluation_closures_call_id")),
    )


def downgrade():
    op.drop_table("evaluation_closures")
