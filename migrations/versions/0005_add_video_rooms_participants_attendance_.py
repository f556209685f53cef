"""add video rooms, participants, attendance, chat and recording consent

Revision ID: 0005
Revises: 0007
Create Date: 2026-11-28 15:08:47.143516
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)

import mediation.core.db  # noqa: F401 (custom column types)
from sqlalchemy.dialects import postgresql
revision = '0005'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('video_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('started_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recording', sa.Boolean(), nullable=False),
    sa.Column('created_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_rooms')),
    sa.UniqueConstraint('session_id', name=op.f('uq_video_rooms_session_id'))
    )
    op.create_table('room_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('side', sa.String(length=12), nullable=True),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('link_version', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('place', sa.String(length=24), nullable=True),
    sa.Column('sid', sa.String(length=64), nullable=True),
    sa.Column('connected_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_room_participants_party_id_parties')),
    sa.ForeignKeyConstraint(['room_id'], ['video_rooms.id'], name=op.f('fk_room_participants_room_id_video_rooms')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_room_participants_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_participants'))
    )
    with op.batch_alter_table('room_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_participants_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_participants_room_id'), ['room_id'], unique=False)
        batch_op.create_index('ix_room_participants_sid', ['sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_participants_user_id'), ['user_id'], unique=False)

    op.create_table('video_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=24), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['room_participants.id'], name=op.f('fk_video_attendance_actor_id_room_participants')),
    sa.ForeignKeyConstraint(['participant_id'], ['room_participants.id'], name=op.f('fk_video_attendance_participant_id_room_participants')),
    sa.ForeignKeyConstraint(['room_id'], ['video_rooms.id'], name=op.f('fk_video_attendance_room_id_video_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_attendance'))
    )
    with op.batch_alter_table('video_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_attendance_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_video_attendance_room_id'), ['room_id'], unique=False)

    op.create_table('video_chat_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=24), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('audience', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('sent_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['video_rooms.id'], name=op.f('fk_video_chat_messages_room_id_video_rooms')),
    sa.ForeignKeyConstraint(['sender_id'], ['room_participants.id'], name=op.f('fk_video_chat_messages_sender_id_room_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_chat_messages'))
    )
    with op.batch_alter_table('video_chat_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_chat_messages_room_id'), ['room_id'], unique=False)

    op.create_table('video_recording_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['room_participants.id'], name=op.f('fk_video_recording_consents_participant_id_room_participants')),
    sa.ForeignKeyConstraint(['room_id'], ['video_rooms.id'], name=op.f('fk_video_recording_consents_room_id_video_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_recording_consents'))
    )
    with op.batch_alter_table('video_recording_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_recording_consents_room_id'), ['room_id'], unique=False)



def downgrade():
    with op.batch_alter_table('video_recording_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_video_recording_consents_room_id'))

    op.drop_table('video_recording_consents')
    with op.batch_alter_table('video_chat_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_video_chat_messages_room_id'))

    op.drop_table('video_chat_messages')
    with op.batch_alter_table('video_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_video_attendance_room_id'))
        batch_op.drop_index(batch_op.f('ix_video_attendance_participant_id'))

    op.drop_table('video_attendance')
    with op.batch_alter_table('room_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_participants_user_id'))
        batch_op.drop_index('ix_room_participants_sid')
        batch_op.drop_index(batch_op.f('ix_room_participants_room_id'))
        batch_op.drop_index(batch_op.f('ix_room_participants_party_id'))

    op.drop_table('room_participants')
    op.drop_table('video_rooms')
