"""Request and answer bodies of docs/account-self-service.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from account_service.account.models import Action
from account_service.persons.schemas import PersonSummary
from account_service.wire import RequestModel

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
TEMPLATE_LENGTH = 128


class ResetStartRequest(RequestModel):
    document_type: str = Field(min_length=1, max_length=40)
    document_number: str = Field(min_length=1, max_length=40)


class ResetStarted(BaseModel):
    verification_id: str
    phone_masked: str | None
    methods: list[Literal["sms", "face"]]
    expires_in_s: int


class EmptyRequest(RequestModel):
    pass


class CodeRequest(RequestModel):
    code: str = Field(min_length=1, max_length=12)


class FaceRequest(RequestModel):
    template: list[FiniteFloat] = Field(min_length=TEMPLATE_LENGTH, max_length=TEMPLATE_LENGTH)


class ResetVerified(BaseModel):
    reset_token: str


class NewPasswordRequest(RequestModel):
    reset_token: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class ResetDone(BaseModel):
    status: Literal["password_reset"] = "password_reset"
    unlocked: bool


class RetrieveStartRequest(RequestModel):
    identifier: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class RetrieveStarted(BaseModel):
    verification_id: str


class PhoneRequest(RequestModel):
    phone: str = Field(min_length=1, max_length=32)


class PhoneBound(BaseModel):
    status: Literal["phone_bound"] = "phone_bound"
    phone_masked: str
    moved_from_another_person: bool


class PhoneEntry(BaseModel):
    phone_id: int
    phone_masked: str
    is_default: bool


class NoticeOut(BaseModel):
    notice_id: str
    kind: str  # phone_moved (R-PH-2) or username_released (R-LG-1)
    phone_masked: str | None
    username: str | None = None  # the released username (username_released)
    at: str  # ISO 8601


class AccountView(BaseModel):
    person: PersonSummary
    phones: list[PhoneEntry]
    username: str | None
    username_next_change_on: str | None  # ISO date; null when a change is allowed now
    real_name_level: int
    notices: list[NoticeOut]
    phone_limit: int


class ConfirmationRequest(RequestModel):
    action: Action
    phone: str | None = Field(default=None, max_length=32)
    phone_id: int | None = None


class ConfirmationStarted(BaseModel):
    verification_id: str
    action: Action
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


class ConfirmationDone(BaseModel):
    action: Action
    account: AccountView | None


class UsernameRequest(RequestModel):
    username: str = Field(max_length=64)


class PasswordChangeRequest(RequestModel):
    old_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class PasswordChanged(BaseModel):
    status: Literal["password_changed"] = "password_changed"


class HistoryEvent(BaseModel):
    event_id: str
    at: str
    kind: str
    terminal_name: str | None
    detail_zh: str
    detail_en: str


class HistoryList(BaseModel):
    events: list[HistoryEvent]


class Cleared(BaseModel):
    status: Literal["cleared"] = "cleared"
