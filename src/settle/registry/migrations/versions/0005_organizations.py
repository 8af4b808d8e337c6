"""organizations (social organizations, volunteer service organizations); the role
`organization` and the account's organization

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

ROLES_BEFORE = ("'applicant', 'window_clerk', 'department_verifier', 'bureau_officer', 'analyst', "
                "'administrator'")
ROLES_AFTER = ROLES_BEFORE + ", 'organization'"


def upgrade() -> None:
    op.create_table(
        'organizations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('registering_authority', sa.String(length=30), nullable=False),
        sa.Column('registered_on', sa.Date(), nullable=False),
        sa.Column('city', sa.String(length=40), nullable=False),
        sa.Column('credit_code', sa.String(length=18), nullable=True),
        sa.Column('approval_route', sa.String(length=20), server_default='ordinary', nullable=False),
        sa.Column('state', sa.String(length=20), server_default='registered', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.CheckConstraint("kind IN ('association', 'social_service_agency', 'foundation', "
                           "'volunteer_organization', 'welfare_association')", name=op.f('ck_organizations_kind')),
        sa.CheckConstraint("registering_authority IN ('civil_affairs_bureau', 'youth_league')",
                           name=op.f('ck_organizations_registering_authority')),
        sa.CheckConstraint("approval_route IN ('one_window', 'ordinary')",
                           name=op.f('ck_organizations_approval_route')),
        sa.CheckConstraint("state IN ('registered', 'suspended', 'deregistered')",
                           name=op.f('ck_organizations_state')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
        sa.UniqueConstraint('name', name=op.f('uq_organizations_name')),
        sa.UniqueConstraint('credit_code', name=op.f('uq_organizations_credit_code')),
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organization_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_accounts_organization_id_organizations'), 'organizations',
                                    ['organization_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_accounts_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_accounts_role'), f"role IN ({ROLES_AFTER})")


def downgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_accounts_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_accounts_role'), f"role IN ({ROLES_BEFORE})")
        batch_op.drop_constraint(op.f('fk_accounts_organization_id_organizations'), type_='foreignkey')
        batch_op.drop_column('organization_id')
    op.drop_table('organizations')
