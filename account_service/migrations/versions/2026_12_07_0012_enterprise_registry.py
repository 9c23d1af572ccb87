"""The enterprise registry (issue 17, R-ID-7, R-RE-1): enterprises get a taxpayer id (the
USCC becomes optional), a kind, a tax authority, a status and timestamps; a relation names
the person by document instead of by account (R-RE-2: bound before they register), with
its origin (R-RE-7) and timestamps.

Existing enterprises: taxpayer id = USCC, kind enterprise, status active. Existing
relations take the document of their person; a legal representative's came from
registration data (R-RE-2, the only way they were made), any other from the hall.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _now() -> datetime:
    """Now in UTC, as the models store it (SQLite: naive UTC; PostgreSQL: aware)."""
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def upgrade() -> None:
    now = _now()
    with op.batch_alter_table("enterprises") as batch:
        batch.add_column(sa.Column("taxpayer_id", sa.String(20), nullable=True))
        batch.add_column(sa.Column("kind", sa.String(30), nullable=True))
        batch.add_column(sa.Column("tax_authority", sa.String(100), nullable=True))
        batch.add_column(sa.Column("status", sa.String(20), nullable=True))
        batch.add_column(_ts("created_at", nullable=True))
        batch.add_column(_ts("updated_at", nullable=True))
        batch.alter_column("uscc", existing_type=sa.String(18), nullable=True)
    enterprises = sa.table(
        "enterprises",
        sa.column("uscc", sa.String()),
        sa.column("taxpayer_id", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("status", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        enterprises.update().values(
            taxpayer_id=enterprises.c.uscc,
            kind="enterprise",
            status="active",
            created_at=now,
            updated_at=now,
        )
    )
    with op.batch_alter_table("enterprises") as batch:
        for name, type_ in (
            ("taxpayer_id", sa.String(20)),
            ("kind", sa.String(30)),
            ("status", sa.String(20)),
        ):
            batch.alter_column(name, existing_type=type_, nullable=False)
        for name in ("created_at", "updated_at"):
            batch.alter_column(name, existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_unique_constraint("uq_enterprises_taxpayer_id", ["taxpayer_id"])

    with op.batch_alter_table("enterprise_relations") as batch:
        batch.add_column(sa.Column("document_type", sa.String(40), nullable=True))
        batch.add_column(sa.Column("document_number", sa.String(40), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(30), nullable=True))
        batch.add_column(_ts("created_at", nullable=True))
        batch.add_column(_ts("updated_at", nullable=True))
    relations = sa.table(
        "enterprise_relations",
        sa.column("person_id", sa.Uuid()),
        sa.column("role", sa.String()),
        sa.column("document_type", sa.String()),
        sa.column("document_number", sa.String()),
        sa.column("origin", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    persons = sa.table(
        "persons",
        sa.column("id", sa.Uuid()),
        sa.column("document_type", sa.String()),
        sa.column("document_number", sa.String()),
    )

    def of_person(column: sa.ColumnClause[str]) -> sa.ScalarSelect[str]:
        return sa.select(column).where(persons.c.id == relations.c.person_id).scalar_subquery()

    op.execute(
        relations.update().values(
            document_type=of_person(persons.c.document_type),
            document_number=of_person(persons.c.document_number),
            origin=sa.case(
                (relations.c.role == "legal_representative", "registration_data"),
                else_="hall",
            ),
            created_at=now,
            updated_at=now,
        )
    )
    op.drop_index("ix_enterprise_relations_person_id", table_name="enterprise_relations")
    with op.batch_alter_table("enterprise_relations") as batch:
        batch.drop_constraint("uq_enterprise_relations_person_role", type_="unique")
        batch.drop_constraint("fk_enterprise_relations_person_id_persons", type_="foreignkey")
        batch.drop_column("person_id")
        for name, type_ in (
            ("document_type", sa.String(40)),
            ("document_number", sa.String(40)),
            ("origin", sa.String(30)),
        ):
            batch.alter_column(name, existing_type=type_, nullable=False)
        for name in ("created_at", "updated_at"):
            batch.alter_column(name, existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_unique_constraint(
            "uq_enterprise_relations_document_role",
            ["enterprise_id", "document_type", "document_number", "role"],
        )
    op.create_index(
        "ix_enterprise_relations_document",
        "enterprise_relations",
        ["document_number", "document_type"],
    )


def downgrade() -> None:
    """Back to relations by account: a relation whose person has not registered, or that
    ended, is dropped; so is an enterprise without a USCC (with its relations)."""
    op.drop_index("ix_enterprise_relations_document", table_name="enterprise_relations")
    with op.batch_alter_table("enterprise_relations") as batch:
        batch.add_column(sa.Column("person_id", sa.Uuid(), nullable=True))
    op.execute(
        "UPDATE enterprise_relations SET person_id = (SELECT persons.id FROM persons "
        "WHERE persons.document_type = enterprise_relations.document_type "
        "AND persons.document_number = enterprise_relations.document_number)"
    )
    op.execute(
        "DELETE FROM enterprise_relations WHERE person_id IS NULL OR status = 'ended' "
        "OR enterprise_id IN (SELECT id FROM enterprises WHERE uscc IS NULL)"
    )
    with op.batch_alter_table("enterprise_relations") as batch:
        batch.drop_constraint("uq_enterprise_relations_document_role", type_="unique")
        batch.drop_column("updated_at")
        batch.drop_column("created_at")
        batch.drop_column("origin")
        batch.drop_column("document_number")
        batch.drop_column("document_type")
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=False)
        batch.create_foreign_key(
            "fk_enterprise_relations_person_id_persons", "persons", ["person_id"], ["id"]
        )
        batch.create_unique_constraint(
            "uq_enterprise_relations_person_role", ["enterprise_id", "person_id", "role"]
        )
    op.create_index("ix_enterprise_relations_person_id", "enterprise_relations", ["person_id"])
    op.execute(
        "DELETE FROM enterprises WHERE uscc IS NULL AND id NOT IN "
        "(SELECT client_enterprise_id FROM agency_agreements) AND id NOT IN "
        "(SELECT client_enterprise_id FROM agent_sessions) AND id NOT IN "
        "(SELECT enterprise_id FROM qr_challenges WHERE enterprise_id IS NOT NULL)"
    )
    with op.batch_alter_table("enterprises") as batch:
        batch.drop_constraint("uq_enterprises_taxpayer_id", type_="unique")
        batch.drop_column("updated_at")
        batch.drop_column("created_at")
        batch.drop_column("status")
        batch.drop_column("tax_authority")
        batch.drop_column("kind")
        batch.drop_column("taxpayer_id")
        batch.alter_column("uscc", existing_type=sa.String(18), nullable=False)
