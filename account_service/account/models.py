"""Verifications (SMS/face confirmations), notices to a person, and their own history."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class Purpose(StrEnum):
    PASSWORD_RESET = "password_reset"
    PHONE_RETRIEVE = "phone_retrieve"
    CONFIRMATION = "confirmation"


class AccountVerification(Base):
    """One SMS (or face) confirmation; its code is single use and bound to this row."""

    __tablename__ = "account_verifications"
    __table_args__ = (Index("ix_account_verifications_person_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    purpose: Mapped[str] = mapped_column(String(20))  # a Purpose value
    action: Mapped[str | None] = mapped_column(String(20))  # an Action value (confirmations)
    phone: Mapped[str | None] = mapped_column(String(20))  # where the code goes (11 digits)
    phone_id: Mapped[int | None] = mapped_column(Integer)  # the phone an action is about
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    token_hash: Mapped[str | None] = mapped_column(String(64))  # reset token (sha256)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
