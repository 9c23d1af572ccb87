"""R-LK-1: 5 consecutive failures of one method in a calendar day (Asia/Shanghai) lock.

Pure: the caller passes the current time (aware datetime) and the stored state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_CONSECUTIVE_FAILURES = 5


class AuthMethod(StrEnum):
    PASSWORD = "password"
    SMS = "sms"
    FACE = "face"


def shanghai_day(now: datetime) -> date:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(SHANGHAI).date()


def next_midnight(now: datetime) -> datetime:
    """The next 00:00 Asia/Shanghai after ``now``: when a lock lifts by itself."""
    day = shanghai_day(now) + timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=SHANGHAI)


@dataclass(frozen=True, slots=True)
class FailureCount:
    """Consecutive failures of one method, counted on one Shanghai calendar day."""

    day: date | None = None
    count: int = 0

    def current(self, now: datetime) -> int:
        """The count that still applies at ``now`` (a new day starts from zero)."""
        return self.count if self.day == shanghai_day(now) else 0

    def after_failure(self, now: datetime) -> FailureCount:
        return FailureCount(day=shanghai_day(now), count=self.current(now) + 1)

    def remaining(self, now: datetime) -> int:
        return max(0, MAX_CONSECUTIVE_FAILURES - self.current(now))

    def locks(self, now: datetime) -> bool:
        return self.current(now) >= MAX_CONSECUTIVE_FAILURES


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until
