"""Natural persons and their phone numbers (R-PH-1: a number has one owner)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from account_service.db import Base, UtcDateTime


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    document_type: Mapped[str] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(40), unique=True)
    # argon2id PHC string: it records its own parameters ($argon2id$v=19$m=..,t=..,p=..$).
    password_hash: Mapped[str] = mapped_column(String(255))
    initial_password: Mapped[bool] = mapped_column(Boolean)  # R-PW-3
    username: Mapped[str | None] = mapped_column(String(20), unique=True)
    real_name_level: Mapped[int] = mapped_column(Integer)  # R-RN-1: 3, 4 or 5
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)  # R-LK-1
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # R-AC-1: set by deregistration, cleared by registering again; every entry then says
    # USER_NOT_REGISTERED while the person's relations stay on record.
    deregistered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # R-UN-1: the first setting is free (``username_set_at`` null before); a change is
    # allowed once per Shanghai calendar year after ``username_changed_at``.
    username_set_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    username_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    phones: Mapped[list[Phone]] = relationship(
        back_populates="person", order_by="Phone.id", lazy="selectin"
    )

    @property
    def default_phone(self) -> str | None:
        for phone in self.phones:
            if phone.is_default:
                return phone.number
        return self.phones[0].number if self.phones else None


class Phone(Base):
    __tablename__ = "phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), index=True)
    is_default: Mapped[bool] = mapped_column(Boolean)

    person: Mapped[Person] = relationship(back_populates="phones")
