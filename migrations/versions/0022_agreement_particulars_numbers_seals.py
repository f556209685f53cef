"""agreement: the parties' particulars, committees' names and seals, agreement numbers

The agreement (人民调解协议书) states every item of People's Mediation Law art. 29: the
parties' particulars (kind, sex, ethnicity, date of birth or age, occupation, address, legal
representative: new nullable columns of parties; "kind" defaults to person), the facts, the
matters in dispute, the responsibilities and the number of copies (agreements), and how and by
when each term is performed (agreement_performances). Each organisation may carry the name of
its people's mediation committee, its own number abbreviation and its seal; seal_holders says
who may apply it. Agreements are numbered per committee and year from agreement_counters,
unique by (committee, year, serial).

Downgrading drops the new tables and columns; the audit chain still holds every seal applied.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 17:00:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

PARTY_COLUMNS = (
    ("sex", sa.String(length=6)),
    ("ethnicity", sa.String(length=20)),
    ("birth_date", sa.Date()),
    ("age", sa.Integer()),
    ("occupation", sa.String(length=60)),
    ("address", sa.String(length=200)),
    ("legal_representative", sa.String(length=60)),
)


def upgrade():
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), nullable=False, server_default="person")
        )
        for name, type_ in PARTY_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("committee_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("number_abbreviation", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("seal_png", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("seal_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("seal_uploaded_at", UTCDateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "seal_holders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_seal_holders_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_seal_holders_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_seal_holders_granted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_holders")),
        sa.UniqueConstraint("organisation_id", "user_id", name="uq_seal_holders"),
    )
    with op.batch_alter_table("seal_holders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seal_holders_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("disputed_matters", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("responsibilities", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("copies", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("committee_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sealed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sealed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("number_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("number_serial", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_committee_id_organisations"),
            "organisations",
            ["committee_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_sealed_by_id_users"), "users", ["sealed_by_id"], ["id"]
        )
        batch_op.create_unique_constraint(
            "uq_agreements_number", ["committee_id", "number_year", "number_serial"]
        )
    op.create_table(
        "agreement_performances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_performances_agreement_id_agreements"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_agreement_performances_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_performances")),
    )
    with op.batch_alter_table("agreement_performances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_performances_agreement_id"), ["agreement_id"], unique=False
        )
    op.create_table(
        "agreement_counters",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["organisations.id"],
            name=op.f("fk_agreement_counters_committee_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("committee_id", "year", name=op.f("pk_agreement_counters")),
    )


def downgrade():
    op.drop_table("agreement_counters")
    with op.batch_alter_table("agreement_performances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_performances_agreement_id"))
    op.drop_table("agreement_performances")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint("uq_agreements_number", type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_agreements_sealed_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_agreements_committee_id_organisations"), type_="foreignkey"
        )
        for name in (
            "number_serial",
            "number_year",
            "number",
            "sealed_by_id",
            "sealed_at",
            "committee_id",
            "copies",
            "responsibilities",
            "disputed_matters",
            "facts",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("seal_holders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_holders_user_id"))
    op.drop_table("seal_holders")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        for name in (
            "seal_uploaded_at",
            "seal_sha256",
            "seal_png",
            "number_abbreviation",
            "committee_name",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("parties", schema=None) as batch_op:
        for name, _type in reversed(PARTY_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column("kind")
