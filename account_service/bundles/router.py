"""``GET /v1/bundle-key`` (signed): the public key terminals encrypt offline bundles to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from account_service.bundles.keys import (
    fingerprint,
    load_or_create_key,
    public_bytes,
    public_key_b64,
)
from account_service.bundles.schemas import BundleKeyOut
from account_service.context import ServiceContext, get_context
from account_service.terminals.dependencies import Signed

router = APIRouter(prefix="/v1", tags=["bundles"])


@router.get("/bundle-key", response_model=BundleKeyOut)
def bundle_key(
    _signed: Signed, context: Annotated[ServiceContext, Depends(get_context)]
) -> BundleKeyOut:
    key = load_or_create_key(context.settings.bundle_key_path)
    return BundleKeyOut(public_key=public_key_b64(key), fingerprint=fingerprint(public_bytes(key)))
