"""index the disputes by their latest change

The dashboard keeps its aggregates while the rows under them stand (mediation/reports/kept.py)
and reads the latest `updated_at` of the disputes on every view: an index makes that one step.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-12 10:00:00
"""

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_disputes_updated_at", "disputes", ["updated_at"])


def downgrade():
    op.drop_index("ix_disputes_updated_at", table_name="disputes")
