"""POST /v1/terminals/enroll (unsigned: the one-time code is the credential)."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter

from account_service.api import Context
from account_service.bundle_keys import BundleKeyError, load_or_create_key, public_key_b64
from account_service.terminals import service
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.terminals import Enrolled, EnrollRequest

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/terminals", tags=["terminals"])


def _bundle_public_key(path: Path) -> str | None:
    """Offered, not required: a service that cannot provide a bundle key still enrolls
    (the terminal fetches it later from ``GET /v1/bundle-key``)."""
    try:
        return public_key_b64(load_or_create_key(path))
    except (OSError, BundleKeyError) as exc:
        logger.warning("no bundle key for the enrollment answer: %s", exc)
        return None


@router.post("/enroll", response_model=Enrolled, status_code=201)
def enroll(body: EnrollRequest, context: Context) -> Enrolled:
    if service.decode_public_key(body.public_key) is None:
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "public_key must be base64 of a raw 32-byte Ed25519 key"},
        )
    with context.session_factory.begin() as session:
        terminal_id = service.enroll(
            session=session,
            clock=context.clock,
            code=body.code,
            public_key=body.public_key,
            name=body.name,
        )
    return Enrolled(
        terminal_id=str(terminal_id),
        bundle_public_key=_bundle_public_key(context.settings.bundle_key_path),
    )
