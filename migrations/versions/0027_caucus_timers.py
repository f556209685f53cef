"""add caucus timers: the end instant of each timed private room

One new table, video_caucus_timers: a running timer per caucus of a video room (when it
started, when it ends, when its one-minute warning went out).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "video_caucus_timers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=24), nullable=False),
        sa.Column("started_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.Column("ends_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.Column("warned_at", mediation.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["video_rooms.id"],
            name=op.f("fk_video_caucus_timers_room_id_video_rooms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_caucus_timers")),
        sa.UniqueConstraint("room_id", "place", name="uq_video_caucus_timers_place"),
    )
    op.create_index(op.f("ix_video_caucus_timers_room_id"), "video_caucus_timers", ["room_id"])
    op.create_index(op.f("ix_video_caucus_timers_ends_at"), "video_caucus_timers", ["ends_at"])


def downgrade():
    op.drop_index(op.f("ix_video_caucus_timers_ends_at"), table_name="video_caucus_timers")
    op.drop_index(op.f("ix_video_caucus_timers_room_id"), table_name="video_caucus_timers")
    op.drop_table("video_caucus_timers")
