"""give each video seat a link nonce

Every join link carries its seat's nonce; withdrawing a seat's links draws a new one, so a
withdrawn link never works again (the version number alone repeats after a restore from a
backup). Seats that exist get a nonce here; links issued before this revision carry none and
stop working: reminders and the attendance page hand out new ones.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:20:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

seats = sa.table(
    "room_participants",
    sa.column("id", sa.Integer),
    sa.column("link_nonce", sa.String(24)),
)


def upgrade():
    with op.batch_alter_table("room_participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_nonce", sa.String(length=24), nullable=True))
    connection = op.get_bind()
    for (seat_id,) in connection.execute(sa.select(seats.c.id)).all():
        connection.execute(
            seats.update()
            .where(seats.c.id == seat_id)
            .values(link_nonce=secrets.token_urlsafe(12))
        )
    with op.batch_alter_table("room_participants", schema=None) as batch_op:
        batch_op.alter_column("link_nonce", existing_type=sa.String(length=24), nullable=False)


def downgrade():
    with op.batch_alter_table("room_participants", schema=None) as batch_op:
        batch_op.drop_column("link_nonce")
