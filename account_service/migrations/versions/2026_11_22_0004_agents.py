"""Tax agencies, agents, their certificates on record, client agreements and the agent
certificate login (issue 5, R-AG-1/R-AG-2).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
        sa.UniqueConstraint("uscc", name="uq_agencies_uscc"),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _ts("created_at"),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agents"),
        sa.UniqueConstraint("agency_id", "person_id", name="uq_agents_agency_person"),
        _fk("agents", "agency_id", "agencies"),
        _fk("agents", "person_id", "persons"),
    )
    op.create_index("ix_agents_person_id", "agents", ["person_id"])
    op.create_table(
        "agent_certificates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("serial", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        _ts("not_before"),
        _ts("not_after"),
        _ts("registered_at"),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agent_certificates"),
        sa.UniqueConstraint("serial", name="uq_agent_certificates_serial"),
        _fk("agent_certificates", "agent_id", "agents"),
    )
    op.create_index("ix_agent_certificates_agent_id", "agent_certificates", ["agent_id"])
    op.create_table(
        "agency_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("client_enterprise_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _ts("created_at"),
        _ts("ended_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agency_agreements"),
        sa.UniqueConstraint(
            "agency_id", "client_enterprise_id", "agent_id", name="uq_agency_agreements_triple"
        ),
        _fk("agency_agreements", "agency_id", "agencies"),
        _fk("agency_agreements", "client_enterprise_id", "enterprises"),
        _fk("agency_agreements", "agent_id", "agents"),
    )
    op.create_index("ix_agency_agreements_agent_id", "agency_agreements", ["agent_id"])
    op.create_table(
        "agent_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agent_challenges"),
        _fk("agent_challenges", "certificate_id", "agent_certificates"),
        _fk("agent_challenges", "terminal_id", "terminals"),
    )
    op.create_index("ix_agent_challenges_certificate_id", "agent_challenges", ["certificate_id"])
    op.create_table(
        "agent_login_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("sms_phone", sa.String(20), nullable=True),
        _ts("created_at"),
        sa.Column("code_hash", sa.String(64), nullable=True),
        _ts("code_sent_at", nullable=True),
        _ts("verified_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agent_login_attempts"),
        _fk("agent_login_attempts", "agent_id", "agents"),
        _fk("agent_login_attempts", "certificate_id", "agent_certificates"),
    )
    op.create_index(
        "ix_agent_login_attempts_agent_status", "agent_login_attempts", ["agent_id", "status"]
    )
    op.create_table(
        "agent_sessions",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("client_enterprise_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_agent_sessions"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["auth_sessions.id"], name="fk_agent_sessions_session_id_auth_sessions"
        ),
        _fk("agent_sessions", "agent_id", "agents"),
        _fk("agent_sessions", "certificate_id", "agent_certificates"),
        _fk("agent_sessions", "client_enterprise_id", "enterprises"),
    )
    op.create_index("ix_agent_sessions_agent_id", "agent_sessions", ["agent_id"])


def downgrade() -> None:
    for table in (
        "agent_sessions",
        "agent_login_attempts",
        "agent_challenges",
        "agency_agreements",
        "agent_certificates",
        "agents",
        "agencies",
    ):
        op.drop_table(table)
