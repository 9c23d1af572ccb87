"""QR login (R-QR-1) and QR verification (R-QR-2): ``/v1/qr``; the tax app's side is a
development simulator."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from kiosk.protocol.auth import LoggedIn, PasswordChangeRequired
from kiosk.protocol.base import AnswerModel, RequestModel
from kiosk.protocol.people import Organization


class QrPurpose(StrEnum):
    LOGIN = "login"  # R-QR-1: the terminal takes over the app's login state
    VERIFY = "verify"  # R-QR-2: the second factor of an open password login attempt


class QrStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    EXPIRED = "expired"


class LoginMode(StrEnum):
    """The app's login state the terminal takes over (R-QR-1)."""

    PERSONAL = "personal"
    ENTERPRISE = "enterprise"


class TaxApp(StrEnum):
    ETAX = "etax"  # 电子税务局 app: personal or enterprise login state
    IIT = "iit"  # 个人所得税 app: personal business only (R-QR-1)


class QrChallengeRequest(RequestModel):
    purpose: QrPurpose
    # "verify" only: the open login attempt whose password was right (R-QR-2, R-2F-1).
    attempt_id: str | None = Field(default=None, max_length=64)


class QrChallenge(AnswerModel):
    """What the terminal shows: ``payload`` is the QR code's text (opaque, single use)."""

    challenge_id: str
    purpose: QrPurpose
    payload: str = Field(repr=False)
    expires_in_s: int


class QrLoggedIn(LoggedIn):
    """A login session like the SMS login's, plus the app's login state (R-QR-1)."""

    mode: LoginMode = LoginMode.PERSONAL
    enterprise: Organization | None = None


class QrResult(AnswerModel):
    """One look at a challenge. ``result`` is set once, with ``COMPLETED``: a session, or
    for R-QR-2 on the initial password the R-PW-3 change token."""

    status: QrStatus
    result: Annotated[QrLoggedIn | PasswordChangeRequired, Field(discriminator="status")] | None = (
        None
    )


class ScanRequest(RequestModel):
    """What the tax app's backend sends after its user scanned the terminal's QR code."""

    payload: str = Field(min_length=1, max_length=200)
    app: TaxApp
    person_document_number: str = Field(min_length=1, max_length=40)
    # The enterprise the app is logged in for: its USCC or taxpayer id (R-EN-1).
    enterprise_uscc: str | None = Field(default=None, min_length=15, max_length=20)


class QrScanned(AnswerModel):
    status: Literal["confirmed"] = "confirmed"
    purpose: QrPurpose
    mode: LoginMode
