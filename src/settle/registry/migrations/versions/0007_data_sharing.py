"""sharing agreements' disclosures and change feed (issue 15 part 2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'disclosures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=60), nullable=False),
        sa.Column('department', sa.String(length=50), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('agreement', sa.String(length=80), nullable=True),
        sa.Column('purpose', sa.String(length=80), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('outcome', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.String(length=30), nullable=True),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('audit_seq', sa.Integer(), nullable=False),
        sa.CheckConstraint("outcome IN ('disclosed', 'refused')", name=op.f('ck_disclosures_outcome')),
        sa.CheckConstraint("channel IN ('api', 'page', 'feed')", name=op.f('ck_disclosures_channel')),
        sa.CheckConstraint("reason IS NULL OR reason IN ('no_agreement', 'purpose_not_agreed', 'expired', "
                           "'not_yet_valid', 'field_not_granted')", name=op.f('ck_disclosures_reason')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_disclosures_person_id_persons')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures')),
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_person_id'), ['person_id'], unique=False)
    op.create_table(
        'registry_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('registration', 'move', 'permit_issued')",
                           name=op.f('ck_registry_changes_kind')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'], ondelete='CASCADE',
                                name=op.f('fk_registry_changes_person_id_persons')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_changes')),
    )
    with op.batch_alter_table('registry_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_changes_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('registry_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_changes_person_id'))
    op.drop_table('registry_changes')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosures_person_id'))
        batch_op.drop_index(batch_op.f('ix_disclosures_department'))
        batch_op.drop_index(batch_op.f('ix_disclosures_at'))
    op.drop_table('disclosures')
