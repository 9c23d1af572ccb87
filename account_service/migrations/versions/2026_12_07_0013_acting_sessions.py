"""Sessions act for someone (issue 17, R-EN-1, R-SW-1): the entry a session was opened
through, the enterprise and role it acts for, how its login's second factor was given
(R-RE-5: a face login confirms pending authorizations without a second face check) and
whether it entered with a client's code as its agent (R-AG-3). A login attempt remembers
the enterprise it was started for.

Existing sessions are personal business (自然人业务).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts") as batch:
        batch.add_column(sa.Column("enterprise_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_login_attempts_enterprise_id_enterprises", "enterprises", ["enterprise_id"], ["id"]
        )
    with op.batch_alter_table("auth_sessions") as batch:
        batch.add_column(
            sa.Column(
                "entry", sa.String(20), nullable=False, server_default=sa.text("'natural_person'")
            )
        )
        batch.add_column(sa.Column("enterprise_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("role", sa.String(30), nullable=True))
        batch.add_column(sa.Column("second_factor", sa.String(20), nullable=True))
        batch.add_column(
            sa.Column("as_agent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_foreign_key(
            "fk_auth_sessions_enterprise_id_enterprises", "enterprises", ["enterprise_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("auth_sessions") as batch:
        batch.drop_constraint("fk_auth_sessions_enterprise_id_enterprises", type_="foreignkey")
        for name in ("as_agent", "second_factor", "role", "enterprise_id", "entry"):
            batch.drop_column(name)
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_constraint("fk_login_attempts_enterprise_id_enterprises", type_="foreignkey")
        batch.drop_column("enterprise_id")
