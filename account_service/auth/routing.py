"""What the login routers share: answering a POST through the idempotent runner, and the
bearer token of a GET. Both the person login (``auth``) and the agent login (``agents``)
keep their routes thin on top of these."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from account_service.context import ServiceContext
from account_service.idempotency.dependencies import IdempotentPost
from account_service.idempotency.service import Answer, run_idempotent


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
    )
    return JSONResponse(answer.body, status_code=answer.status_code)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header; None when absent or blank."""
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None
