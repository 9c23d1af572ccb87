"""Initial schema: terminals, idempotency, persons and phones, login, SMS, enterprises.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "terminals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        _ts("enrolled_at"),
        _ts("revoked_at", nullable=True),
        _pk("terminals", "id"),
    )
    op.create_table(
        "enroll_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=True),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        _pk("enroll_codes", "id"),
        _fk("enroll_codes", "terminal_id", "terminals"),
        sa.UniqueConstraint("code_hash", name="uq_enroll_codes_code_hash"),
    )
    op.create_table(
        "terminal_nonces",
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        _ts("seen_at"),
        _pk("terminal_nonces", "terminal_id", "nonce"),
        _fk("terminal_nonces", "terminal_id", "terminals"),
    )
    op.create_index("ix_terminal_nonces_seen_at", "terminal_nonces", ["seen_at"])
    op.create_table(
        "idempotency_records",
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        _ts("created_at"),
        _pk("idempotency_records", "terminal_id", "key"),
        _fk("idempotency_records", "terminal_id", "terminals"),
    )
    op.create_index("ix_idempotency_records_created_at", "idempotency_records", ["created_at"])

    op.create_table(
        "persons",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("document_type", sa.String(40), nullable=False),
        sa.Column("document_number", sa.String(40), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("initial_password", sa.Boolean(), nullable=False),
        sa.Column("username", sa.String(20), nullable=True),
        sa.Column("real_name_level", sa.Integer(), nullable=False),
        _ts("locked_until", nullable=True),
        _ts("created_at"),
        _pk("persons", "id"),
        sa.UniqueConstraint("document_number", name="uq_persons_document_number"),
        sa.UniqueConstraint("username", name="uq_persons_username"),
    )
    op.create_table(
        "phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        _pk("phones", "id"),
        _fk("phones", "person_id", "persons"),
        sa.UniqueConstraint("number", name="uq_phones_number"),  # R-PH-1
    )
    op.create_index("ix_phones_person_id", "phones", ["person_id"])

    op.create_table(
        "auth_failure_counters",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _pk("auth_failure_counters", "person_id", "method"),
        _fk("auth_failure_counters", "person_id", "persons"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("sms_phone", sa.String(20), nullable=True),
        sa.Column("initial_password", sa.Boolean(), nullable=False),
        _ts("created_at"),
        sa.Column("code_hash", sa.String(64), nullable=True),
        _ts("code_sent_at", nullable=True),
        _pk("login_attempts", "id"),
        _fk("login_attempts", "person_id", "persons"),
    )
    op.create_index("ix_login_attempts_person_status", "login_attempts", ["person_id", "status"])
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("ended_at", nullable=True),
        _pk("auth_sessions", "id"),
        _fk("auth_sessions", "person_id", "persons"),
        sa.UniqueConstraint("token_hash", name="uq_auth_sessions_token_hash"),
    )
    op.create_index("ix_auth_sessions_person_id", "auth_sessions", ["person_id"])
    op.create_table(
        "password_change_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        _pk("password_change_tokens", "token_hash"),
        _fk("password_change_tokens", "person_id", "persons"),
    )
    op.create_index("ix_password_change_tokens_person_id", "password_change_tokens", ["person_id"])

    op.create_table(
        "sms_windows",
        sa.Column("phone", sa.String(20), nullable=False),
        _ts("window_start", nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        _pk("sms_windows", "phone"),
    )
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        _ts("sent_at"),
        _pk("sms_outbox", "id"),
    )
    op.create_index("ix_sms_outbox_phone", "sms_outbox", ["phone"])

    op.create_table(
        "enterprises",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        _pk("enterprises", "id"),
        sa.UniqueConstraint("uscc", name="uq_enterprises_uscc"),
    )
    op.create_table(
        "enterprise_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _pk("enterprise_relations", "id"),
        _fk("enterprise_relations", "enterprise_id", "enterprises"),
        _fk("enterprise_relations", "person_id", "persons"),
        sa.UniqueConstraint(
            "enterprise_id", "person_id", "role", name="uq_enterprise_relations_person_role"
        ),
    )
    op.create_index("ix_enterprise_relations_person_id", "enterprise_relations", ["person_id"])


def downgrade() -> None:
    for table in (
        "enterprise_relations",
        "enterprises",
        "sms_outbox",
        "sms_windows",
        "password_change_tokens",
        "auth_sessions",
        "login_attempts",
        "auth_failure_counters",
        "phones",
        "persons",
        "idempotency_records",
        "terminal_nonces",
        "enroll_codes",
        "terminals",
    ):
        op.drop_table(table)
