"""outbox per office: the office whose call or offer an e-mail is about

Revision ID: 3c1a7e2f9b10
Revises: 7c2f4e1a9b3d
Create Date: 2026-12-05 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1a7e2f9b10"
down_revision = "7c2f4e1a9b3d"
branch_labels = None
depends_on = None


def upgrade():
    # Messages queued before this revision keep no office: only an admin reads them in the outbox.
    with op.batch_alter_table("outbound_mail", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbound_mail_office_id"), ["office_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_outbound_mail_office_id_offices"), "offices", ["office_id"], ["id"])


def downgrade():
    with op.batch_alter_table("outbound_mail", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbound_mail_office_id_offices"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbound_mail_office_id"))
        batch_op.drop_column("office_id")
