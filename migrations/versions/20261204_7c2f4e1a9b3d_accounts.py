"""accounts: verified e-mail addresses, TOTP second factor, invitations as single-use links

Issue 10 ("accounts that cannot be taken over"): `users.email_verified_at`, `users.totp_secret` and
`users.totp_last_step`; the invitation's token hash, expiry and its declined/cancelled moments.

Existing staff accounts count as verified (their creator vouched for them); existing NGO accounts do
not: they confirm their address once, by the link they can ask for after signing in, before they act for
an organisation again. Pending invitations from before have no link and show as expired.

Revision ID: 7c2f4e1a9b3d
Revises: eda3f0b1d50e
Create Date: 2026-12-04 03:27:41.646710

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c2f4e1a9b3d"
down_revision = "eda3f0b1d50e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organization_invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_organization_invitations_token_hash"), ["token_hash"])

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))

    op.execute(
        "UPDATE users SET email_verified_at = created_at "
        "WHERE id IN (SELECT user_id FROM user_roles) AND email_verified_at IS NULL"
    )


def downgrade():
    # Before, a withdrawn invitation was deleted and a declined one did not exist: neither may come back
    # as waiting (it would become a membership at registration).
    op.execute("DELETE FROM organization_invitations WHERE cancelled_at IS NOT NULL OR declined_at IS NOT NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("email_verified_at")

    with op.batch_alter_table("organization_invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organization_invitations_token_hash"), type_="unique")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("declined_at")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("token_hash")
