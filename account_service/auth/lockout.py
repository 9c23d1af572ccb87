"""R-LK-1 on stored counters. Callers hold the person's row lock (``lock_person``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from account_service.account import events
from account_service.auth.models import FailureCounter
from account_service.auth.sessions import end_sessions
from account_service.errors import AppError
from account_service.persons.models import Person
from kiosk.domain.lockout import (
    AuthMethod,
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)
from kiosk.domain.messages import ErrorCode
from kiosk.domain.moments import unlock_details

LOCK_ENGAGED = events.EventKind.LOCK_ENGAGED.value


def locked_error(person: Person, now: datetime) -> AppError:
    assert person.locked_until is not None
    details, details_en = unlock_details(person.locked_until, now)
    return AppError(ErrorCode.ACCOUNT_LOCKED, details, details_en=details_en)


def refuse_if_locked(person: Person, now: datetime) -> None:
    if is_locked(person.locked_until, now):
        raise locked_error(person, now)


def record_failure(
    *,
    session: Session,
    person: Person,
    method: AuthMethod,
    now: datetime,
    wrong: ErrorCode,
    terminal_id: uuid.UUID | None = None,
) -> AppError:
    """Count one failure; the error to answer with (``wrong`` with remaining, or locked)."""
    row = session.get(FailureCounter, (person.id, method.value))
    before = FailureCount(day=row.day, count=row.count) if row else FailureCount()
    after = before.after_failure(now)
    day = shanghai_day(now)
    if row is None:
        session.add(
            FailureCounter(person_id=person.id, method=method.value, day=day, count=after.count)
        )
    else:
        row.day, row.count = day, after.count
    if after.locks(now):
        person.locked_until = next_midnight(now)
        # R-LK-1 with R-SE-1: a locked account is logged in nowhere, whichever entry
        # (login, the account center, a face check) counted the fifth failure.
        end_sessions(session, person.id, now)
        events.record(  # who, where and when, never what was typed
            session,
            person_id=person.id,
            kind=events.EventKind.LOCK_ENGAGED,
            terminal_id=terminal_id,
            at=now,
            detail={"method": method.value},
        )
        return locked_error(person, now)
    return AppError(wrong, {"remaining": after.remaining(now)})


def record_success(*, session: Session, person: Person, method: AuthMethod) -> None:
    row = session.get(FailureCounter, (person.id, method.value))
    if row is not None:
        row.count = 0
