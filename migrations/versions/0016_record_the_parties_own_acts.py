"""record the parties' own acts

Each consent, refusal, withdrawal, request to stop, choice of publicity or of a mediator, and
recusal request a party makes is a row of its own: who (the party), how sure we are it was
them (the assurance level), and the staff member who entered it for them, if any.

Downgrading drops the table; the audit chain still holds every act as an event.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 13:20:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "party_acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("act", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("assurance", sa.String(length=16), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("acted_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_party_acts_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["users.id"], name=op.f("fk_party_acts_entered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_party_acts_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_acts")),
    )
    with op.batch_alter_table("party_acts", schema=None) as batch_op:
        batch_op.create_index("ix_party_acts_dispute_act", ["dispute_id", "act"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_acts_party_id"), ["party_id"], unique=False)


def downgrade():
    with op.batch_alter_table("party_acts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_acts_party_id"))
        batch_op.drop_index("ix_party_acts_dispute_act")
    op.drop_table("party_acts")
