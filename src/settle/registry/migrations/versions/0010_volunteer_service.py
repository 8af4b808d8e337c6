"""volunteers, activities, service hours, blood donations (issue 12 part 3)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

NOW = sa.text('(CURRENT_TIMESTAMP)')


def upgrade() -> None:
    op.create_table(
        'volunteers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=30), nullable=False),
        sa.Column('registered_on', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=20), server_default='registered', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("state IN ('registered', 'withdrawn')", name=op.f('ck_volunteers_state')),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_volunteers_organization_id_organizations')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_volunteers_person_id_persons')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers')),
        sa.UniqueConstraint('number', name=op.f('uq_volunteers_number')),
        sa.UniqueConstraint('organization_id', 'person_id', name='organization_person'),
    )
    op.create_index(op.f('ix_volunteers_organization_id'), 'volunteers', ['organization_id'], unique=False)
    op.create_index(op.f('ix_volunteers_person_id'), 'volunteers', ['person_id'], unique=False)
    op.create_table(
        'volunteer_activities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("category IN ('academic_counseling', 'family_companion', 'city_touring', "
                           "'self_protection_education', 'other')",
                           name=op.f('ck_volunteer_activities_category')),
        sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_volunteer_activities_dates')),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_volunteer_activities_organization_id_organizations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_activities')),
    )
    op.create_index(op.f('ix_volunteer_activities_organization_id'), 'volunteer_activities',
                    ['organization_id'], unique=False)
    op.create_table(
        'volunteer_hours',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=False),
        sa.Column('served_on', sa.Date(), nullable=False),
        sa.Column('hours', sa.Numeric(precision=8, scale=1), nullable=False),
        sa.Column('state', sa.String(length=20), server_default='recorded', nullable=False),
        sa.Column('recorded_by', sa.String(length=60), nullable=False),
        sa.Column('confirmed_by', sa.String(length=60), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('department', sa.String(length=50), nullable=False),
        sa.Column('verified_by', sa.String(length=60), nullable=True),
        sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("state IN ('recorded', 'confirmed', 'verified', 'rejected')",
                           name=op.f('ck_volunteer_hours_state')),
        sa.CheckConstraint('hours > 0 AND hours <= 24', name=op.f('ck_volunteer_hours_hours')),
        sa.ForeignKeyConstraint(['activity_id'], ['volunteer_activities.id'],
                                name=op.f('fk_volunteer_hours_activity_id_volunteer_activities')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_volunteer_hours_volunteer_id_volunteers')),
        sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='SET NULL',
                                name=op.f('fk_volunteer_hours_record_id_records')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_hours')),
        sa.UniqueConstraint('activity_id', 'volunteer_id', 'served_on', name='activity_volunteer_day'),
    )
    for column in ('activity_id', 'volunteer_id', 'record_id'):
        op.create_index(op.f(f'ix_volunteer_hours_{column}'), 'volunteer_hours', [column], unique=False)
    op.create_table(
        'blood_donations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('donated_on', sa.Date(), nullable=False),
        sa.Column('volume_ml', sa.Integer(), nullable=False),
        sa.Column('city', sa.String(length=40), nullable=False),
        sa.Column('department', sa.String(length=50), nullable=False),
        sa.Column('recorded_by', sa.String(length=60), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint('volume_ml > 0', name=op.f('ck_blood_donations_volume_ml')),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_blood_donations_person_id_persons')),
        sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='SET NULL',
                                name=op.f('fk_blood_donations_record_id_records')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_blood_donations')),
    )
    op.create_index(op.f('ix_blood_donations_person_id'), 'blood_donations', ['person_id'], unique=False)
    op.create_index(op.f('ix_blood_donations_record_id'), 'blood_donations', ['record_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_blood_donations_record_id'), table_name='blood_donations')
    op.drop_index(op.f('ix_blood_donations_person_id'), table_name='blood_donations')
    op.drop_table('blood_donations')
    for column in ('record_id', 'volunteer_id', 'activity_id'):
        op.drop_index(op.f(f'ix_volunteer_hours_{column}'), table_name='volunteer_hours')
    op.drop_table('volunteer_hours')
    op.drop_index(op.f('ix_volunteer_activities_organization_id'), table_name='volunteer_activities')
    op.drop_table('volunteer_activities')
    op.drop_index(op.f('ix_volunteers_person_id'), table_name='volunteers')
    op.drop_index(op.f('ix_volunteers_organization_id'), table_name='volunteers')
    op.drop_table('volunteers')
