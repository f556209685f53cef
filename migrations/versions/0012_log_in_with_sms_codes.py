"""log in with SMS codes

A table holds each mobile's one live code (hashed) and its send counts; users record when their
mobile was last proved by a code, and a party who only uses codes has no password.

Downgrading gives password-less accounts an unusable password hash (no password matches it),
so they can log in again only after staff set one.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:10:00
"""

import sqlalchemy as sa
from alembic import op

from mediation.core.db import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Not a hash werkzeug can produce or match: check_password_hash refuses it.
UNUSABLE_PASSWORD = "!"

users = sa.table("users", sa.column("password_hash", sa.String(255)))


def upgrade():
    op.create_table(
        "login_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mobile", sa.String(length=11), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("window_started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("sends_in_window", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_codes")),
        sa.UniqueConstraint("mobile", name=op.f("uq_login_codes_mobile")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mobile_verified_at", UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column(
            "password_hash", existing_type=sa.String(length=255), nullable=True
        )


def downgrade():
    op.execute(
        users.update().where(users.c.password_hash.is_(None)).values(password_hash=UNUSABLE_PASSWORD)
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "password_hash", existing_type=sa.String(length=255), nullable=False
        )
        batch_op.drop_column("mobile_verified_at")
    op.drop_table("login_codes")
