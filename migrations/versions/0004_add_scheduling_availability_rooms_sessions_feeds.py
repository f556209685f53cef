"""add scheduling: availability, rooms, sessions, calendar feeds

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 15:08:01.971783
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)
from sqlalchemy.dialects import postgresql

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_rooms_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_rooms_organisation_id")),
    )
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rooms_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token", name=op.f("uq_calendar_feeds_token")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )
    op.create_table(
        "availabilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "weekly",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("buffer_before_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_after_minutes", sa.Integer(), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("observe_holidays", sa.Boolean(), nullable=False),
        sa.Column("updated_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mediator_id"], ["mediators.id"], name=op.f("fk_availabilities_mediator_id_mediators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availabilities")),
        sa.UniqueConstraint("mediator_id", name=op.f("uq_availabilities_mediator_id")),
    )
    op.create_table(
        "availability_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "windows",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_availability_overrides_mediator_id_mediators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_overrides")),
        sa.UniqueConstraint(
            "mediator_id", "day", name=op.f("uq_availability_overrides_mediator_id")
        ),
    )
    with op.batch_alter_table("availability_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_overrides_mediator_id"), ["mediator_id"], unique=False
        )

    op.create_table(
        "mediation_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("start_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("booked_by_id", sa.Integer(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("created_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "end_at > start_at", name=op.f("ck_mediation_sessions_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"], ["users.id"], name=op.f("fk_mediation_sessions_booked_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_mediation_sessions_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediation_sessions_mediator_id_mediators"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_mediation_sessions_room_id_rooms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_sessions")),
        sa.UniqueConstraint("uid", name=op.f("uq_mediation_sessions_uid")),
    )
    with op.batch_alter_table("mediation_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_sessions_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(
            "ix_mediation_sessions_mediator_start", ["mediator_id", "start_at"], unique=False
        )
        batch_op.create_index(
            "ix_mediation_sessions_room_start", ["room_id", "start_at"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        # No mediator and no room is booked twice for overlapping times, whatever the
        # application does (SQLite relies on serialised writes instead).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for name, column, extra in (
            ("no_overlapping_mediator_sessions", "mediator_id", ""),
            ("no_overlapping_room_sessions", "room_id", " AND room_id IS NOT NULL"),
        ):
            op.execute(
                f"ALTER TABLE mediation_sessions ADD CONSTRAINT {name} EXCLUDE USING gist "
                f"({column} WITH =, tstzrange(start_at, end_at) WITH &&) "
                f"WHERE (status <> 'cancelled'{extra})"
            )


def downgrade():
    with op.batch_alter_table("mediation_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_mediation_sessions_room_start")
        batch_op.drop_index("ix_mediation_sessions_mediator_start")
        batch_op.drop_index(batch_op.f("ix_mediation_sessions_dispute_id"))

    op.drop_table("mediation_sessions")
    with op.batch_alter_table("availability_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_overrides_mediator_id"))

    op.drop_table("availability_overrides")
    op.drop_table("availabilities")
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rooms_organisation_id"))

    op.drop_table("rooms")
