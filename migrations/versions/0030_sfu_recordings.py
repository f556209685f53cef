"""let the SFU record: say who made a recording, and when composing it was taken on

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-13 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("video_recordings") as batch:
        batch.add_column(
            sa.Column("source", sa.String(8), nullable=False, server_default="browser")
        )
        batch.add_column(sa.Column("claimed_at", UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("video_recordings") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("source")
