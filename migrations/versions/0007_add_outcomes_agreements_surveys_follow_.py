"""add outcomes, agreements, surveys, follow-ups and report logs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 15:09:45.710428
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)

import mediation.core.db  # noqa: F401 (custom column types)

revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None

# indicator, 2020 baseline, target, target year
SEEDED_TARGETS = (
    ('accepted', 1880, None, None),
    ('settled', 1861, None, None),
    ('settlement_rate', 99.0, None, None),
    ('screening_runs', 4086, None, None),
    ('disputes_found', 1172, None, None),
    ('disputes_prevented', 797, None, None),
    ('full_time_mediators', 50, 100, None),
)


def upgrade():
    targets = op.create_table('indicator_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('baseline_year', sa.Integer(), nullable=True),
    sa.Column('target', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=True),
    sa.Column('updated_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_targets')),
    sa.UniqueConstraint('indicator', name=op.f('uq_indicator_targets_indicator'))
    )
    op.create_table('screening_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('disputes_found', sa.Integer(), nullable=False),
    sa.Column('disputes_prevented', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_screening_logs_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['township_id'], ['organisations.id'], name=op.f('fk_screening_logs_township_id_organisations')),
    sa.ForeignKeyConstraint(['village_id'], ['organisations.id'], name=op.f('fk_screening_logs_village_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_logs'))
    )
    with op.batch_alter_table('screening_logs', schema=None) as batch_op:
        batch_op.create_index('ix_screening_logs_held_on', ['held_on', 'township_id'], unique=False)

    op.create_table('hotline_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_hotline_calls_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_hotline_calls_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['township_id'], ['organisations.id'], name=op.f('fk_hotline_calls_township_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_calls'))
    )
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.create_index('ix_hotline_calls_received_at', ['received_at', 'answered'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('terms', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('days_to_close', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_outcomes_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediators.id'], name=op.f('fk_outcomes_mediator_id_mediators')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_outcomes_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outcomes_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['township_id'], ['organisations.id'], name=op.f('fk_outcomes_township_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes'))
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcomes_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index('ix_outcomes_report', ['decided_at', 'result', 'category', 'township_id', 'mediator_id', 'days_to_close'], unique=False)

    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('document_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('effective_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_agreements_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_agreements_outcome_id_outcomes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('dispute_id', name=op.f('uq_agreements_dispute_id'))
    )
    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_surveys_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediators.id'], name=op.f('fk_surveys_mediator_id_mediators')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_surveys_party_id_parties')),
    sa.ForeignKeyConstraint(['township_id'], ['organisations.id'], name=op.f('fk_surveys_township_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('dispute_id', 'party_id', name='uq_surveys_dispute_party')
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_answered_at'), ['answered_at'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('days_after', sa.Integer(), nullable=False),
    sa.Column('due_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_follow_ups_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_follow_ups_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediators.id'], name=op.f('fk_follow_ups_mediator_id_mediators')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_follow_ups_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_due_at'), ['due_at'], unique=False)

    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('signer', sa.String(length=32), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('document_hash', sa.String(length=64), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('signed_at', mediation.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('voided_at', mediation.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_signatures_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_signatures_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediators.id'], name=op.f('fk_signatures_mediator_id_mediators')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_signatures_party_id_parties')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_signatures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_agreement_signer', ['agreement_id', 'signer'], unique=False)

    # Lets the dashboard read a year of disputes from the index alone.
    op.create_index('ix_disputes_report', 'disputes', ['filed_at', 'state', 'category', 'township_id', 'mediator_id'], unique=False)
    # The planning document's 2020 figures and the full-time mediators' target.
    op.bulk_insert(targets, [
        {'indicator': indicator, 'baseline': baseline, 'baseline_year': 2020,
         'target': target, 'target_year': target_year, 'updated_at': datetime.now(UTC)}
        for indicator, baseline, target, target_year in SEEDED_TARGETS
    ])



def downgrade():
    op.drop_index('ix_disputes_report', table_name='disputes')

    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_agreement_signer')

    op.drop_table('signatures')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_due_at'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_dispute_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_agreement_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_answered_at'))

    op.drop_table('surveys')
    op.drop_table('agreements')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_report')
        batch_op.drop_index(batch_op.f('ix_outcomes_dispute_id'))

    op.drop_table('outcomes')
    with op.batch_alter_table('hotline_calls', schema=None) as batch_op:
        batch_op.drop_index('ix_hotline_calls_received_at')

    op.drop_table('hotline_calls')
    with op.batch_alter_table('screening_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_screening_logs_held_on')

    op.drop_table('screening_logs')
    op.drop_table('indicator_targets')
