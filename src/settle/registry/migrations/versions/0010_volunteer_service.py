"""volunteers, activities, service hours, blood donations (issue 12 part 3)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # slot: the tables are added by the work on this part


def downgrade() -> None:
    pass
