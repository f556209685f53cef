"""add history import batches and the register of what each row wrote

Two new tables: import_batches (one uploaded, validated file: its rows, status, progress and
report) and imported_records (each written row's key, unique per kind and county, with the
record it wrote), the register that makes importing the same file twice write nothing twice.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import mediation.core.db  # noqa: F401 (custom column types)

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("done_rows", sa.Integer(), nullable=False),
        sa.Column("written_rows", sa.Integer(), nullable=False),
        sa.Column("skipped_rows", sa.Integer(), nullable=False),
        sa.Column("rows", mediation.core.db.JSONDocument, nullable=False),
        sa.Column("report", mediation.core.db.JSONDocument, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", mediation.core.db.UTCDateTime(), nullable=False),
        sa.Column("started_at", mediation.core.db.UTCDateTime(), nullable=True),
        sa.Column("finished_at", mediation.core.db.UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_until", mediation.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_batches_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_import_batches_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index("ix_import_batches_status", "import_batches", ["status", "created_at"])
    op.create_index(op.f("ix_import_batches_sha256"), "import_batches", ["sha256"])
    op.create_table(
        "imported_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("county_id", sa.Integer(), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_imported_records_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_records")),
        sa.UniqueConstraint("kind", "county_id", "source_ref", name="uq_imported_records_key"),
    )
    op.create_index(op.f("ix_imported_records_batch_id"), "imported_records", ["batch_id"])


def downgrade():
    op.drop_index(op.f("ix_imported_records_batch_id"), table_name="imported_records")
    op.drop_table("imported_records")
    op.drop_index(op.f("ix_import_batches_sha256"), table_name="import_batches")
    op.drop_index("ix_import_batches_status", table_name="import_batches")
    op.drop_table("import_batches")
