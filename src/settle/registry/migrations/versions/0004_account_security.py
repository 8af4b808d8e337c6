"""accounts: disabled, lockout after failed sign-ins; token issue time; sign-in failures by address

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('sign_in_failures',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('address', sa.String(length=64), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failures')))
    op.create_index(op.f('ix_sign_in_failures_address'), 'sign_in_failures', ['address'])
    op.create_index(op.f('ix_sign_in_failures_at'), 'sign_in_failures', ['at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_sign_in_failures_at'), table_name='sign_in_failures')
    op.drop_index(op.f('ix_sign_in_failures_address'), table_name='sign_in_failures')
    op.drop_table('sign_in_failures')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('issued_at')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_sign_ins')
        batch_op.drop_column('disabled')
