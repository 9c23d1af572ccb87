"""Hall records carry their staff member's proof (issue 14, R-HA-1): staff record keys;
a record's status (active, held for a second staff member's review, rejected) and the
service's own reference order.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        _ts("issued_at"),
        _ts("expires_at"),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name="fk_staff_keys_staff_id_staff_members"
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name="fk_staff_keys_terminal_id_terminals"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_staff_keys"),
    )
    op.create_index("ix_staff_keys_staff_id", "staff_keys", ["staff_id"])
    with op.batch_alter_table("hall_collections") as batch:
        batch.add_column(
            sa.Column("status", sa.String(10), nullable=False, server_default="active")
        )
        batch.add_column(_ts("reference_at", nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(20), nullable=True))
        batch.add_column(_ts("reviewed_at", nullable=True))
    # Records already stored become references in the order the service received them.
    op.execute("UPDATE hall_collections SET reference_at = received_at")


def downgrade() -> None:
    with op.batch_alter_table("hall_collections") as batch:
        batch.drop_column("reviewed_at")
        batch.drop_column("reviewed_by")
        batch.drop_column("reference_at")
        batch.drop_column("status")
    op.drop_index("ix_staff_keys_staff_id", table_name="staff_keys")
    op.drop_table("staff_keys")
