"""QR login and QR verification (issue 6, R-QR-1/R-QR-2): single-use QR challenges.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "qr_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(10), nullable=False),
        sa.Column("attempt_id", sa.Uuid(), nullable=True),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("completed_at", nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("app", sa.String(10), nullable=True),
        sa.Column("mode", sa.String(12), nullable=True),
        sa.Column("enterprise_id", sa.Uuid(), nullable=True),
        _ts("delivered_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_qr_challenges"),
        sa.UniqueConstraint("token_hash", name="uq_qr_challenges_token_hash"),
        _fk("qr_challenges", "terminal_id", "terminals"),
        _fk("qr_challenges", "attempt_id", "login_attempts"),
        _fk("qr_challenges", "person_id", "persons"),
        _fk("qr_challenges", "enterprise_id", "enterprises"),
    )


def downgrade() -> None:
    op.drop_table("qr_challenges")
