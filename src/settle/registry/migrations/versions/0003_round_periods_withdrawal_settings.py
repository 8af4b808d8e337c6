"""disclosure period, withdrawal and exclusion reasons, objection re-verification, settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disclosure_opens', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('disclosure_closes', sa.Date(), nullable=True))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('evidence_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('objection_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_evidence_items_objection_id_objections'), 'objections', ['objection_id'], ['id'])
    op.create_table('settings',
                    sa.Column('key', sa.String(length=60), nullable=False),
                    sa.Column('value', sa.String(length=200), nullable=False),
                    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings')))


def downgrade() -> None:
    op.drop_table('settings')
    with op.batch_alter_table('evidence_items', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_evidence_items_objection_id_objections'), type_='foreignkey')
        batch_op.drop_column('objection_id')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('closed_reason')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('disclosure_closes')
        batch_op.drop_column('disclosure_opens')
