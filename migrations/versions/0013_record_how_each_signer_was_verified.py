"""record how each signer of an agreement was verified

Each signature keeps its assurance (sms_code online, id_in_person on paper) and, for paper, the
staff member who checked the ID card. Signatures given before this carry "case_link": nothing
more than the case link was checked then.

Downgrading drops both columns; the signatures themselves stay.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "assurance", sa.String(length=20), server_default="case_link", nullable=False
            )
        )
        batch_op.add_column(sa.Column("verified_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_signatures_verified_by_id_users"), "users", ["verified_by_id"], ["id"]
        )
    # New signatures always say how they were checked; the default was only for old rows.
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.alter_column(
            "assurance", existing_type=sa.String(length=20), server_default=None
        )


def downgrade():
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_signatures_verified_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("verified_by_id")
        batch_op.drop_column("assurance")
