"""Link outcomes surveys and hand-offs to sessions and agreements

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-28 15:59:21.273756
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401 (autogenerate writes Text() for JSONB columns)

import mediation.core.db  # noqa: F401 (custom column types)

revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index('ix_disputes_station_report', ['township_id', 'filed_at', 'state', 'category', 'mediator_id'], unique=False)

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_agreement_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_handoffs_online_agreement_id_agreements'), 'agreements', ['online_agreement_id'], ['id'])

    # The dashboard reads dispute outcomes only: its indexes are partial, so a period's outcomes
    # are read from the index alone (no heap visit to test session_id).
    dispute_outcomes = sa.text('session_id IS NULL')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_report')
        batch_op.create_index('ix_outcomes_report', ['decided_at', 'result', 'category', 'township_id', 'mediator_id', 'days_to_close'], unique=False, postgresql_where=dispute_outcomes, sqlite_where=dispute_outcomes)
        batch_op.create_index('ix_outcomes_station_report', ['township_id', 'decided_at', 'result', 'category', 'mediator_id', 'days_to_close'], unique=False, postgresql_where=dispute_outcomes, sqlite_where=dispute_outcomes)
        batch_op.create_foreign_key(batch_op.f('fk_outcomes_session_id_mediation_sessions'), 'mediation_sessions', ['session_id'], ['id'])

    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_surveys_dispute_party'), type_='unique')
        batch_op.create_unique_constraint('uq_surveys_dispute_party_session', ['dispute_id', 'party_id', 'session_id'])
        batch_op.create_foreign_key(batch_op.f('fk_surveys_session_id_mediation_sessions'), 'mediation_sessions', ['session_id'], ['id'])



def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_surveys_session_id_mediation_sessions'), type_='foreignkey')
        batch_op.drop_constraint('uq_surveys_dispute_party_session', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_surveys_dispute_party'), ['dispute_id', 'party_id'])

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outcomes_session_id_mediation_sessions'), type_='foreignkey')
        batch_op.drop_index('ix_outcomes_station_report')
        batch_op.drop_index('ix_outcomes_report')
        batch_op.create_index('ix_outcomes_report', ['decided_at', 'result', 'category', 'township_id', 'mediator_id', 'days_to_close'], unique=False)

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_handoffs_online_agreement_id_agreements'), type_='foreignkey')
        batch_op.drop_column('online_agreement_id')

    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index('ix_disputes_station_report')

