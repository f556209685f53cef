"""add consented recordings of video rooms and the chunks they are uploaded in

Two new tables: video_recordings (one recording of a room: its state, the file it was put
together into, its size and SHA-256, when its retention ends) and video_recording_chunks (each
numbered chunk received while it was open, unique per recording and number).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "video_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("mime_type", sa.String(length=60), nullable=False),
        sa.Column("started_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.Column("finished_at", mediation.core.db.UTCDateTime(), nullable=True),
        sa.Column("stop_reason", sa.String(length=24), nullable=True),
        sa.Column("filename", sa.String(length=120), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("expires_at", mediation.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"], ["video_rooms.id"], name=op.f("fk_video_recordings_room_id_video_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["room_participants.id"],
            name=op.f("fk_video_recordings_participant_id_room_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_recordings")),
    )
    op.create_index(op.f("ix_video_recordings_room_id"), "video_recordings", ["room_id"])
    op.create_index(op.f("ix_video_recordings_expires_at"), "video_recordings", ["expires_at"])
    op.create_table(
        "video_recording_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["video_recordings.id"],
            name=op.f("fk_video_recording_chunks_recording_id_video_recordings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_recording_chunks")),
        sa.UniqueConstraint(
            "recording_id", "seq", name=op.f("uq_video_recording_chunks_recording_id")
        ),
    )
    op.create_index(
        op.f("ix_video_recording_chunks_recording_id"), "video_recording_chunks", ["recording_id"]
    )


def downgrade():
    op.drop_index(
        op.f("ix_video_recording_chunks_recording_id"), table_name="video_recording_chunks"
    )
    op.drop_table("video_recording_chunks")
    op.drop_index(op.f("ix_video_recordings_expires_at"), table_name="video_recordings")
    op.drop_index(op.f("ix_video_recordings_room_id"), table_name="video_recordings")
    op.drop_table("video_recordings")
