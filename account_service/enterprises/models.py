"""Enterprises and person-enterprise relations (R-RE-1); enough for the demo for now."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base


class RelationRole(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"
    FINANCE_HEAD = "finance_head"
    TAX_HANDLER = "tax_handler"
    INVOICER = "invoicer"
    TAX_AGENT = "tax_agent"


class RelationStatus(StrEnum):
    PENDING = "pending"
    BOUND = "bound"


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)


class EnterpriseRelation(Base):
    __tablename__ = "enterprise_relations"
    __table_args__ = (
        UniqueConstraint(
            "enterprise_id", "person_id", "role", name="uq_enterprise_relations_person_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))  # a RelationRole value
    status: Mapped[str] = mapped_column(String(20))  # a RelationStatus value
