"""Hall staff members and their sessions (R-HA-1). Lockout counters live on the row."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class StaffMember(Base):
    __tablename__ = "staff_members"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # argon2id PHC string, as for persons.
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean)
    hall: Mapped[str | None] = mapped_column(String(100))
    # R-LK-1: staff have one method (password), so the counter is two columns here.
    failure_day: Mapped[date | None] = mapped_column(Date)
    failure_count: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StaffKey(Base):
    """A staff member's record key on one terminal (R-HA-1, ``kiosk.protocol.record_proof``):
    made by the terminal at an online staff login, valid until ``expires_at`` also for
    records collected offline."""

    __tablename__ = "staff_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_members.id"), index=True)
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    public_key: Mapped[str] = mapped_column(String(64))  # base64 of a raw Ed25519 key
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_members.id"), index=True)
    # The terminal the staff member logged in on: the only one the token works from.
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("terminals.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
