"""the office's contact for the public pages: e-mail and phone, and its data protection officer's e-mail

The RODO information clause (art. 13 ust. 1 lit. b of Regulation (EU) 2016/679) names the data protection
officer's contact and the accessibility statement (art. 10 of the Act of 4 April 2019) a contact for requests.

Revision ID: c7e1a9d3b5f2
Revises: f65f06b19deb
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7e1a9d3b5f2"
down_revision = "f65f06b19deb"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offices") as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), server_default="", nullable=False))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("dpo_email", sa.String(length=254), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("offices") as batch_op:
        batch_op.drop_column("dpo_email")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")
