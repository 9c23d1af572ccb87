"""Hall staff (R-HA-1, R-LK-1): staff login, locks, held collection records
(``/v1/staff``)."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from kiosk.protocol.base import AnswerModel, RequestModel

# No control characters: a staff number is printable, and PostgreSQL refuses NUL in any text
# parameter (a 500 instead of a 4xx; found by tests/account_service/test_openapi_fuzz.py).
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"


class StaffLoginRequest(RequestModel):
    staff_no: str = Field(min_length=1, max_length=20, pattern=PRINTABLE)
    password: str = Field(min_length=1, max_length=128, repr=False)
    # The public half of the record key the terminal made for this staff member (R-HA-1).
    record_key: str | None = Field(default=None, max_length=64)


class StaffLoggedIn(AnswerModel):
    staff_no: str
    name_masked: str
    staff_token: str = Field(repr=False)
    expires_in_s: int
    # The record key the service recorded for this login (R-HA-1), if one was sent.
    record_key_id: str | None = None
    record_key_expires_at: AwareDatetime | None = None


class LockRequest(RequestModel):
    """A person, by what they log in with (ID number, phone or username, R-LG-1)."""

    identifier: str = Field(min_length=1, max_length=40)


class StaffUnlockRequest(RequestModel):
    staff_no: str = Field(min_length=1, max_length=20, pattern=PRINTABLE)


class LockView(AnswerModel):
    """A lock as hall staff see it: who (masked), whether and until when, today's failures;
    never a secret."""

    name_masked: str
    id_number_masked: str | None = None  # None for a staff member
    staff_no: str | None = None
    locked: bool
    unlock_at: AwareDatetime | None = None
    unlock_text: str | None = None
    unlock_text_en: str | None = None
    failures_today: dict[str, int]


class ReviewRequest(RequestModel):
    approve: bool


class HeldRecord(AnswerModel):
    record_id: str
    name_masked: str
    id_number_masked: str
    collected_by: str
    received_at: AwareDatetime


class HeldList(AnswerModel):
    records: tuple[HeldRecord, ...]
