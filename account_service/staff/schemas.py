from __future__ import annotations

from pydantic import BaseModel, Field

# No control characters: a staff number is printable, and PostgreSQL refuses NUL in any text
# parameter (a 500 instead of a 4xx; found by tests/account_service/test_openapi_fuzz.py).
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"


class StaffLoginRequest(BaseModel):
    staff_no: str = Field(min_length=1, max_length=20, pattern=PRINTABLE)
    password: str = Field(min_length=1, max_length=128)


class StaffLoginResponse(BaseModel):
    staff_no: str
    name_masked: str
    staff_token: str
    expires_in_s: int
