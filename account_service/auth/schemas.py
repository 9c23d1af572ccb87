from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from account_service.account.schemas import NoticeOut
from account_service.persons.schemas import PersonSummary
from account_service.wire import RequestModel


class VerifyStatus(StrEnum):
    LOGGED_IN = "logged_in"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"


class LoginRequest(RequestModel):
    identifier: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class LoginResponse(BaseModel):
    attempt_id: str
    sms_phone_masked: str | None
    initial_password: bool
    second_factors: list[str]


class SmsRequest(RequestModel):
    pass


class SmsResponse(BaseModel):
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


class VerifyRequest(RequestModel):
    code: str = Field(min_length=1, max_length=12)


class LoggedInResponse(BaseModel):
    status: Literal[VerifyStatus.LOGGED_IN] = VerifyStatus.LOGGED_IN
    session_token: str
    expires_in_s: int
    person: PersonSummary
    notices: list[NoticeOut] = []


class ChangeRequiredResponse(BaseModel):
    status: Literal[VerifyStatus.PASSWORD_CHANGE_REQUIRED] = VerifyStatus.PASSWORD_CHANGE_REQUIRED
    change_token: str


class InitialChangeRequest(RequestModel):
    change_token: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class StatusResponse(BaseModel):
    status: Literal["password_changed", "logged_out"]


class SessionResponse(BaseModel):
    person: PersonSummary
    expires_in_s: int
