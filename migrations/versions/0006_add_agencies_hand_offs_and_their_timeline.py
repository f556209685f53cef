"""add agencies, hand-offs and their timeline

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-28 15:08:06.728648
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)

from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql

import mediation.core.db  # noqa: F401 (custom column types)

revision = '0006'
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('webhook_secret', sa.String(length=128), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['agencies.id'], name=op.f('fk_agencies_parent_id_agencies')),
    sa.ForeignKeyConstraint(['township_id'], ['organisations.id'], name=op.f('fk_agencies_township_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_kind'), ['kind'], unique=False)

    op.create_table('agency_api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_api_keys_agency_id_agencies')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agency_api_keys_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_api_keys')),
    sa.UniqueConstraint('prefix', name=op.f('uq_agency_api_keys_prefix'))
    )
    with op.batch_alter_table('agency_api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_api_keys_agency_id'), ['agency_id'], unique=False)

    op.create_table('agency_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_members_agency_id_agencies')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agency_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_members')),
    sa.UniqueConstraint('user_id', name=op.f('uq_agency_members_user_id'))
    )
    with op.batch_alter_table('agency_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_members_agency_id'), ['agency_id'], unique=False)

    op.create_table('deadline_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('referral_type', sa.String(length=32), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('working_days', sa.Boolean(), nullable=False),
    sa.Column('updated_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_deadline_rules_agency_id_agencies')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_deadline_rules_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_rules')),
    sa.UniqueConstraint('agency_id', 'referral_type', name=op.f('uq_deadline_rules_agency_id'))
    )
    op.create_table('handoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('referral_type', sa.String(length=32), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('signed_for_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('signed_for_on', sa.Date(), nullable=True),
    sa.Column('rule_days', sa.Integer(), nullable=True),
    sa.Column('rule_working_days', sa.Boolean(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('overdue_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('result_text', sa.Text(), nullable=True),
    sa.Column('result_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agreement_id', sa.Integer(), nullable=True),
    sa.Column('agreement_effective_on', sa.Date(), nullable=True),
    sa.Column('confirmation_due_on', sa.Date(), nullable=True),
    sa.Column('confirmation_applied_on', sa.Date(), nullable=True),
    sa.Column('acknowledged_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_handoffs_agency_id_agencies')),
    sa.ForeignKeyConstraint(['agreement_id'], ['attachments.id'], name=op.f('fk_handoffs_agreement_id_attachments')),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_handoffs_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_handoffs_sent_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs')),
    sa.UniqueConstraint('agency_id', 'reference', name=op.f('uq_handoffs_agency_id'))
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index('ix_handoffs_agency_status', ['agency_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoffs_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoffs_due_on'), ['due_on'], unique=False)

    op.create_table('handoff_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('occurred_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_handoff_events_actor_id_users')),
    sa.ForeignKeyConstraint(['corrects_id'], ['handoff_events.id'], name=op.f('fk_handoff_events_corrects_id_handoff_events')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_handoff_events_handoff_id_handoffs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_events'))
    )
    with op.batch_alter_table('handoff_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_events_handoff_id'), ['handoff_id'], unique=False)

    op.create_table('webhook_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('acknowledged_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_webhook_deliveries_agency_id_agencies')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_webhook_deliveries_handoff_id_handoffs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_agency', ['agency_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_handoff_id'), ['handoff_id'], unique=False)

    # County-wide defaults, data an administrator can change: court terms are the statutory
    # ones; police, petition and procuratorate terms are local rules.
    rules = sa.table(
        'deadline_rules',
        sa.column('referral_type', sa.String),
        sa.column('days', sa.Integer),
        sa.column('working_days', sa.Boolean),
        sa.column('updated_at', mediation.core.db.UTCDateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(rules, [
        {'referral_type': kind, 'days': days, 'working_days': False, 'updated_at': now}
        for kind, days in (
            ('court_delegated', 30),
            ('court_entrusted_ordinary', 15),
            ('court_entrusted_simple', 7),
            ('police', 15),
            ('petition', 30),
            ('procuratorate', 30),
        )
    ])



def downgrade():
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_handoff_id'))
        batch_op.drop_index('ix_webhook_deliveries_agency')

    op.drop_table('webhook_deliveries')
    with op.batch_alter_table('handoff_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_events_handoff_id'))

    op.drop_table('handoff_events')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoffs_due_on'))
        batch_op.drop_index(batch_op.f('ix_handoffs_dispute_id'))
        batch_op.drop_index('ix_handoffs_agency_status')

    op.drop_table('handoffs')
    op.drop_table('deadline_rules')
    with op.batch_alter_table('agency_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_members_agency_id'))

    op.drop_table('agency_members')
    with op.batch_alter_table('agency_api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_api_keys_agency_id'))

    op.drop_table('agency_api_keys')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencies_kind'))

    op.drop_table('agencies')
