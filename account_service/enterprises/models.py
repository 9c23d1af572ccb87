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
from kiosk.protocol.enterprise import EnterpriseKind, RelationOrigin
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
    PENDING = "pending"  # recorded or added; the person confirms (R-RE-3, R-RE-5, R-RE-6)
    APPLIED = "applied"  # the person applied (申请企业授权); the enterprise approves
    BOUND = "bound"
    WITHDRAWN = "withdrawn"  # 撤回 by whoever asked; stays visible (seed 004 三(三)4)
    DECLINED = "declined"  # the enterprise declined the person's application
    ENDED = "ended"  # deleted, refused, ended at the hall, or the enterprise deregistered


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
    # The request now standing (an addition or an application) and who made it: a manager
    # in the account center (their person id) or hall staff (their staff number).
    requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    requested_by_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    staff_no: Mapped[str | None] = mapped_column(String(20))
    bound_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # 已授权 since
