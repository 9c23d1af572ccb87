"""Safe by default (issue 14): sessions bound to the terminal that opened them; stored
answers sealed; budgets per terminal, person and service (rate windows); the time of the
last counted failure (the slow-down before a lock).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auth_sessions") as batch:
        batch.add_column(sa.Column("terminal_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_auth_sessions_terminal_id_terminals", "terminals", ["terminal_id"], ["id"]
        )
    # Answers stored before this revision hold tokens in clear: gone (they live a day;
    # a retry of one of them runs again, and every write is idempotent on its own ids).
    op.execute("DELETE FROM idempotency_records")
    # Sessions opened before are bound to no terminal: they work nowhere (30 min at most).
    op.create_table(
        "rate_windows",
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name="pk_rate_windows"),
    )
    with op.batch_alter_table("auth_failure_counters") as batch:
        batch.add_column(sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("staff_sessions") as batch:
        batch.add_column(sa.Column("terminal_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_staff_sessions_terminal_id_terminals", "terminals", ["terminal_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_sessions") as batch:
        batch.drop_constraint("fk_staff_sessions_terminal_id_terminals", type_="foreignkey")
        batch.drop_column("terminal_id")
    with op.batch_alter_table("auth_failure_counters") as batch:
        batch.drop_column("last_failure_at")
    op.drop_table("rate_windows")
    with op.batch_alter_table("auth_sessions") as batch:
        batch.drop_constraint("fk_auth_sessions_terminal_id_terminals", type_="foreignkey")
        batch.drop_column("terminal_id")
