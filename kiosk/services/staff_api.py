"""What staff mode needs from the account service (docs: ``POST /v1/staff/login``).

Implemented over HTTP by ``HttpAccountClient.staff_login``; failures arrive as
``AccountError`` (``SERVICE_UNREACHABLE`` when the service cannot be reached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StaffLoggedIn:
    staff_no: str
    name_masked: str
    staff_token: str = field(repr=False)
    expires_in_s: int


class StaffApi(Protocol):
    """Blocking: the UI calls it on a worker thread."""

    def staff_login(self, staff_no: str, password: str) -> StaffLoggedIn: ...
