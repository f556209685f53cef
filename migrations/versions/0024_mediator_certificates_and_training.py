"""roster: mediators' certificates and training records

Administrators and coordinators keep, for each mediator of their organisations, the
certificates they hold (title, number, issuer, issue date, optional expiry) and the training
they took (course, provider, date, hours with one decimal, note); the profile shows the
training hours per year.

Downgrading drops both tables; the audit chain still says what was recorded.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mediator_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issued_by", sa.String(length=120), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediator_certificates_mediator_id_mediators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_certificates")),
    )
    with op.batch_alter_table("mediator_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediator_certificates_mediator_id"), ["mediator_id"], unique=False
        )
    op.create_table(
        "mediator_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=120), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediator_training_mediator_id_mediators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_training")),
    )
    with op.batch_alter_table("mediator_training", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediator_training_mediator_id"), ["mediator_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mediator_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_training_mediator_id"))
    op.drop_table("mediator_training")
    with op.batch_alter_table("mediator_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_certificates_mediator_id"))
    op.drop_table("mediator_certificates")
