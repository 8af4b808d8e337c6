"""service cases, their events, benefits and payments (issue 15 part 1)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # slot: the tables are added by the work on this part


def downgrade() -> None:
    pass
