"""人企关联 managed from both sides (issue 18, R-RE-4..7, R-HA-2): who made the request a
relation stands on and when it was bound; notices that name an enterprise, a role and the
other person.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise_relations") as batch:
        batch.add_column(sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("requested_by_person_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("staff_no", sa.String(20), nullable=True))
        batch.add_column(sa.Column("bound_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("person_notices") as batch:
        batch.add_column(sa.Column("enterprise", sa.String(200), nullable=True))
        batch.add_column(sa.Column("role", sa.String(30), nullable=True))
        batch.add_column(sa.Column("subject", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_notices") as batch:
        batch.drop_column("subject")
        batch.drop_column("role")
        batch.drop_column("enterprise")
    with op.batch_alter_table("enterprise_relations") as batch:
        batch.drop_column("bound_at")
        batch.drop_column("staff_no")
        batch.drop_column("requested_by_person_id")
        batch.drop_column("requested_at")
