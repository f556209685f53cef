"""roll over deadlines, and complaints about mediators

A deadline rule says whether a last day falling on a weekend or public holiday moves to the
next working day (rolls_over); a hand-off keeps the flag it was signed for under
(rule_rolls_over), like its days. Rows already there keep the old behaviour (false); the
built-in court rules roll over from now on, for clocks started after this revision.

Complaints about a mediator (People's Mediation Law art. 15) are rows of their own: the
mediator, the case, the party who lodged it and how they were identified (or the staff member
who entered it), the grounds, and the county's decision.

Downgrading drops the complaints and both columns.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 17:00:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("deadline_rules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rolls_over", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rule_rolls_over", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "mediator_complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("grounds", sa.String(length=20), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("assurance", sa.String(length=16), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("lodged_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediator_complaints_mediator_id_mediators"),
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["disputes.id"],
            name=op.f("fk_mediator_complaints_dispute_id_disputes"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_mediator_complaints_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_mediator_complaints_entered_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_mediator_complaints_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_complaints")),
    )
    with op.batch_alter_table("mediator_complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediator_complaints_mediator_id"), ["mediator_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mediator_complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_complaints_mediator_id"))
    op.drop_table("mediator_complaints")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_column("rule_rolls_over")
    with op.batch_alter_table("deadline_rules", schema=None) as batch_op:
        batch_op.drop_column("rolls_over")
