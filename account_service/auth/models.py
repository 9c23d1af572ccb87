"""Login attempts, failure counters, sessions and initial-password change tokens."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class AttemptStatus(StrEnum):
    OPEN = "open"
    VOIDED = "voided"  # R-2F-3: a newer attempt of the same person began
    FINISHED = "finished"


def _enum_column(enum: type[StrEnum], length: int) -> Enum:
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class FailureCounter(Base):
    """R-LK-1: consecutive failures of one method on one Shanghai calendar day."""

    __tablename__ = "auth_failure_counters"

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), primary_key=True)
    method: Mapped[str] = mapped_column(String(10), primary_key=True)  # an AuthMethod value
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    # The last counted failure: the slow-down after a few failures waits from it.
    last_failure_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginAttempt(Base):
    """One first-factor success; its SMS code belongs to it alone (R-2F-3)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_person_status", "person_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    status: Mapped[AttemptStatus] = mapped_column(_enum_column(AttemptStatus, 10))
    sms_phone: Mapped[str | None] = mapped_column(String(20))  # R-2F-2 destination
    initial_password: Mapped[bool] = mapped_column(Boolean)  # R-PW-3
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # 企业业务 (R-EN-1): the enterprise the login was started for.
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("enterprises.id"))


class AuthSession(Base):
    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), index=True)
    # The terminal that opened it: the only one it works from (None: opened before
    # sessions were bound, so it works nowhere).
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("terminals.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who the session acts for (R-SW-1): the entry it was opened through (an Entry value),
    # the enterprise and role (a Role value; None while the person picks or confirms).
    entry: Mapped[str] = mapped_column(
        String(20), default="natural_person", server_default=text("'natural_person'")
    )
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("enterprises.id"))
    role: Mapped[str | None] = mapped_column(String(30))
    # How the login's second factor was given (R-RE-5: face confirms without a new check).
    second_factor: Mapped[str | None] = mapped_column(String(20))
    as_agent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PasswordChangeToken(Base):
    """R-PW-3: single-use permission to replace the initial password."""

    __tablename__ = "password_change_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
