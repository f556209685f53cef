"""organisations can be retired

One new column, organisations.active: an administrator retires an organisation that stops
working (it is no longer offered for new staff, cases or children) and may restore it later.
Every existing organisation stays active.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_column("active")
