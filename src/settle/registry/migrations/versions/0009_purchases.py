"""organizations' services, inspections; purchase projects, bids, contracts (issue 12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # slot: the tables are added by the work on this part


def downgrade() -> None:
    pass
