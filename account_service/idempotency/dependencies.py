"""Every signed POST carries an Idempotency-Key (a UUID); missing → VALIDATION_ERROR."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header

from account_service.errors import AppError
from account_service.idempotency.service import request_hash
from account_service.terminals.dependencies import Signed, SignedRequest
from kiosk.domain.messages import ErrorCode


@dataclass(frozen=True, slots=True)
class IdempotentPost:
    signed: SignedRequest
    key: str
    request_hash: str


def idempotent_post(
    signed: Signed,
    idempotency_key: Annotated[str | None, Header(description="a UUID")] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> IdempotentPost:
    if not idempotency_key:
        raise AppError(ErrorCode.VALIDATION_ERROR, {"reason": "Idempotency-Key header missing"})
    try:
        key = str(uuid.UUID(idempotency_key))
    except ValueError:
        raise AppError(
            ErrorCode.VALIDATION_ERROR, {"reason": "Idempotency-Key must be a UUID"}
        ) from None
    hash_ = request_hash(
        method=signed.method,
        path_with_query=signed.path_with_query,
        body_sha256=signed.body_sha256,
        authorization=authorization,
    )
    return IdempotentPost(signed=signed, key=key, request_hash=hash_)


Idempotent = Annotated[IdempotentPost, Depends(idempotent_post)]
