"""joint offers: a partner is named only once it confirms

Revision ID: 7d4b2a9c5e31
Revises: 3c1a7e2f9b10
Create Date: 2026-12-05 10:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d4b2a9c5e31"
down_revision = "3c1a7e2f9b10"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offer_partners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum("pending", "confirmed", name="partnerstatus", native_enum=False, length=32),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("requested_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("requested_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_offer_partners_requested_by_id_users"), "users", ["requested_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_offer_partners_confirmed_by_id_users"), "users", ["confirmed_by_id"], ["id"]
        )
    # Partners of offers already submitted stay as they were submitted; those of offers never submitted
    # are asked for their consent like any new partner.
    op.execute(
        "UPDATE offer_partners SET status = CASE WHEN offer_id IN "
        "(SELECT id FROM offers WHERE current_version_id IS NOT NULL) THEN 'confirmed' ELSE 'pending' END"
    )
    with op.batch_alter_table("offer_partners", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.Enum("pending", "confirmed", name="partnerstatus", native_enum=False, length=32),
            nullable=False,
        )


def downgrade():
    with op.batch_alter_table("offer_partners", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_offer_partners_confirmed_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_offer_partners_requested_by_id_users"), type_="foreignkey")
        batch_op.drop_column("confirmed_by_id")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("requested_by_id")
        batch_op.drop_column("requested_at")
        batch_op.drop_column("status")
