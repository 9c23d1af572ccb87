"""R-SMS-1 windows per destination phone, and the development outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class SmsWindowRow(Base):
    __tablename__ = "sms_windows"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    window_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    count: Mapped[int] = mapped_column(Integer)


class OutboxMessage(Base):
    """Development gateway only: the code is kept in clear so testers can read it."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    code: Mapped[str] = mapped_column(String(12))
    purpose: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
