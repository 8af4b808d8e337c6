"""uploaded documents and notices to applicants (issue 15 part 5)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # slot: the tables are added by the work on this part


def downgrade() -> None:
    pass
