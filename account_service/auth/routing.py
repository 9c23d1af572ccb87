"""What the login routers share: answering a POST through the idempotent runner, and the
bearer token of a GET. Both the person login (``auth``) and the agent login (``agents``)
keep their routes thin on top of these."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from account_service.context import ServiceContext
from account_service.idempotency.dependencies import IdempotentPost
from account_service.idempotency.service import Answer, run_idempotent
from account_service.terminals.dependencies import Signed


def answer_idempotently(
    context: ServiceContext, post: IdempotentPost, operation: Callable[[Session], Answer]
) -> JSONResponse:
    """Run ``operation`` once per Idempotency-Key; a retry gets the stored answer."""
    answer = run_idempotent(
        session_factory=context.session_factory,
        clock=context.clock,
        terminal_id=post.signed.terminal_id,
        key=post.key,
        hash_=post.request_hash,
        retention=context.settings.idempotency_ttl_delta,
        operation=operation,
        vault=context.answers,
    )
    return JSONResponse(answer.body, status_code=answer.status_code)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header; None when absent or blank."""
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


@dataclass(frozen=True, slots=True)
class Bearer:
    """A session token as a terminal presented it: a session works only from the terminal
    that opened it, so the token travels with the signed terminal that sent it."""

    token: str | None = field(repr=False)
    terminal_id: uuid.UUID


def current_bearer(signed: Signed, authorization: Annotated[str | None, Header()] = None) -> Bearer:
    return Bearer(bearer_token(authorization), signed.terminal_id)


CurrentBearer = Annotated[Bearer, Depends(current_bearer)]
