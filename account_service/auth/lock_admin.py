"""Hall staff look at and lift a person's lock (R-LK-1): from the kiosk's staff mode
(``/v1/staff/locks``) or the account-service CLI.

Lifting a lock also resets the day's failure counters (else the next mistake would lock
again at once) and leaves an audit event naming the staff member, without personal data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.auth.models import FailureCounter
from account_service.clock import Clock
from account_service.persons.models import Person
from account_service.persons.service import find_person, find_phone, lock_person
from account_service.trail import events
from kiosk.domain.identifiers import IdentifierKind, classify_identifier, normalize_identifier
from kiosk.domain.lockout import SHANGHAI, is_locked, shanghai_day
from kiosk.domain.masking import mask_id_number, mask_name

LOCK_CLEARED = events.EventKind.LOCK_CLEARED.value


@dataclass(frozen=True, slots=True)
class LockState:
    person_id: uuid.UUID
    name_masked: str
    id_number_masked: str
    locked: bool
    locked_until: datetime | None
    failures_today: dict[str, int]  # by method (password, sms, face)

    def line(self) -> str:
        state = (
            f"LOCKED until {self.locked_until.astimezone(SHANGHAI):%Y-%m-%d %H:%M} (Asia/Shanghai)"
            if self.locked and self.locked_until is not None
            else "not locked"
        )
        failures = ", ".join(f"{k} {v}" for k, v in sorted(self.failures_today.items())) or "none"
        return f"{self.name_masked} {self.id_number_masked}: {state}; failures today: {failures}"


def _person(session: Session, identifier: str) -> Person | None:
    """As login reads the identifier (a document number before a username, R-LG-1)."""
    text = normalize_identifier(identifier)
    kind = classify_identifier(text)
    if kind is None:
        return None
    if kind is IdentifierKind.PHONE:
        phone = find_phone(session=session, number=text)
        return phone.person if phone is not None else None
    return find_person(session=session, kind=kind, text=text)


def _view(session: Session, person: Person, now: datetime) -> LockState:
    today = shanghai_day(now)
    rows = session.scalars(select(FailureCounter).where(FailureCounter.person_id == person.id))
    return LockState(
        person_id=person.id,
        name_masked=mask_name(person.name),
        id_number_masked=mask_id_number(person.document_number),
        locked=is_locked(person.locked_until, now),
        locked_until=person.locked_until,
        failures_today={row.method: row.count for row in rows if row.day == today and row.count},
    )


def show_lock(*, session: Session, clock: Clock, identifier: str) -> LockState | None:
    person = _person(session, identifier)
    return None if person is None else _view(session, person, clock.now())


def clear_lock(
    *,
    session: Session,
    clock: Clock,
    identifier: str,
    staff_no: str,
    terminal_id: uuid.UUID | None = None,
) -> LockState | None:
    """Lift the lock and zero today's counters; audited with the staff number."""
    found = _person(session, identifier)
    if found is None:
        return None
    now = clock.now()
    person = lock_person(session=session, person_id=found.id)
    was_locked = is_locked(person.locked_until, now)
    person.locked_until = None
    for row in session.scalars(select(FailureCounter).where(FailureCounter.person_id == person.id)):
        row.count = 0
    events.record(
        session,
        person_id=person.id,
        kind=events.EventKind.LOCK_CLEARED,
        terminal_id=terminal_id,  # None: the account-service CLI
        at=now,
        detail={"staff_no": staff_no, "was_locked": "true" if was_locked else "false"},
    )
    session.flush()
    return _view(session, person, now)
