"""audit_entries: one index on (office_id, id) instead of (office_id) — the office's audit log pages newest first,
and on the primary key alone PostgreSQL walks back through every office's entries to find one office's 50

Revision ID: b3e8d1f4a6c2
Revises: a9d3f1c7e2b4
Create Date: 2026-12-05 01:15:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "b3e8d1f4a6c2"
down_revision = "a9d3f1c7e2b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_office_id")
        batch_op.create_index("ix_audit_entries_office_id_id", ["office_id", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_office_id_id")
        batch_op.create_index("ix_audit_entries_office_id", ["office_id"], unique=False)
