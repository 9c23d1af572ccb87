"""What staff mode needs from the account service (docs: ``POST /v1/staff/login``).

Implemented over HTTP by ``HttpAccountClient.staff_login``; failures arrive as
``UserError`` (``SERVICE_UNREACHABLE`` when the service cannot be reached).
"""

from __future__ import annotations

from typing import Protocol

from kiosk.protocol.staff import LockView, StaffLoggedIn


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
