"""A notice can name a released username (issue 13: a registered document number wins
over a username equal to it, R-LG-1).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("person_notices", sa.Column("username", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_notices") as batch:
        batch.drop_column("username")
