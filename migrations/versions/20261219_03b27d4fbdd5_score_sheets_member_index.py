"""score_sheets: an index on (member_id, offer_id), as declarations and assignments have one (their unique pair) —
the member's desk counts each seat's sheets, and with it PostgreSQL reads a seat's sheets as one range and hashes
them instead of probing the offer's index once per (seat, passed offer) (at 4 000 offers: the progress statement
of a member with five seats 3.6 → 1.5 ms, with each joined table narrowed to the seats)

Revision ID: 03b27d4fbdd5
Revises: d6f2a8c4e1b7
Create Date: 2026-12-05 07:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "03b27d4fbdd5"
down_revision = "d6f2a8c4e1b7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.create_index("ix_score_sheets_member_id_offer_id", ["member_id", "offer_id"], unique=False)


def downgrade():
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_score_sheets_member_id_offer_id")
