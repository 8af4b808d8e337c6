"""sharing agreements' disclosures and change feed (issue 15 part 2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # slot: the tables are added by the work on this part


def downgrade() -> None:
    pass
