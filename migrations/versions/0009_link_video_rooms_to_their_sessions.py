"""link video rooms to their sessions

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 16:10:06.936484
"""

from alembic import op

revision = '0009'
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('video_rooms', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_video_rooms_session_id_mediation_sessions'),
            'mediation_sessions',
            ['session_id'],
            ['id'],
        )


def downgrade():
    with op.batch_alter_table('video_rooms', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_video_rooms_session_id_mediation_sessions'), type_='foreignkey'
        )
