from __future__ import annotations

from pydantic import BaseModel, Field

from account_service.wire import RequestModel


class EnrollRequest(RequestModel):
    code: str = Field(min_length=1, max_length=40)
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 public key")
    name: str = Field(default="", max_length=100)


class EnrollResponse(BaseModel):
    terminal_id: str
    bundle_public_key: str | None = Field(
        default=None,
        description="base64 of the raw 32-byte X25519 key offline bundles are encrypted to "
        "(null when the service cannot provide one; fetch it later: GET /v1/bundle-key)",
    )
