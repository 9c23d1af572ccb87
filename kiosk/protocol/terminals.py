"""Terminal enrollment, the service's bundle key and its health (``/v1``)."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from kiosk.protocol.base import AnswerModel, RequestModel


class EnrollRequest(RequestModel):
    code: str = Field(min_length=1, max_length=40, repr=False)
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 public key")
    name: str = Field(default="", max_length=100)


class Enrolled(AnswerModel):
    terminal_id: str
    bundle_public_key: str | None = Field(
        default=None,
        description="base64 of the raw 32-byte X25519 key offline bundles are encrypted to "
        "(null when the service cannot provide one; fetch it later: GET /v1/bundle-key)",
    )


class BundleKey(AnswerModel):
    public_key: str = Field(description="base64 of the raw 32-byte X25519 public key")
    algorithm: str = Field(default="X25519", description="always X25519 in format version 1")
    fingerprint: str = Field(description="what bundles name as their recipient_key")


class Health(AnswerModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"
    version: str


class OutboxSms(AnswerModel):
    """One message of the development SMS gateway."""

    phone: str
    code: str = Field(repr=False)
    purpose: str
    sent_at: AwareDatetime


class Outbox(AnswerModel):
    messages: tuple[OutboxSms, ...]
