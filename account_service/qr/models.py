"""QR challenges: what a terminal shows as a QR code until a tax app scans it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class QrChallenge(Base):
    """One QR code, single use. Only a hash of the payload is stored: a copy of the table
    is not a stack of scannable codes. ``completed_at`` is the scan; ``delivered_at`` is
    when the terminal collected the result (the session is made then, once)."""

    __tablename__ = "qr_challenges"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    purpose: Mapped[str] = mapped_column(String(10))  # a QrPurpose value
    attempt_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("login_attempts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("persons.id"))
    app: Mapped[str | None] = mapped_column(String(10))  # a TaxApp value
    mode: Mapped[str | None] = mapped_column(String(12))  # a LoginMode value
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("enterprises.id"))
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
