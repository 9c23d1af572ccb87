"""Hall collection records and audit events (issue 4).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "hall_collections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("staff_no", sa.String(20), nullable=False),
        sa.Column("document_type", sa.String(40), nullable=False),
        sa.Column("document_number", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_latin", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("nationality", sa.String(3), nullable=False),
        sa.Column("face_template", sa.Text(), nullable=True),
        sa.Column("face_jpeg", sa.LargeBinary(), nullable=True),
        sa.Column("quality", sa.Text(), nullable=False),
        sa.Column("liveness_passed", sa.Boolean(), nullable=True),
        sa.Column("liveness_steps", sa.Text(), nullable=False),
        sa.Column("match_distance", sa.Double(), nullable=True),
        sa.Column("match_threshold", sa.Double(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("exception_reason", sa.String(500), nullable=True),
        _ts("collected_at"),
        _ts("received_at"),
        sa.PrimaryKeyConstraint("id", name="pk_hall_collections"),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name="fk_hall_collections_terminal_id_terminals"
        ),
    )
    op.create_index(
        "ix_hall_collections_document", "hall_collections", ["document_type", "document_number"]
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        _ts("at"),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name="fk_audit_events_terminal_id_terminals"
        ),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_record_id", "audit_events", ["record_id"])


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("hall_collections")
