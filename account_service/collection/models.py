"""Hall collection records (R-HA-1) and the audit trail of their ingest."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class HallStatus(StrEnum):
    ACTIVE = "active"
    HELD = "held"
    REJECTED = "rejected"


class HallCollection(Base):
    """One record as collected; ``id`` is the terminal's record UUID, so the primary key
    is what makes a second delivery a duplicate (also under concurrency)."""

    __tablename__ = "hall_collections"
    __table_args__ = (Index("ix_hall_collections_document", "document_type", "document_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    staff_no: Mapped[str] = mapped_column(String(20))
    document_type: Mapped[str] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(40))  # normalized (upper-case)
    name: Mapped[str] = mapped_column(String(100))
    name_latin: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str] = mapped_column(String(3))
    # JSON list of 128 floats: portable across both backends, and small (~3 KB).
    face_template: Mapped[str | None] = mapped_column(Text)
    face_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary)
    quality: Mapped[str] = mapped_column(Text)  # JSON list of score entries
    liveness_passed: Mapped[bool | None] = mapped_column(Boolean)
    liveness_steps: Mapped[str] = mapped_column(Text)  # JSON list of step names
    match_distance: Mapped[float | None] = mapped_column(Double)
    match_threshold: Mapped[float | None] = mapped_column(Double)
    attempts: Mapped[int] = mapped_column(Integer)
    exception_reason: Mapped[str | None] = mapped_column(String(500))
    collected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # active: the person's hall record (the newest by ``reference_at`` is the face
    # reference); held: a different face than the reference, waiting for a second staff
    # member's review; rejected: refused at that review.
    status: Mapped[str] = mapped_column(String(10), server_default="active")
    reference_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # when it became active
    reviewed_by: Mapped[str | None] = mapped_column(String(20))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
