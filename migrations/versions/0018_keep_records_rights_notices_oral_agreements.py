"""keep mediation records, rights notices and oral agreements

Six new tables, nothing else changes: the mediator's notes of each session and who came to one
held in person; each version of a session's record (调解笔录) with the parties' confirmations of
it; each party's acknowledgement of the rights notice (告知书); the oral-agreement register.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 16:33:08.018159
"""

import sqlalchemy as sa
from alembic import op

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rights_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("notice_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("assurance", sa.String(length=20), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("identification", sa.String(length=120), nullable=True),
        sa.Column("acknowledged_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["disputes.id"],
            name=op.f("fk_rights_acknowledgements_dispute_id_disputes"),
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_rights_acknowledgements_entered_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_rights_acknowledgements_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_acknowledgements")),
        sa.UniqueConstraint("party_id", name=op.f("uq_rights_acknowledgements_party_id")),
    )
    with op.batch_alter_table("rights_acknowledgements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rights_acknowledgements_dispute_id"), ["dispute_id"], unique=False
        )

    op.create_table(
        "session_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("arrived_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("left_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_session_attendance_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_session_attendance_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mediation_sessions.id"],
            name=op.f("fk_session_attendance_session_id_mediation_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_attendance")),
    )
    with op.batch_alter_table("session_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_attendance_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=24), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("noted_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mediation_sessions.id"],
            name=op.f("fk_session_notes_session_id_mediation_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"], name=op.f("fk_session_notes_written_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_notes")),
    )
    with op.batch_alter_table("session_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_notes_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mediation_sessions.id"],
            name=op.f("fk_session_records_session_id_mediation_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_records")),
        sa.UniqueConstraint("session_id", "version", name="uq_session_records_version"),
    )
    op.create_table(
        "oral_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("performance", sa.Text(), nullable=False),
        sa.Column("performed", sa.String(length=120), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("agreed_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("mediator_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_oral_agreements_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"], ["mediators.id"], name=op.f("fk_oral_agreements_mediator_id_mediators")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_oral_agreements_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcomes.id"], name=op.f("fk_oral_agreements_outcome_id_outcomes")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_oral_agreements_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["township_id"],
            ["organisations.id"],
            name=op.f("fk_oral_agreements_township_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oral_agreements")),
        sa.UniqueConstraint("dispute_id", name=op.f("uq_oral_agreements_dispute_id")),
    )
    with op.batch_alter_table("oral_agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_oral_agreements_register", ["township_id", "agreed_at"], unique=False
        )

    op.create_table(
        "record_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("assurance", sa.String(length=20), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("identification", sa.String(length=120), nullable=True),
        sa.Column("confirmed_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_record_confirmations_entered_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_record_confirmations_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["session_records.id"],
            name=op.f("fk_record_confirmations_record_id_session_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_confirmations")),
    )
    with op.batch_alter_table("record_confirmations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_confirmations_record_party", ["record_id", "party_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("record_confirmations", schema=None) as batch_op:
        batch_op.drop_index("ix_record_confirmations_record_party")

    op.drop_table("record_confirmations")
    with op.batch_alter_table("oral_agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_oral_agreements_register")

    op.drop_table("oral_agreements")
    op.drop_table("session_records")
    with op.batch_alter_table("session_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_notes_session_id"))

    op.drop_table("session_notes")
    with op.batch_alter_table("session_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_attendance_session_id"))

    op.drop_table("session_attendance")
    with op.batch_alter_table("rights_acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_acknowledgements_dispute_id"))

    op.drop_table("rights_acknowledgements")
