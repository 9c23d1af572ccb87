"""What staff mode needs from the account service (docs: ``POST /v1/staff/login``).

Implemented over HTTP by ``HttpAccountClient.staff_login``; failures arrive as
``AccountError`` (``SERVICE_UNREACHABLE`` when the service cannot be reached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StaffLoggedIn:
    staff_no: str
    name_masked: str
    staff_token: str = field(repr=False)
    expires_in_s: int
    # The record key the service recorded for this login (R-HA-1, staff_keys), if asked.
    record_key_id: str | None = None
    record_key_expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LockView:
    """A lock as hall staff see it (``/v1/staff/locks``): masked, never a secret."""

    name_masked: str
    locked: bool
    failures_today: dict[str, int]
    id_number_masked: str | None = None  # a person
    staff_no: str | None = None  # a staff member
    unlock_text: str | None = None
    unlock_text_en: str | None = None


class StaffApi(Protocol):
    """Blocking: the UI calls it on a worker thread."""

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn: ...


class StaffLocksApi(Protocol):
    """Hall staff look at and lift locks (R-LK-1) with their staff token. Blocking."""

    def show_lock(self, staff_token: str, identifier: str) -> LockView: ...

    def clear_lock(self, staff_token: str, identifier: str) -> LockView: ...

    def show_staff_lock(self, staff_token: str, staff_no: str) -> LockView: ...

    def clear_staff_lock(self, staff_token: str, staff_no: str) -> LockView: ...
