"""Every signed POST carries an Idempotency-Key (a UUID; missing → VALIDATION_ERROR) and
runs through the idempotent runner: ``run(lambda s: service.do(session=s, ...))`` runs the
operation once per key, in one transaction, and answers with its model (or the stored
answer of a retry, or the rule error, as JSON)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from account_service.api.context import Context
from account_service.api.signed import Signed, SignedRequest
from account_service.context import ServiceContext
from account_service.idempotency.service import Answer, request_hash, run_idempotent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


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
        raise UserError(ErrorCode.VALIDATION_ERROR, {"reason": "Idempotency-Key header missing"})
    try:
        key = str(uuid.UUID(idempotency_key))
    except ValueError:
        raise UserError(
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


@dataclass(frozen=True, slots=True)
class IdempotentRunner:
    """The runner of one POST: call it with ``operation(session) -> answer model``."""

    context: ServiceContext
    post: IdempotentPost

    @property
    def terminal_id(self) -> uuid.UUID:
        """The signed terminal that sent the POST."""
        return self.post.signed.terminal_id

    def __call__(self, operation: Callable[[Session], BaseModel]) -> JSONResponse:
        """Run ``operation`` once per Idempotency-Key; a retry gets the stored answer."""
        answer = run_idempotent(
            session_factory=self.context.session_factory,
            clock=self.context.clock,
            terminal_id=self.terminal_id,
            key=self.post.key,
            hash_=self.post.request_hash,
            retention=self.context.settings.idempotency_ttl_delta,
            operation=lambda session: Answer.ok(operation(session)),
            vault=self.context.answers,
        )
        return JSONResponse(answer.body, status_code=answer.status_code)


def idempotent_runner(post: Idempotent, context: Context) -> IdempotentRunner:
    return IdempotentRunner(context=context, post=post)


Run = Annotated[IdempotentRunner, Depends(idempotent_runner)]
