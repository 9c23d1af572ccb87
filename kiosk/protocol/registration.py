"""Natural-person registration (R-ID-1..6, R-RN-1, R-RN-4): ``/v1/registration``; the
completion answers like a login (``auth.LoggedIn``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from kiosk.protocol.base import AnswerModel, RequestModel


class RegistrationStartRequest(RequestModel):
    document_type: str = Field(min_length=1, max_length=40)
    document_number: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=100)


class RegistrationStarted(AnswerModel):
    """R-ID-1 identity check passed. ``face_required`` is False for a hall-collected person
    (R-ID-3), who then registers at level 5 (R-RN-1); else 4."""

    registration_id: str
    face_required: bool
    level_on_success: int
    expires_in_s: int


class RegistrationPhoneVerified(AnswerModel):
    status: Literal["phone_verified"] = "phone_verified"
    phone_masked: str


class RegistrationFaceStatus(StrEnum):
    VERIFIED = "face_verified"
    NOT_REQUIRED = "face_not_required"  # hall-collected: nothing to compare (R-ID-3)


class RegistrationFaceChecked(AnswerModel):
    status: RegistrationFaceStatus


class RegistrationCompleteRequest(RequestModel):
    password: str = Field(min_length=1, max_length=128, repr=False)
    username: str | None = Field(default=None, max_length=64)
