"""Account self-service (issue 7): verifications, notices, history; persons gain
deregistration and username timestamps (R-AC-1, R-AC-2, R-UN-1, R-PH-2).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    # Nullable columns: a plain ADD COLUMN on both backends (no SQLite table rebuild).
    op.add_column("persons", _ts("deregistered_at", nullable=True))
    op.add_column("persons", _ts("username_set_at", nullable=True))
    op.add_column("persons", _ts("username_changed_at", nullable=True))
    # A username that exists already was set at registration: its first setting is spent.
    op.execute(
        sa.text("UPDATE persons SET username_set_at = created_at WHERE username IS NOT NULL")
    )
    op.create_table(
        "account_verifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("phone_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=True),
        _ts("code_sent_at", nullable=True),
        _ts("verified_at", nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True),
        _ts("used_at", nullable=True),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_account_verifications"),
        _fk("account_verifications", "person_id", "persons"),
    )
    op.create_index("ix_account_verifications_person_id", "account_verifications", ["person_id"])
    op.create_table(
        "person_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("phone_masked", sa.String(20), nullable=True),
        _ts("at"),
        _ts("delivered_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_person_notices"),
        _fk("person_notices", "person_id", "persons"),
    )
    op.create_index("ix_person_notices_person_id", "person_notices", ["person_id"])
    op.create_table(
        "account_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        _ts("at"),
        sa.Column("detail", sa.Text(), nullable=False),
        _ts("hidden_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_account_history"),
        _fk("account_history", "person_id", "persons"),
        _fk("account_history", "terminal_id", "terminals"),
    )
    op.create_index("ix_account_history_person_at", "account_history", ["person_id", "at"])


def downgrade() -> None:
    for table in (
        "account_history",
        "person_notices",
        "account_verifications",
    ):
        op.drop_table(table)
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("username_changed_at")
        batch.drop_column("username_set_at")
        batch.drop_column("deregistered_at")
