"""The FastAPI dependency that admits only signed requests from enrolled terminals. The
signature itself is checked by ``terminals.gate`` before the body is parsed; the headers
are declared here so that the API description names them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

SIGNED_STATE = "signed"  # the scope key under which the gate leaves the verified terminal


@dataclass(frozen=True, slots=True)
class SignedRequest:
    terminal_id: uuid.UUID
    method: str
    path_with_query: str
    body_sha256: str


def signed_request(
    request: Request,
    *,
    x_terminal_id: Annotated[str | None, Header()] = None,
    x_timestamp: Annotated[str | None, Header()] = None,
    x_nonce: Annotated[str | None, Header()] = None,
    x_signature: Annotated[str | None, Header()] = None,
) -> SignedRequest:
    """The terminal the gate verified; a route reached without one answers 401."""
    del x_terminal_id, x_timestamp, x_nonce, x_signature  # verified by the gate
    verified = request.scope.get("state", {}).get(SIGNED_STATE)
    if verified is None:
        raise UserError(ErrorCode.TERMINAL_UNAUTHORIZED)
    terminal_id, target, body_sha256 = verified
    return SignedRequest(
        terminal_id=terminal_id,
        method=request.method,
        path_with_query=target,
        body_sha256=body_sha256,
    )


Signed = Annotated[SignedRequest, Depends(signed_request)]
