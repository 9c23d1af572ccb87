from __future__ import annotations

from pydantic import BaseModel, Field


class BundleKeyOut(BaseModel):
    public_key: str = Field(description="base64 of the raw 32-byte X25519 public key")
    algorithm: str = Field(default="X25519", description="always X25519 in format version 1")
    fingerprint: str = Field(description="what bundles name as their recipient_key")
