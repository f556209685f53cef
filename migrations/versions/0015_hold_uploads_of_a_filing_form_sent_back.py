"""hold the uploads of a filing form that came back with an error

Files chosen on the filing form are kept, under a random holder key the form carries, until the
form is sent again or they expire; downgrading drops the table and any files still held.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01 13:20:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "held_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder_key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_uploads")),
    )
    with op.batch_alter_table("held_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_uploads_holder_key"), ["holder_key"])
        batch_op.create_index(batch_op.f("ix_held_uploads_created_at"), ["created_at"])


def downgrade():
    with op.batch_alter_table("held_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_uploads_created_at"))
        batch_op.drop_index(batch_op.f("ix_held_uploads_holder_key"))
    op.drop_table("held_uploads")
