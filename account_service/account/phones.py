"""R-PH-1/R-PH-2 on stored phones, safe under concurrency.

Lock discipline (every path that moves a number follows it, so no two can deadlock):
1. the number's lock (PostgreSQL transaction advisory lock; SQLite already runs one
   writer at a time), taken before any person row;
2. the persons involved, in ascending id order;
3. then the phone rows, which change only under their owner's person lock.
The UNIQUE constraint on ``phones.number`` is the last word: one owner per number.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from account_service.db import dialect_name
from account_service.persons.models import Person, Phone
from account_service.persons.service import lock_person
from account_service.trail.events import EventKind
from account_service.trail.notices import notify
from kiosk.domain.masking import mask_phone
from kiosk.protocol.people import NoticeKind


def _advisory_key(number: str) -> int:
    digest = hashlib.sha256(f"phone-number:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_number(session: Session, number: str) -> None:
    """Serialize every move of ``number`` (step 1 of the discipline)."""
    if dialect_name(session) == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_advisory_key(number))))


def lock_people(session: Session, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """Row locks on several persons, in ascending id order (step 2)."""
    return {
        pid: lock_person(session=session, person_id=pid)
        for pid in sorted(set(person_ids), key=lambda p: p.bytes)
    }


def owner_of(session: Session, number: str) -> uuid.UUID | None:
    return session.scalars(select(Phone.person_id).where(Phone.number == number)).one_or_none()


def phones_of(session: Session, person_id: uuid.UUID) -> list[Phone]:
    return list(
        session.scalars(
            select(Phone)
            .where(Phone.person_id == person_id)
            .order_by(Phone.id)
            .execution_options(populate_existing=True)
        )
    )


def _refresh(session: Session, person: Person) -> None:
    session.flush()
    session.expire(person, ["phones"])


def ensure_default(session: Session, person: Person) -> None:
    """Exactly one default while the person has numbers: the oldest if none is marked."""
    phones = phones_of(session, person.id)
    if phones and not any(p.is_default for p in phones):
        phones[0].is_default = True
    _refresh(session, person)


def set_default(session: Session, person: Person, phone_id: int) -> Phone:
    chosen: Phone | None = None
    for phone in phones_of(session, person.id):
        phone.is_default = phone.id == phone_id
        if phone.is_default:
            chosen = phone
    _refresh(session, person)
    if chosen is None:  # pragma: no cover - callers checked the phone is the person's
        raise LookupError("phone not on the account")
    return chosen


def remove_phone(session: Session, person: Person, phone_id: int) -> str:
    """Delete one of the person's numbers; the oldest remaining becomes default."""
    phone = session.get(Phone, phone_id, populate_existing=True)
    if phone is None or phone.person_id != person.id:  # pragma: no cover - checked before
        raise LookupError("phone not on the account")
    number = phone.number
    session.expire(person, ["phones"])
    session.delete(phone)
    session.flush()
    ensure_default(session, person)
    return number


@dataclass(frozen=True, slots=True)
class MoveResult:
    phone: Phone
    moved_from: uuid.UUID | None  # the person who lost the number (R-PH-2)


def take_number(
    session: Session,
    *,
    people: dict[uuid.UUID, Person],
    person: Person,
    number: str,
    make_default: bool,
    now: datetime,
    terminal_id: uuid.UUID | None,
) -> MoveResult:
    """R-PH-2: ``number`` was just verified by SMS for ``person``: it becomes theirs and
    leaves anyone else (notice + ``phone.moved_away`` event for the loser).

    The caller holds the number's lock and the row locks of ``person`` and of the
    number's current owner (``people``), taken as the module docstring says."""
    current = session.scalars(
        select(Phone).where(Phone.number == number).execution_options(populate_existing=True)
    ).one_or_none()
    moved_from: uuid.UUID | None = None
    if current is not None and current.person_id == person.id:
        phone = current
    else:
        if current is not None:
            loser = people.get(current.person_id)
            if loser is None:  # pragma: no cover - the discipline makes this impossible
                raise RuntimeError("the number's owner is not locked")
            moved_from = loser.id
            session.expire(loser, ["phones"])
            session.delete(current)
            session.flush()  # the DELETE before our INSERT: the number stays UNIQUE
            ensure_default(session, loser)
            notify(
                session,
                person_id=loser.id,
                kind=NoticeKind.PHONE_MOVED,
                event=EventKind.PHONE_MOVED_AWAY,
                at=now,
                terminal_id=terminal_id,
                phone_masked=mask_phone(number),
            )
        first = not phones_of(session, person.id)
        phone = Phone(number=number, person_id=person.id, is_default=first)
        session.add(phone)
        session.flush()
    if make_default:
        set_default(session, person, phone.id)
    else:
        _refresh(session, person)
    return MoveResult(phone=phone, moved_from=moved_from)
