"""Requests and answers of ``/v1/registration`` (the completion answers like login:
``auth.schemas.LoggedInResponse``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from account_service.wire import RequestModel


class StartRequest(RequestModel):
    document_type: str = Field(min_length=1, max_length=40)
    document_number: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=100)


class RegistrationStarted(BaseModel):
    registration_id: str
    face_required: bool  # False for a hall-collected person (R-ID-3)
    level_on_success: int  # 4, or 5 when hall-collected (R-RN-1)
    expires_in_s: int


class PhoneVerified(BaseModel):
    status: Literal["phone_verified"] = "phone_verified"
    phone_masked: str


class FaceStatus(StrEnum):
    VERIFIED = "face_verified"
    NOT_REQUIRED = "face_not_required"


class FaceChecked(BaseModel):
    status: FaceStatus


class CompleteRequest(RequestModel):
    password: str = Field(min_length=1, max_length=128)
    username: str | None = Field(default=None, max_length=64)
