"""``GET /v1/bundle-key`` (signed): the public key terminals encrypt offline bundles to."""

from __future__ import annotations

from fastapi import APIRouter

from account_service.api import Context, Signed
from account_service.bundle_keys import (
    fingerprint,
    load_or_create_key,
    public_bytes,
    public_key_b64,
)
from kiosk.protocol.terminals import BundleKey

router = APIRouter(prefix="/v1", tags=["bundles"])


@router.get("/bundle-key", response_model=BundleKey)
def bundle_key(_signed: Signed, context: Context) -> BundleKey:
    key = load_or_create_key(context.settings.bundle_key_path)
    return BundleKey(public_key=public_key_b64(key), fingerprint=fingerprint(public_bytes(key)))
