"""the call's contact person and the term for the signed confirmation of an offer

Revision ID: 5b8e2c4d6f10
Revises: c3a7e5d9f1b2
Create Date: 2026-12-12 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e2c4d6f10"
down_revision = "c3a7e5d9f1b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("confirmation_days", sa.Integer(), server_default="3", nullable=False))


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("confirmation_days")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_name")
