"""add case subsidy rates and the day judicial confirmation was granted

One new table, subsidy_rates: the county's subsidy per case (以奖代补) for each category and
outcome. One new nullable column, handoffs.confirmation_granted_on: the day the court
confirmed an agreement, which the statistics report counts beside the applications.

The full-time mediators' target (100, seeded by 0007 without a year) is the plan's for 2025:
the year is filled in where nobody has changed that row. Downgrading leaves it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 17:20:00
"""

import sqlalchemy as sa
from alembic import op

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subsidy_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_subsidy_rates_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_rates")),
        sa.UniqueConstraint("category", "result", name="uq_subsidy_rates_case"),
    )
    with op.batch_alter_table("handoffs") as batch_op:
        batch_op.add_column(sa.Column("confirmation_granted_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE indicator_targets SET target_year = 2025 WHERE indicator = 'full_time_mediators'"
        " AND target = 100 AND target_year IS NULL"
    )


def downgrade():
    with op.batch_alter_table("handoffs") as batch_op:
        batch_op.drop_column("confirmation_granted_on")
    op.drop_table("subsidy_rates")
