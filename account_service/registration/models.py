"""One registration in progress: the checked identity, the phone being verified, the face
check's failures. There is no person yet (or a deregistered one), so its SMS code lives
here rather than in ``account_verifications`` (whose rows belong to a person)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Double, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (Index("ix_registrations_document_number", "document_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    # Only the terminal that started it may continue it.
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    document_type: Mapped[str] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(40))  # normalized (upper-case)
    name: Mapped[str] = mapped_column(String(100))
    hall_collected: Mapped[bool] = mapped_column(Boolean)  # R-ID-3: no face step, level 5
    level_on_success: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(20))  # where the code went (11 digits)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sms_failures: Mapped[int] = mapped_column(Integer)
    phone_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    face_failures: Mapped[int] = mapped_column(Integer)
    face_distance: Mapped[float | None] = mapped_column(Double)
    face_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("persons.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set when the registration can go no further (5 wrong codes or faces).
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
