"""Budgets: at most ``limit`` events per ``window`` for one key (a terminal, a person, the
whole service), counted in the database behind a row lock so every replica agrees.

Used for what no single account's rule covers: failures and locks caused by one terminal
across accounts (password spraying, locking strangers out), look-ups of unknown
identifiers (enumeration), and SMS sent per terminal, per person and overall (SMS
pumping). A budget spent answers with how long to wait; nothing is counted meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from account_service.db import dialect_name
from account_service.settings import AccountServiceSettings
from account_service.throttle.models import RateWindow


class Scope(StrEnum):
    TERMINAL_FAILURES = "terminal_failures"
    TERMINAL_LOCKS = "terminal_locks"
    UNKNOWN_IDS = "unknown_ids"
    SMS_TERMINAL = "sms_terminal"
    SMS_PERSON = "sms_person"
    SMS_GLOBAL = "sms_global"


@dataclass(frozen=True, slots=True)
class Budget:
    scope: Scope
    limit: int
    window: timedelta


def budget(settings: AccountServiceSettings, scope: Scope) -> Budget:
    minutes = timedelta(minutes=1)
    limits: dict[Scope, tuple[int, timedelta]] = {
        Scope.TERMINAL_FAILURES: (settings.terminal_failures_per_10min, 10 * minutes),
        Scope.TERMINAL_LOCKS: (settings.terminal_locks_per_hour, 60 * minutes),
        Scope.UNKNOWN_IDS: (settings.terminal_unknown_ids_per_10min, 10 * minutes),
        Scope.SMS_TERMINAL: (settings.sms_per_terminal_per_hour, 60 * minutes),
        Scope.SMS_PERSON: (settings.sms_per_person_per_hour, 60 * minutes),
        Scope.SMS_GLOBAL: (settings.sms_global_per_minute, minutes),
    }
    limit, window = limits[scope]
    return Budget(scope, limit, window)


def _row(session: Session, scope: Scope, key: str, now: datetime) -> RateWindow:
    insert = pg_insert if dialect_name(session) == "postgresql" else sqlite_insert
    session.execute(
        insert(RateWindow)
        .values(scope=scope.value, key=key, window_start=now, count=0)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
    )
    return session.scalars(
        select(RateWindow)
        .where(RateWindow.scope == scope.value, RateWindow.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def wait_for(session: Session, spent: Budget, key: str, now: datetime) -> timedelta:
    """How long until one more event is allowed (zero: now). Counts nothing."""
    row = session.scalars(
        select(RateWindow).where(RateWindow.scope == spent.scope.value, RateWindow.key == key)
    ).one_or_none()
    if row is None or now >= row.window_start + spent.window or row.count < spent.limit:
        return timedelta(0)
    return row.window_start + spent.window - now


def spend(session: Session, spent: Budget, key: str, now: datetime) -> timedelta:
    """Count one event if the budget allows it and answer zero; else how long to wait."""
    row = _row(session, spent.scope, key, now)
    if now >= row.window_start + spent.window:
        row.window_start, row.count = now, 0
    if row.count >= spent.limit:
        return row.window_start + spent.window - now
    row.count += 1
    return timedelta(0)
