"""the committee's record for its protocol: the appointing act, the sitting, the minute-taker

Revision ID: b2d4f6a8c0e1
Revises: d4f6b8c0e2a3
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b2d4f6a8c0e1"
down_revision = "d4f6b8c0e2a3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "committee_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("act_number", sa.String(length=100), nullable=True),
        sa.Column("act_date", sa.Date(), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("meeting_end_date", sa.Date(), nullable=True),
        sa.Column("meeting_place", sa.String(length=300), nullable=True),
        sa.Column("minute_taker", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_committee_records_call_id_calls")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_committee_records_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_records")),
        sa.UniqueConstraint("call_id", name=op.f("uq_committee_records_call_id")),
    )


def downgrade():
    op.drop_table("committee_records")
