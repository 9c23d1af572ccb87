from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from account_service.auth.schemas import ChangeRequiredResponse, LoggedInResponse
from account_service.qr.models import LoginMode, QrPurpose, TaxApp
from account_service.wire import RequestModel


class QrStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    EXPIRED = "expired"


class ChallengeRequest(RequestModel):
    purpose: QrPurpose
    # "verify" only: the open login attempt whose password was right (R-QR-2, R-2F-1).
    attempt_id: str | None = Field(default=None, max_length=64)


class ChallengeResponse(BaseModel):
    challenge_id: str
    purpose: QrPurpose
    payload: str  # what the QR code encodes: opaque, single use, no personal data
    expires_in_s: int


class EnterpriseOut(BaseModel):
    uscc: str
    name: str


class QrLoggedInResponse(LoggedInResponse):
    """A login session like the SMS login's, plus the app's login state (R-QR-1)."""

    mode: LoginMode = LoginMode.PERSONAL
    enterprise: EnterpriseOut | None = None


class ChallengeStatusResponse(BaseModel):
    status: QrStatus
    result: QrLoggedInResponse | ChangeRequiredResponse | None = None


class ScanRequest(RequestModel):
    """What the tax app's backend sends after its user scanned the terminal's QR code."""

    payload: str = Field(min_length=1, max_length=200)
    app: TaxApp
    person_document_number: str = Field(min_length=1, max_length=40)
    enterprise_uscc: str | None = Field(default=None, min_length=18, max_length=18)


class ScanResponse(BaseModel):
    status: Literal["confirmed"] = "confirmed"
    purpose: QrPurpose
    mode: LoginMode
