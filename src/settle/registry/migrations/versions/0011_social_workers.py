"""the register of social workers (issue 12 part 4)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

NOW = sa.text('(CURRENT_TIMESTAMP)')


def upgrade() -> None:
    op.create_table(
        'social_workers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('certificate_level', sa.String(length=30), nullable=False),
        sa.Column('certificate_number', sa.String(length=40), nullable=False),
        sa.Column('certified_on', sa.Date(), nullable=False),
        sa.Column('employer_kind', sa.String(length=30), nullable=False),
        sa.Column('employer_organization_id', sa.Integer(), nullable=True),
        sa.Column('employer_name', sa.String(length=200), nullable=True),
        sa.Column('registered_on', sa.Date(), nullable=False),
        sa.Column('registered_by', sa.String(length=60), nullable=False),
        sa.Column('state', sa.String(length=20), server_default='registered', nullable=False),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.Column('withdrawn_by', sa.String(length=60), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("certificate_level IN ('associate_social_worker', 'social_worker', "
                           "'senior_social_worker')", name=op.f('ck_social_workers_certificate_level')),
        sa.CheckConstraint("employer_kind IN ('community', 'social_work_agency', 'other')",
                           name=op.f('ck_social_workers_employer_kind')),
        sa.CheckConstraint("state IN ('registered', 'withdrawn')", name=op.f('ck_social_workers_state')),
        sa.CheckConstraint('certified_on <= registered_on', name=op.f('ck_social_workers_dates')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_social_workers_person_id_persons')),
        sa.ForeignKeyConstraint(['employer_organization_id'], ['organizations.id'],
                                name=op.f('fk_social_workers_employer_organization_id_organizations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_social_workers')),
    )
    op.create_index(op.f('ix_social_workers_person_id'), 'social_workers', ['person_id'], unique=False)
    op.create_index(op.f('ix_social_workers_employer_organization_id'), 'social_workers',
                    ['employer_organization_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_social_workers_employer_organization_id'), table_name='social_workers')
    op.drop_index(op.f('ix_social_workers_person_id'), table_name='social_workers')
    op.drop_table('social_workers')
