"""企业业务 by the enterprise's tax digital certificate (issue 17, R-EN-1, seed 002 11): the
enterprises' certificates on record and the single-use challenges of their logins.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "enterprise_certificates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("enterprise_id", sa.Uuid(), nullable=False),
        sa.Column("serial", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        _ts("not_before"),
        _ts("not_after"),
        _ts("registered_at"),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_enterprise_certificates"),
        sa.UniqueConstraint("serial", name="uq_enterprise_certificates_serial"),
        _fk("enterprise_certificates", "enterprise_id", "enterprises"),
    )
    op.create_index(
        "ix_enterprise_certificates_enterprise_id", "enterprise_certificates", ["enterprise_id"]
    )
    op.create_table(
        "enterprise_cert_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        _ts("signed_at", nullable=True),
        sa.Column("identifier_tries", sa.Integer(), nullable=False),
        _ts("finished_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_enterprise_cert_challenges"),
        # Named short: the convention's name would pass PostgreSQL's 63 characters.
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["enterprise_certificates.id"],
            name="fk_enterprise_cert_challenges_certificate_id",
        ),
        _fk("enterprise_cert_challenges", "terminal_id", "terminals"),
    )
    op.create_index(
        "ix_enterprise_cert_challenges_certificate_id",
        "enterprise_cert_challenges",
        ["certificate_id"],
    )


def downgrade() -> None:
    op.drop_table("enterprise_cert_challenges")
    op.drop_table("enterprise_certificates")
