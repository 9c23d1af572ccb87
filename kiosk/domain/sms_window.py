"""R-SMS-1 and R-2F-3: the per-phone SMS window and the per-attempt resend countdown.

At most 5 codes in the 10 minutes counted from the window's first code; 10 minutes after
that first code a new window starts with the next code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

WINDOW = timedelta(minutes=10)
MAX_PER_WINDOW = 5
RESEND_COUNTDOWN = timedelta(seconds=60)
CODE_TTL = timedelta(minutes=5)
CODE_LENGTH = 6


def normalize_code(typed: str) -> str:
    """A code as typed, read the way a person means it: full-width digits (a Chinese
    input method) become ASCII, and spaces anywhere are dropped ("123 456")."""
    return "".join(unicodedata.normalize("NFKC", typed).split())


def is_code(text: str) -> bool:
    """Exactly six ASCII digits (``str.isdigit`` alone also accepts other scripts' digits)."""
    return len(text) == CODE_LENGTH and text.isascii() and text.isdigit()


@dataclass(frozen=True, slots=True)
class SmsWindow:
    start: datetime | None = None
    count: int = 0

    def wait(self, now: datetime) -> timedelta:
        """Zero when a code may be sent at ``now``, else how long until it may."""
        if self.start is None or now >= self.start + WINDOW or self.count < MAX_PER_WINDOW:
            return timedelta(0)
        return self.start + WINDOW - now

    def after_send(self, now: datetime) -> SmsWindow:
        if self.start is None or now >= self.start + WINDOW:
            return SmsWindow(start=now, count=1)
        return SmsWindow(start=self.start, count=self.count + 1)


def seconds_up(delta: timedelta) -> int:
    """Whole seconds to show a person, rounded up so '0 s' never means 'not yet'."""
    return max(0, ceil(delta.total_seconds()))


def resend_wait(last_sent_at: datetime | None, now: datetime) -> timedelta:
    """R-2F-3: the countdown belongs to the attempt; a new attempt has none."""
    if last_sent_at is None:
        return timedelta(0)
    return max(timedelta(0), last_sent_at + RESEND_COUNTDOWN - now)
