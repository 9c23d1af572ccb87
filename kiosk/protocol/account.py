"""Forgot password (R-PW-4), retrieve phone (R-PH-5) and the account center (R-PH-1,
R-UN-1, R-RN-1..3, R-AC-1..2): ``/v1/account`` (docs/account-self-service.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from kiosk.protocol.base import AnswerModel, RequestModel
from kiosk.protocol.people import Notice, PersonSummary


class ConfirmationAction(StrEnum):
    """Account-center changes that need an SMS code first (where the code goes: contract)."""

    ADD_PHONE = "add_phone"  # to the new number (possession, R-PH-2)
    REMOVE_PHONE = "remove_phone"  # to the default number (the owner agrees)
    SET_DEFAULT_PHONE = "set_default_phone"  # to that number (it must receive codes, R-PH-7)
    DEREGISTER = "deregister"  # to the default number (R-AC-1)


class ResetStartRequest(RequestModel):
    document_type: str = Field(min_length=1, max_length=40)
    document_number: str = Field(min_length=1, max_length=40)


class ResetStarted(AnswerModel):
    """R-PW-4 step 1 passed: how this person may prove who they are."""

    verification_id: str
    phone_masked: str | None  # the default phone the code would go to; None = no phone
    methods: tuple[Literal["sms", "face"], ...]
    expires_in_s: int


class ResetVerified(AnswerModel):
    """R-PW-4 step 2 passed: the single-use token that lets step 3 set the password."""

    reset_token: str = Field(repr=False)


class NewPasswordRequest(RequestModel):
    reset_token: str = Field(min_length=1, max_length=128, repr=False)
    new_password: str = Field(min_length=1, max_length=128, repr=False)


class ResetDone(AnswerModel):
    status: Literal["password_reset"] = "password_reset"
    unlocked: bool  # the new password also lifted a lock (R-LK-1)


class RetrieveStartRequest(RequestModel):
    identifier: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128, repr=False)


class RetrieveStarted(AnswerModel):
    """R-PH-5: the personal password matched; a new number may be confirmed."""

    verification_id: str


class PhoneRequest(RequestModel):
    phone: str = Field(min_length=1, max_length=32)


class PhoneBound(AnswerModel):
    status: Literal["phone_bound"] = "phone_bound"
    phone_masked: str
    moved_from_another_person: bool  # R-PH-2: the number was taken from someone else


class PhoneEntry(AnswerModel):
    phone_id: int
    phone_masked: str
    is_default: bool


class AccountView(AnswerModel):
    """What the account center shows."""

    person: PersonSummary
    phones: tuple[PhoneEntry, ...]
    username: str | None
    username_next_change_on: date | None  # None: a change is allowed now
    real_name_level: int
    notices: tuple[Notice, ...]
    phone_limit: int

    @property
    def default_phone(self) -> PhoneEntry | None:
        return next((p for p in self.phones if p.is_default), None)


class ConfirmationRequest(RequestModel):
    action: ConfirmationAction
    phone: str | None = Field(default=None, max_length=32)
    phone_id: int | None = None


class ConfirmationStarted(AnswerModel):
    """The confirmation is open and its first code is already sent."""

    verification_id: str
    action: ConfirmationAction
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


class ConfirmationDone(AnswerModel):
    action: ConfirmationAction
    account: AccountView | None  # None after a deregistration (the session is over)


class UsernameRequest(RequestModel):
    username: str = Field(max_length=64)


class PasswordChangeRequest(RequestModel):
    old_password: str = Field(min_length=1, max_length=128, repr=False)
    new_password: str = Field(min_length=1, max_length=128, repr=False)


class PasswordChanged(AnswerModel):
    status: Literal["password_changed"] = "password_changed"


class HistoryEvent(AnswerModel):
    """One line of 历史管理信息 (R-AC-2); details are masked by the service."""

    event_id: str
    at: AwareDatetime
    kind: str
    terminal_name: str | None
    detail_zh: str
    detail_en: str


class HistoryList(AnswerModel):
    events: tuple[HistoryEvent, ...]


class Cleared(AnswerModel):
    status: Literal["cleared"] = "cleared"
