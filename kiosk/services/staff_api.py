"""What staff mode needs from the account service (docs: ``POST /v1/staff/login``).

Implemented over HTTP by ``HttpAccountClient.staff_login``; failures arrive as
``UserError`` (``SERVICE_UNREACHABLE`` when the service cannot be reached).
"""

from __future__ import annotations

from typing import Protocol

from kiosk.protocol.relations import AddPersonRequest, People
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


class HallRelationsApi(Protocol):
    """The hall counter's 人企关联 (R-HA-2) with the staff token: an enterprise's people,
    a handler added (not withdrawable online, R-RE-7), any relation ended. Blocking."""

    def hall_enterprise(self, staff_token: str, enterprise_code: str) -> People: ...

    def hall_add_person(
        self, staff_token: str, enterprise_code: str, person: AddPersonRequest
    ) -> People: ...

    def hall_end_relation(
        self, staff_token: str, enterprise_code: str, relation_id: str
    ) -> People: ...
