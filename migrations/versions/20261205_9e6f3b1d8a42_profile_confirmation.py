"""a second profile with an existing NIP or KRS waits for an officer's confirmation

Revision ID: 9e6f3b1d8a42
Revises: 7d4b2a9c5e31
Create Date: 2026-12-05 11:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9e6f3b1d8a42"
down_revision = "7d4b2a9c5e31"
branch_labels = None
depends_on = None

STATUS = sa.Enum("active", "awaiting_confirmation", "refused", name="profilestatus", native_enum=False, length=32)


def upgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", STATUS, nullable=True))
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_organizations_duplicate_of_id_organizations"), "organizations", ["duplicate_of_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_organizations_reviewed_by_id_users"), "users", ["reviewed_by_id"], ["id"]
        )
    # Profiles made before this revision act as before; the rule applies to profiles created or edited after.
    op.execute("UPDATE organizations SET status = 'active'")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=STATUS, nullable=False)


def downgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_organizations_reviewed_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_organizations_duplicate_of_id_organizations"), type_="foreignkey")
        batch_op.drop_column("review_note")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("duplicate_of_id")
        batch_op.drop_column("status")
