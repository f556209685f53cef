"""let each county keep its own plan targets and subsidy rates

indicator_targets and subsidy_rates gain a nullable organisation_id (a county centre). The rows
already there keep organisation_id NULL and become the deployment's defaults, which apply to
every county without rows of its own. A county's rows are unique per county (a unique
constraint); the defaults, whose NULLs a unique constraint would not compare, are kept unique by
a partial unique index.

Downgrading deletes the counties' own rows and keeps the defaults.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

DEFAULT_ROW = sa.text("organisation_id IS NULL")
# table, its old unique constraint and columns, the columns of one county's row
TABLES = (
    ("indicator_targets", "uq_indicator_targets_indicator", ("indicator",)),
    ("subsidy_rates", "uq_subsidy_rates_case", ("category", "result")),
)
NEW_NAMES = {
    "indicator_targets": ("uq_indicator_targets_county", "uq_indicator_targets_default"),
    "subsidy_rates": ("uq_subsidy_rates_county", "uq_subsidy_rates_default"),
}


def upgrade():
    for table, old_unique, columns in TABLES:
        county_unique, default_index = NEW_NAMES[table]
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                f"fk_{table}_organisation_id_organisations",
                "organisations",
                ["organisation_id"],
                ["id"],
            )
            batch_op.drop_constraint(old_unique, type_="unique")
            batch_op.create_unique_constraint(county_unique, ["organisation_id", *columns])
        op.create_index(
            default_index,
            table,
            list(columns),
            unique=True,
            sqlite_where=DEFAULT_ROW,
            postgresql_where=DEFAULT_ROW,
        )


def downgrade():
    for table, old_unique, columns in TABLES:
        county_unique, default_index = NEW_NAMES[table]
        op.execute(sa.text(f"DELETE FROM {table} WHERE organisation_id IS NOT NULL"))  # noqa: S608
        op.drop_index(default_index, table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(county_unique, type_="unique")
            batch_op.create_unique_constraint(old_unique, list(columns))
            batch_op.drop_constraint(f"fk_{table}_organisation_id_organisations", type_="foreignkey")
            batch_op.drop_column("organisation_id")
