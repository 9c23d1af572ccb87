"""The seeded stand-in for the public-security data source: residents with a reference
face template (computed from their photo on the service; the photo itself is not kept)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class AuthorityResident(Base):
    __tablename__ = "authority_residents"
    __table_args__ = (
        UniqueConstraint(
            "document_type", "document_number", name="uq_authority_residents_document"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_type: Mapped[str] = mapped_column(String(40))  # a DocumentType value
    document_number: Mapped[str] = mapped_column(String(40))  # normalized (upper-case)
    name: Mapped[str] = mapped_column(String(100))
    # JSON list of 128 floats (dlib ResNet), as hall collections store theirs; null when
    # the authority has no usable photo of the person.
    face_template: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
