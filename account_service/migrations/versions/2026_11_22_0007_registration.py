"""Registration (issue 6): the identity authority's seeded registry and registrations in
progress.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "authority_residents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(40), nullable=False),
        sa.Column("document_number", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("face_template", sa.Text(), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_authority_residents"),
        sa.UniqueConstraint(
            "document_type", "document_number", name="uq_authority_residents_document"
        ),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("document_type", sa.String(40), nullable=False),
        sa.Column("document_number", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("hall_collected", sa.Boolean(), nullable=False),
        sa.Column("level_on_success", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=True),
        _ts("code_sent_at", nullable=True),
        sa.Column("sms_failures", sa.Integer(), nullable=False),
        _ts("phone_verified_at", nullable=True),
        sa.Column("face_failures", sa.Integer(), nullable=False),
        sa.Column("face_distance", sa.Double(), nullable=True),
        _ts("face_verified_at", nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        _ts("completed_at", nullable=True),
        _ts("closed_at", nullable=True),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_registrations"),
        _fk("registrations", "terminal_id", "terminals"),
        _fk("registrations", "person_id", "persons"),
    )
    op.create_index("ix_registrations_document_number", "registrations", ["document_number"])


def downgrade() -> None:
    op.drop_index("ix_registrations_document_number", table_name="registrations")
    op.drop_table("registrations")
    op.drop_table("authority_residents")
