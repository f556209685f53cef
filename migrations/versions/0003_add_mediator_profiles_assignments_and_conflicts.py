"""add mediator profiles, studio members, assignments and conflict records

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 15:03:37.212892
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)
from sqlalchemy.dialects import postgresql

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mediator_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("mobile", sa.String(length=11), nullable=True),
        sa.Column("resident_id", sa.String(length=18), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediator_relations_mediator_id_mediators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_relations")),
    )
    with op.batch_alter_table("mediator_relations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediator_relations_mediator_id"), ["mediator_id"], unique=False
        )

    op.create_table(
        "studio_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mediator_id"], ["mediators.id"], name=op.f("fk_studio_members_mediator_id_mediators")
        ),
        sa.ForeignKeyConstraint(
            ["studio_id"], ["studios.id"], name=op.f("fk_studio_members_studio_id_studios")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio_members")),
        sa.UniqueConstraint("studio_id", "mediator_id", name=op.f("uq_studio_members_studio_id")),
    )
    with op.batch_alter_table("studio_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_studio_members_mediator_id"), ["mediator_id"], unique=False
        )

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "explanation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answer_reason", sa.Text(), nullable=True),
        sa.Column("reassigned_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_assignments_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"], ["mediators.id"], name=op.f("fk_assignments_mediator_id_mediators")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_assignments_proposed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["studio_id"], ["studios.id"], name=op.f("fk_assignments_studio_id_studios")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignments_dispute_id"), ["dispute_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assignments_mediator_id"), ["mediator_id"], unique=False
        )
        batch_op.create_index("ix_assignments_status_due_at", ["status", "due_at"], unique=False)

    op.create_table(
        "conflict_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("disclosed_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_conflict_disclosures_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["disputes.id"],
            name=op.f("fk_conflict_disclosures_dispute_id_disputes"),
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_conflict_disclosures_mediator_id_mediators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_disclosures")),
    )
    with op.batch_alter_table("conflict_disclosures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_disclosures_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conflict_disclosures_mediator_id"), ["mediator_id"], unique=False
        )

    op.create_table(
        "conflict_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_conflict_consents_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_conflict_consents_mediator_id_mediators"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_conflict_consents_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_conflict_consents_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_consents")),
        sa.UniqueConstraint(
            "dispute_id", "mediator_id", "party_id", name=op.f("uq_conflict_consents_dispute_id")
        ),
    )
    with op.batch_alter_table("conflict_consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_consents_dispute_id"), ["dispute_id"], unique=False
        )

    op.create_table(
        "recusal_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", mediation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", mediation.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_recusal_requests_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_recusal_requests_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_recusal_requests_mediator_id_mediators"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_recusal_requests_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recusal_requests")),
    )
    with op.batch_alter_table("recusal_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recusal_requests_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recusal_requests_mediator_id"), ["mediator_id"], unique=False
        )

    with op.batch_alter_table("mediators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("background", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("introduction", sa.Text(), nullable=True))

    with op.batch_alter_table("studios", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introduction", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("studios", schema=None) as batch_op:
        batch_op.drop_column("introduction")

    with op.batch_alter_table("mediators", schema=None) as batch_op:
        batch_op.drop_column("introduction")
        batch_op.drop_column("background")

    with op.batch_alter_table("recusal_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recusal_requests_mediator_id"))
        batch_op.drop_index(batch_op.f("ix_recusal_requests_dispute_id"))

    op.drop_table("recusal_requests")
    with op.batch_alter_table("conflict_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_consents_dispute_id"))

    op.drop_table("conflict_consents")
    with op.batch_alter_table("conflict_disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_disclosures_mediator_id"))
        batch_op.drop_index(batch_op.f("ix_conflict_disclosures_dispute_id"))

    op.drop_table("conflict_disclosures")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_status_due_at")
        batch_op.drop_index(batch_op.f("ix_assignments_mediator_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_dispute_id"))

    op.drop_table("assignments")
    with op.batch_alter_table("studio_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_studio_members_mediator_id"))

    op.drop_table("studio_members")
    with op.batch_alter_table("mediator_relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_relations_mediator_id"))

    op.drop_table("mediator_relations")
