"""Stored answers to POSTs, keyed by (terminal, Idempotency-Key)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"

    terminal_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("terminals.id"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
