"""The service's only source of time, injected so tests can move it (R-LK-1, R-SMS-1)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time as an aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to; safe to read from server threads."""

    def __init__(self, start: datetime | None = None) -> None:
        initial = start if start is not None else datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
        if initial.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = initial.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("when must be timezone-aware")
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta | None = None, *, seconds: float = 0) -> datetime:
        step = (delta or timedelta(0)) + timedelta(seconds=seconds)
        with self._lock:
            self._now += step
            return self._now
