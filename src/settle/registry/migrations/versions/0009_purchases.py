"""organizations' services, inspections; purchase projects, bids, contracts (issue 12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NOW = sa.text('(CURRENT_TIMESTAMP)')


def upgrade() -> None:
    op.create_table('purchase_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('directory', sa.String(length=40), nullable=False),
    sa.Column('directory_item', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('purchasing_department', sa.String(length=120), nullable=False),
    sa.Column('budget', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('deliverables', sa.Text(), nullable=False),
    sa.Column('beneficiaries', sa.String(length=200), nullable=False),
    sa.Column('beneficiaries_planned', sa.Integer(), nullable=False),
    sa.Column('procurement_method', sa.String(length=20), nullable=False),
    sa.Column('scoring', sa.JSON(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('bid_deadline', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('awarded_bid_id', sa.Integer(), nullable=True),
    sa.Column('award_reasons', sa.Text(), nullable=True),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.Column('published_by', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint("currency IN ('CNY', 'USD')", name=op.f('ck_purchase_projects_currency')),
    sa.CheckConstraint("procurement_method IN ('public_bidding', 'other')", name=op.f('ck_purchase_projects_procurement_method')),
    sa.CheckConstraint("state IN ('published', 'opened', 'awarded', 'evaluated', 'cancelled')", name=op.f('ck_purchase_projects_state')),
    sa.CheckConstraint('budget > 0', name=op.f('ck_purchase_projects_budget')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_purchase_projects_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_projects'))
    )
    op.create_table('organization_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=20), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('materials_complete_on', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('window', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint('visits >= 0', name=op.f('ck_organization_approvals_visits')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_approvals_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_approvals')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_organization_approvals_organization_id'))
    )
    op.create_table('organization_inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=30), nullable=False),
    sa.Column('rating', sa.String(length=2), nullable=True),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint("rating IS NULL OR rating IN ('1A', '2A', '3A', '4A', '5A')", name=op.f('ck_organization_inspections_rating')),
    sa.CheckConstraint("result IN ('qualified', 'basically_qualified', 'unqualified')", name=op.f('ck_organization_inspections_result')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_inspections_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_inspections')),
    sa.UniqueConstraint('organization_id', 'year', name='organization_inspections_one_per_year')
    )
    op.create_index(op.f('ix_organization_inspections_organization_id'), 'organization_inspections', ['organization_id'], unique=False)
    op.create_table('organization_qualifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issued_by', sa.String(length=120), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_qualifications_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_qualifications'))
    )
    op.create_index(op.f('ix_organization_qualifications_organization_id'), 'organization_qualifications', ['organization_id'], unique=False)
    op.create_table('organization_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('directory_item', sa.String(length=20), nullable=True),
    sa.Column('beneficiaries', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_services_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_services')),
    sa.UniqueConstraint('organization_id', 'name', name='organization_services_one_per_name')
    )
    op.create_index(op.f('ix_organization_services_organization_id'), 'organization_services', ['organization_id'], unique=False)
    op.create_table('purchase_bids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submitted_by', sa.String(length=60), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('price', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('proposal', sa.Text(), nullable=True),
    sa.Column('total_score', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_purchase_bids_organization_id_organizations')),
    sa.ForeignKeyConstraint(['project_id'], ['purchase_projects.id'], name=op.f('fk_purchase_bids_project_id_purchase_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_bids')),
    sa.UniqueConstraint('project_id', 'organization_id', name='purchase_bids_one_per_organization')
    )
    op.create_index(op.f('ix_purchase_bids_organization_id'), 'purchase_bids', ['organization_id'], unique=False)
    op.create_index(op.f('ix_purchase_bids_project_id'), 'purchase_bids', ['project_id'], unique=False)
    op.create_table('purchase_catalogue_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('edition', sa.String(length=40), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_purchase_catalogue_entries_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_catalogue_entries')),
    sa.UniqueConstraint('organization_id', 'edition', name='purchase_catalogue_one_per_edition')
    )
    op.create_index(op.f('ix_purchase_catalogue_entries_organization_id'), 'purchase_catalogue_entries', ['organization_id'], unique=False)
    op.create_table('purchase_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('evaluation_score', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('evaluation_grade', sa.String(length=20), nullable=True),
    sa.Column('evaluation_text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_purchase_contracts_organization_id_organizations')),
    sa.ForeignKeyConstraint(['project_id'], ['purchase_projects.id'], name=op.f('fk_purchase_contracts_project_id_purchase_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_contracts')),
    sa.UniqueConstraint('project_id', name=op.f('uq_purchase_contracts_project_id'))
    )
    op.create_index(op.f('ix_purchase_contracts_organization_id'), 'purchase_contracts', ['organization_id'], unique=False)
    op.create_table('purchase_project_keys',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.LargeBinary(length=32), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['purchase_projects.id'], name=op.f('fk_purchase_project_keys_project_id_purchase_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_purchase_project_keys'))
    )
    op.create_table('contract_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['purchase_contracts.id'], name=op.f('fk_contract_milestones_contract_id_purchase_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_milestones'))
    )
    op.create_index(op.f('ix_contract_milestones_contract_id'), 'contract_milestones', ['contract_id'], unique=False)
    op.create_table('contract_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submitted_by', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('beneficiaries_served', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint('beneficiaries_served >= 0', name=op.f('ck_contract_reports_beneficiaries_served')),
    sa.ForeignKeyConstraint(['contract_id'], ['purchase_contracts.id'], name=op.f('fk_contract_reports_contract_id_purchase_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_reports'))
    )
    op.create_index(op.f('ix_contract_reports_contract_id'), 'contract_reports', ['contract_id'], unique=False)
    op.create_table('purchase_bid_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('scored_by', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint('score >= 0 AND score <= 100', name=op.f('ck_purchase_bid_scores_score')),
    sa.ForeignKeyConstraint(['bid_id'], ['purchase_bids.id'], name=op.f('fk_purchase_bid_scores_bid_id_purchase_bids'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_bid_scores')),
    sa.UniqueConstraint('bid_id', 'criterion', name='purchase_bid_scores_one_per_criterion')
    )
    op.create_index(op.f('ix_purchase_bid_scores_bid_id'), 'purchase_bid_scores', ['bid_id'], unique=False)
    op.create_table('contract_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_contract_payments_amount')),
    sa.ForeignKeyConstraint(['contract_id'], ['purchase_contracts.id'], name=op.f('fk_contract_payments_contract_id_purchase_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['contract_milestones.id'], name=op.f('fk_contract_payments_milestone_id_contract_milestones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_payments'))
    )
    op.create_index(op.f('ix_contract_payments_contract_id'), 'contract_payments', ['contract_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_contract_payments_contract_id'), table_name='contract_payments')
    op.drop_table('contract_payments')
    op.drop_index(op.f('ix_purchase_bid_scores_bid_id'), table_name='purchase_bid_scores')
    op.drop_table('purchase_bid_scores')
    op.drop_index(op.f('ix_contract_reports_contract_id'), table_name='contract_reports')
    op.drop_table('contract_reports')
    op.drop_index(op.f('ix_contract_milestones_contract_id'), table_name='contract_milestones')
    op.drop_table('contract_milestones')
    op.drop_table('purchase_project_keys')
    op.drop_index(op.f('ix_purchase_contracts_organization_id'), table_name='purchase_contracts')
    op.drop_table('purchase_contracts')
    op.drop_index(op.f('ix_purchase_catalogue_entries_organization_id'), table_name='purchase_catalogue_entries')
    op.drop_table('purchase_catalogue_entries')
    op.drop_index(op.f('ix_purchase_bids_project_id'), table_name='purchase_bids')
    op.drop_index(op.f('ix_purchase_bids_organization_id'), table_name='purchase_bids')
    op.drop_table('purchase_bids')
    op.drop_index(op.f('ix_organization_services_organization_id'), table_name='organization_services')
    op.drop_table('organization_services')
    op.drop_index(op.f('ix_organization_qualifications_organization_id'), table_name='organization_qualifications')
    op.drop_table('organization_qualifications')
    op.drop_index(op.f('ix_organization_inspections_organization_id'), table_name='organization_inspections')
    op.drop_table('organization_inspections')
    op.drop_table('organization_approvals')
    op.drop_table('purchase_projects')
