"""holiday notices added by an admin

The State Council's notices up to this release ship as data (mediation.core.holiday_notices);
a year published later is added on the calendar page: one holiday_notices row per year, with its
days as holidays rows that name it (notice_year). Days set one at a time from the command line
name no notice.

Downgrading drops the notices and the column; the days stay, as single corrections.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 17:40:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "holiday_notices",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_holiday_notices_added_by_id_users")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_notices")),
    )
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_year", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_holidays_notice_year_holiday_notices"),
            "holiday_notices",
            ["notice_year"],
            ["year"],
        )


def downgrade():
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_holidays_notice_year_holiday_notices"), type_="foreignkey"
        )
        batch_op.drop_column("notice_year")
    op.drop_table("holiday_notices")
