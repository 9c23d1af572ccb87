"""R-LK-1 on stored counters, and what keeps the rule from becoming a weapon.

Callers hold the person's row lock (``lock_person``) and call ``before_verifying`` before
they check any factor (password, SMS code, face), then ``record_failure`` or
``record_success``. The seeds' rule stays: five consecutive failures of one method in a
Shanghai day lock the whole account until midnight or 忘记密码. Around it (docs/security.md):
- the quick-login gap (``auth.quick_login``): a failure sooner than the gap after the last
  one of the same account or terminal is refused uncounted, for every factor;
- the slow-down: after ``slow_after_failures`` failures of a method, each further try of it
  waits ``slow_down_s`` (doubling) since the last failure, refused uncounted meanwhile, so
  a lock takes minutes of a stranger's presence, not 4.5 s;
- the terminal's budgets (``throttle``): counted failures across accounts per 10 minutes,
  and locks per hour: a terminal locks at most a few people an hour, whoever stands at it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from account_service.auth.models import FailureCounter
from account_service.auth.sessions import end_sessions
from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.quick_login.service import SeenFrom, mark_failure, refuse_if_too_fast
from account_service.throttle.service import Scope, budget, spend, wait_for
from account_service.trail import events
from kiosk.domain.lockout import (
    AuthMethod,
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)
from kiosk.domain.moments import unlock_details
from kiosk.domain.sms_window import seconds_up
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

LOCK_ENGAGED = events.EventKind.LOCK_ENGAGED.value


def locked_error(person: Person, now: datetime) -> UserError:
    assert person.locked_until is not None
    details, details_en = unlock_details(person.locked_until, now)
    return UserError(ErrorCode.ACCOUNT_LOCKED, details, details_en=details_en)


def refuse_if_locked(person: Person, now: datetime) -> None:
    if is_locked(person.locked_until, now):
        raise locked_error(person, now)


def _throttled(wait: timedelta) -> UserError:
    return UserError(ErrorCode.TERMINAL_THROTTLED, {"retry_after_s": seconds_up(wait)})


def _slow_down(context: ServiceContext, failures: int) -> timedelta:
    beyond = failures - context.settings.slow_after_failures
    if beyond < 0 or context.settings.slow_down_s <= 0:
        return timedelta(0)
    return timedelta(seconds=context.settings.slow_down_s * 2**beyond)


def before_verifying(
    *,
    session: Session,
    context: ServiceContext,
    person: Person,
    method: AuthMethod,
    now: datetime,
    terminal_id: uuid.UUID | None,
    while_locked: bool = False,
) -> None:
    """Refuse a locked account (unless ``while_locked``: 忘记密码 is the way out of a lock),
    and, uncounted, a try that comes too soon: LOGIN_TOO_FAST (the quick-login gap),
    TERMINAL_THROTTLED (this terminal's failure budget), ACCOUNT_SLOWED (the slow-down)."""
    if not while_locked:
        refuse_if_locked(person, now)
    refuse_if_too_fast(
        session=session, context=context, seen=SeenFrom(person.id, terminal_id), now=now
    )
    if terminal_id is not None:
        failures = budget(context.settings, Scope.TERMINAL_FAILURES)
        wait = wait_for(session, failures, str(terminal_id), now)
        if wait > timedelta(0):
            raise _throttled(wait)
    row = session.get(FailureCounter, (person.id, method.value))
    if row is None or row.day != shanghai_day(now) or row.last_failure_at is None:
        return
    wait = row.last_failure_at + _slow_down(context, row.count) - now
    if wait > timedelta(0):
        raise UserError(ErrorCode.ACCOUNT_SLOWED, {"retry_after_s": seconds_up(wait)})


def record_failure(
    *,
    session: Session,
    context: ServiceContext,
    person: Person,
    method: AuthMethod,
    now: datetime,
    wrong: ErrorCode,
    terminal_id: uuid.UUID | None = None,
) -> UserError:
    """Count one failure; the error to answer with (``wrong`` with remaining, or locked).
    A terminal that has locked its budget of accounts this hour locks no more: its fifth
    failure is refused uncounted (TERMINAL_THROTTLED)."""
    row = session.get(FailureCounter, (person.id, method.value))
    before = FailureCount(day=row.day, count=row.count) if row else FailureCount()
    after = before.after_failure(now)
    if after.locks(now) and terminal_id is not None:
        wait = spend(session, budget(context.settings, Scope.TERMINAL_LOCKS), str(terminal_id), now)
        if wait > timedelta(0):
            return _throttled(wait)
    if terminal_id is not None:
        spend(session, budget(context.settings, Scope.TERMINAL_FAILURES), str(terminal_id), now)
    mark_failure(session=session, context=context, seen=SeenFrom(person.id, terminal_id), now=now)
    day = shanghai_day(now)
    if row is None:
        session.add(
            FailureCounter(
                person_id=person.id,
                method=method.value,
                day=day,
                count=after.count,
                last_failure_at=now,
            )
        )
    else:
        row.day, row.count, row.last_failure_at = day, after.count, now
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
    return UserError(wrong, {"remaining": after.remaining(now)})


def record_success(*, session: Session, person: Person, method: AuthMethod) -> None:
    row = session.get(FailureCounter, (person.id, method.value))
    if row is not None:
        row.count = 0
