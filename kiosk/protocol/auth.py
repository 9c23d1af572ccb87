"""Password login and its second factor (R-LG-1, R-2F-1..3, R-PW-3): ``/v1/auth``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, RootModel

from kiosk.protocol.base import AnswerModel, FaceTemplate, RequestModel
from kiosk.protocol.enterprise import Acting
from kiosk.protocol.people import Notice, PersonSummary


class Factor(StrEnum):
    SMS = "sms"
    FACE = "face"
    QR = "qr"


class VerifyStatus(StrEnum):
    LOGGED_IN = "logged_in"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"


class LoginRequest(RequestModel):
    identifier: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128, repr=False)
    # 企业业务 (R-EN-1): the enterprise's USCC or taxpayer id; None for 自然人业务.
    enterprise_code: str | None = Field(default=None, min_length=1, max_length=20)


class PasswordAccepted(AnswerModel):
    attempt_id: str
    sms_phone_masked: str | None
    initial_password: bool
    # A factor this terminal does not know yet (a newer service) stays a plain string.
    second_factors: tuple[Factor | str, ...] = (Factor.SMS,)


class SmsSent(AnswerModel):
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


class CodeRequest(RequestModel):
    code: str = Field(min_length=1, max_length=12, repr=False)


class FaceRequest(RequestModel):
    """The template of the chosen camera frame, never a picture."""

    template: FaceTemplate


class LoggedIn(AnswerModel):
    status: Literal[VerifyStatus.LOGGED_IN] = VerifyStatus.LOGGED_IN
    session_token: str = Field(repr=False)
    expires_in_s: int
    person: PersonSummary
    notices: tuple[Notice, ...] = ()
    acting: Acting | None = None  # None from a service without enterprises: personal


class PasswordChangeRequired(AnswerModel):
    status: Literal[VerifyStatus.PASSWORD_CHANGE_REQUIRED] = VerifyStatus.PASSWORD_CHANGE_REQUIRED
    change_token: str = Field(repr=False)


SecondFactorAnswer = Annotated[LoggedIn | PasswordChangeRequired, Field(discriminator="status")]


class SecondFactorResult(RootModel[SecondFactorAnswer]):
    """The answer to a second factor: a session, or the R-PW-3 change on an initial
    password."""


class InitialChangeRequest(RequestModel):
    change_token: str = Field(min_length=1, max_length=128, repr=False)
    new_password: str = Field(min_length=1, max_length=128, repr=False)


class StatusAnswer(AnswerModel):
    status: Literal["password_changed", "logged_out"]


class SessionAnswer(AnswerModel):
    person: PersonSummary
    expires_in_s: int
    acting: Acting | None = None
