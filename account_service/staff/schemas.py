from __future__ import annotations

from pydantic import BaseModel, Field


class StaffLoginRequest(BaseModel):
    staff_no: str = Field(min_length=1, max_length=20)
    password: str = Field(min_length=1, max_length=128)


class StaffLoginResponse(BaseModel):
    staff_no: str
    name_masked: str
    staff_token: str
    expires_in_s: int
