"""the call's cancellation told apart (art. 18a ground or odwołanie) with its three publications, the act that
announces the call, and the office's organ

Revision ID: c4a1e7d2b9f0
Revises: e4b8d2f6a1c9
Create Date: 2026-12-04 19:35:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4a1e7d2b9f0"
down_revision = "e4b8d2f6a1c9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cancel_kind",
                sa.Enum("cancellation", "withdrawal", name="cancelkind", native_enum=False, length=32),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "cancel_ground",
                sa.Enum("no_offers", "no_valid_offers", name="cancelground", native_enum=False, length=32),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("cancel_publications", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("announcement_act_number", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("announcement_act_date", sa.Date(), nullable=True))
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organ_name", sa.String(length=300), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_column("organ_name")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("announcement_act_date")
        batch_op.drop_column("announcement_act_number")
        batch_op.drop_column("cancel_publications")
        batch_op.drop_column("cancel_ground")
        batch_op.drop_column("cancel_kind")
