"""The enterprise registry: enterprises and person-enterprise relations (R-RE-1).

Enterprises exist only by data from outside (R-ID-7): the data exchange of the core tax
system and market regulation (``registry_import``), never by a route. A relation names
the person by document (type and number, normalized like ``persons.document_number``),
not by account: a legal representative is bound from registration data before they
register as a natural person (R-RE-2), and the relation is theirs once they do.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime
from kiosk.protocol.enterprise import EnterpriseKind
from kiosk.protocol.enterprise import Role as RelationRole

__all__ = [
    "Enterprise",
    "EnterpriseKind",
    "EnterpriseRelation",
    "EnterpriseStatus",
    "RelationOrigin",
    "RelationRole",
    "RelationStatus",
]


class RelationStatus(StrEnum):
    PENDING = "pending"  # recorded; the person confirms (R-RE-3, R-RE-5, R-RE-6)
    BOUND = "bound"
    ENDED = "ended"  # deleted, withdrawn, or the enterprise deregistered


class RelationOrigin(StrEnum):
    """Where a relation came from; decides later what may be withdrawn (R-RE-7)."""

    REGISTRATION_DATA = "registration_data"  # market regulation etc.: the legal rep (R-RE-2)
    TAX_REGISTRATION = "tax_registration"  # the finance head (R-RE-3)
    CORE_SYSTEM = "core_system"  # 金三: handlers registered there (R-RE-6)
    ACCOUNT_CENTER = "account_center"  # added online by the enterprise or the person (R-RE-5)
    HALL = "hall"  # added at the hall counter (R-HA-2)


class EnterpriseStatus(StrEnum):
    ACTIVE = "active"
    DEREGISTERED = "deregistered"


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # 纳税人识别号: the USCC for an enterprise that has one; older 个体工商户 may have only a
    # 15-20 character taxpayer id.
    taxpayer_id: Mapped[str] = mapped_column(String(20), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)  # R-ID-5 checked
    kind: Mapped[str] = mapped_column(String(30))  # an EnterpriseKind value
    tax_authority: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # an EnterpriseStatus value
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def code(self) -> str:
        """The code the enterprise is known by: its USCC, else its taxpayer id."""
        return self.uscc or self.taxpayer_id


class EnterpriseRelation(Base):
    __tablename__ = "enterprise_relations"
    __table_args__ = (
        UniqueConstraint(
            "enterprise_id",
            "document_type",
            "document_number",
            "role",
            name="uq_enterprise_relations_document_role",
        ),
        Index("ix_enterprise_relations_document", "document_number", "document_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"))
    # The person by document (a kiosk.domain.documents.DocumentType value and the number
    # normalized like persons.document_number); they may not have registered yet.
    document_type: Mapped[str] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(30))  # a RelationRole value
    origin: Mapped[str] = mapped_column(String(30))  # a RelationOrigin value
    status: Mapped[str] = mapped_column(String(20))  # a RelationStatus value
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
