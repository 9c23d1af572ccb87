"""The trail an account leaves: the audit events (who, which terminal, when; no personal
data), the person's own history (R-AC-2) and the notices for their next login."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class AuditEvent(Base):
    """What happened, when, from which terminal; ``detail`` is JSON without personal data."""

    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    event: Mapped[str] = mapped_column(String(40))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("terminals.id"))
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    detail: Mapped[str] = mapped_column(Text)

    @classmethod
    def of(
        cls,
        event: str,
        *,
        at: datetime,
        terminal_id: uuid.UUID | None,
        record_id: uuid.UUID | None,
        detail: Mapping[str, object],
    ) -> AuditEvent:
        """A new event; ``detail`` is stored as sorted JSON (callers pass no personal data)."""
        text = json.dumps(detail, sort_keys=True, ensure_ascii=False)
        return cls(
            id=uuid.uuid4(),
            at=at,
            event=event,
            terminal_id=terminal_id,
            record_id=record_id,
            detail=text,
        )


class PersonNotice(Base):
    """Something the person must learn at the next login (e.g. a number taken away)."""

    __tablename__ = "person_notices"
    __table_args__ = (Index("ix_person_notices_person_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(20))  # a NoticeKind value
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    username: Mapped[str | None] = mapped_column(String(20))  # the one released
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Relation notices (R-RE-5, R-RE-7): the enterprise's name, the role, the other person
    # (masked) or None when the hall acted.
    enterprise: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(String(100))


class AccountHistory(Base):
    """R-AC-2: what the person sees of their account's events; "clear" only hides."""

    __tablename__ = "account_history"
    __table_args__ = (Index("ix_account_history_person_at", "person_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(40))  # an events.EventKind value
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("terminals.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[str] = mapped_column(Text)  # JSON, masked
    hidden_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
