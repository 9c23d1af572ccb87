"""The FastAPI dependency that admits only signed requests from enrolled terminals."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from account_service.context import ServiceContext, get_context
from account_service.terminals.service import SignatureHeaders, verify_request


@dataclass(frozen=True, slots=True)
class SignedRequest:
    terminal_id: uuid.UUID
    method: str
    path_with_query: str
    body_sha256: str


def path_with_query(request: Request) -> str:
    """Exactly what the client sent (raw path, raw query): what it signed."""
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    path = raw.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


async def signed_request(
    request: Request,
    context: Annotated[ServiceContext, Depends(get_context)],
    *,
    x_terminal_id: Annotated[str | None, Header()] = None,
    x_timestamp: Annotated[str | None, Header()] = None,
    x_nonce: Annotated[str | None, Header()] = None,
    x_signature: Annotated[str | None, Header()] = None,
) -> SignedRequest:
    body = await request.body()
    target = path_with_query(request)
    headers = SignatureHeaders(x_terminal_id, x_timestamp, x_nonce, x_signature)

    def check() -> uuid.UUID:
        # Own transaction: the nonce stays recorded whatever the route does next.
        with context.session_factory.begin() as session:
            return verify_request(
                session=session,
                clock=context.clock,
                headers=headers,
                method=request.method,
                path_with_query=target,
                body=body,
            )

    terminal_id = await run_in_threadpool(check)
    return SignedRequest(
        terminal_id=terminal_id,
        method=request.method,
        path_with_query=target,
        body_sha256=hashlib.sha256(body).hexdigest(),
    )


Signed = Annotated[SignedRequest, Depends(signed_request)]
