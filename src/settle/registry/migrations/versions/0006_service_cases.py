"""service cases, their events, benefits and payments (issue 15 part 1)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

NOW = sa.text('(CURRENT_TIMESTAMP)')


def upgrade() -> None:
    op.create_table(
        'service_stocks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pack_id', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('district', sa.String(length=50), nullable=True),
        sa.Column('period', sa.String(length=20), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), server_default='open', nullable=False),
        sa.Column('allocated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cutoff', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint('capacity >= 0', name=op.f('ck_service_stocks_capacity')),
        sa.CheckConstraint("state IN ('open', 'allocated')", name=op.f('ck_service_stocks_state')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_stocks')),
        sa.UniqueConstraint('pack_id', 'name', 'period', name='pack_name_period'),
    )
    op.create_index(op.f('ix_service_stocks_pack_id'), 'service_stocks', ['pack_id'], unique=False)
    op.create_table(
        'service_cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('pack_id', sa.String(length=60), nullable=False),
        sa.Column('department', sa.String(length=50), nullable=False),
        sa.Column('district', sa.String(length=50), nullable=True),
        sa.Column('channel', sa.String(length=10), server_default='self', nullable=False),
        sa.Column('lodged_by', sa.String(length=60), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('declared', sa.JSON(), nullable=False),
        sa.Column('facts', sa.JSON(), nullable=False),
        sa.Column('fact_sources', sa.JSON(), nullable=False),
        sa.Column('eligible', sa.Boolean(), nullable=True),
        sa.Column('failed_conditions', sa.JSON(), nullable=False),
        sa.Column('explanation', sa.JSON(), nullable=False),
        sa.Column('evidence_requested', sa.Text(), nullable=True),
        sa.Column('decision_reason', sa.Text(), nullable=True),
        sa.Column('decided_by', sa.String(length=60), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_reason', sa.Text(), nullable=True),
        sa.Column('stock_id', sa.Integer(), nullable=True),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('renews_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("channel IN ('self', 'window')", name=op.f('ck_service_cases_channel')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_service_cases_person_id_persons')),
        sa.ForeignKeyConstraint(['renews_id'], ['service_cases.id'],
                                name=op.f('fk_service_cases_renews_id_service_cases')),
        sa.ForeignKeyConstraint(['stock_id'], ['service_stocks.id'],
                                name=op.f('fk_service_cases_stock_id_service_stocks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_cases')),
    )
    for column in ('person_id', 'pack_id', 'department', 'district', 'state', 'stock_id'):
        op.create_index(op.f(f'ix_service_cases_{column}'), 'service_cases', [column], unique=False)
    op.create_table(
        'service_case_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=60), nullable=False),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('from_state', sa.String(length=20), nullable=False),
        sa.Column('to_state', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['service_cases.id'],
                                name=op.f('fk_service_case_events_case_id_service_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_case_events')),
    )
    op.create_index(op.f('ix_service_case_events_case_id'), 'service_case_events', ['case_id'], unique=False)
    op.create_table(
        'service_benefits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('item', sa.String(length=60), nullable=True),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('period_from', sa.Date(), nullable=True),
        sa.Column('period_until', sa.Date(), nullable=True),
        sa.Column('stock_id', sa.Integer(), nullable=True),
        sa.Column('allocated', sa.String(length=200), nullable=True),
        sa.Column('granted_by', sa.String(length=60), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("kind IN ('money', 'place', 'service')", name=op.f('ck_service_benefits_kind')),
        sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_service_benefits_amount')),
        sa.CheckConstraint('period_until IS NULL OR period_from IS NULL OR period_until >= period_from',
                           name=op.f('ck_service_benefits_period')),
        sa.ForeignKeyConstraint(['case_id'], ['service_cases.id'],
                                name=op.f('fk_service_benefits_case_id_service_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['stock_id'], ['service_stocks.id'],
                                name=op.f('fk_service_benefits_stock_id_service_stocks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_benefits')),
    )
    op.create_index(op.f('ix_service_benefits_case_id'), 'service_benefits', ['case_id'], unique=False)
    op.create_index(op.f('ix_service_benefits_stock_id'), 'service_benefits', ['stock_id'], unique=False)
    op.create_table(
        'service_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('benefit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('delivered_on', sa.Date(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('reference', sa.String(length=100), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('recorded_by', sa.String(length=60), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("kind IN ('payment', 'delivery')", name=op.f('ck_service_deliveries_kind')),
        sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_service_deliveries_amount')),
        sa.ForeignKeyConstraint(['benefit_id'], ['service_benefits.id'],
                                name=op.f('fk_service_deliveries_benefit_id_service_benefits'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['case_id'], ['service_cases.id'],
                                name=op.f('fk_service_deliveries_case_id_service_cases'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_deliveries')),
    )
    op.create_index(op.f('ix_service_deliveries_case_id'), 'service_deliveries', ['case_id'], unique=False)
    op.create_index(op.f('ix_service_deliveries_benefit_id'), 'service_deliveries', ['benefit_id'],
                    unique=False)
    op.create_index(op.f('ix_service_deliveries_delivered_on'), 'service_deliveries', ['delivered_on'],
                    unique=False)


def downgrade() -> None:
    op.drop_table('service_deliveries')
    op.drop_table('service_benefits')
    op.drop_table('service_case_events')
    op.drop_table('service_cases')
    op.drop_table('service_stocks')
