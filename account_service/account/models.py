"""Verifications (SMS/face confirmations), notices to a person, and their own history."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class Purpose(StrEnum):
    PASSWORD_RESET = "password_reset"
    PHONE_RETRIEVE = "phone_retrieve"
    CONFIRMATION = "confirmation"


class Action(StrEnum):
    """What an account-center confirmation does once its SMS code is verified."""

    ADD_PHONE = "add_phone"
    REMOVE_PHONE = "remove_phone"
    SET_DEFAULT_PHONE = "set_default_phone"
    DEREGISTER = "deregister"


class NoticeKind(StrEnum):
    PHONE_MOVED = "phone_moved"  # R-PH-2: someone else verified the number
    USERNAME_RELEASED = "username_released"  # R-LG-1: a document number equal to it registered
    HALL_FACE_HELD = "hall_face_held"  # R-HA-1: a different face collected, under review
    HALL_FACE_APPROVED = "hall_face_approved"  # a second staff member approved it
    HALL_FACE_REJECTED = "hall_face_rejected"  # ... or refused it


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


class PersonNotice(Base):
    """Something the person must learn at the next login (e.g. a number taken away)."""

    __tablename__ = "person_notices"
    __table_args__ = (Index("ix_person_notices_person_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(20))  # a NoticeKind value
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    username: Mapped[str | None] = mapped_column(String(20))  # the one released
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AccountHistory(Base):
    """R-AC-2: what the person sees of their account's events; "clear" only hides."""

    __tablename__ = "account_history"
    __table_args__ = (Index("ix_account_history_person_at", "person_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(40))  # an events.EventKind value
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("terminals.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[str] = mapped_column(Text)  # JSON, masked
    hidden_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
