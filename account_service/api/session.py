"""``CurrentSession``: the session token a logged-in route works for, read once from the
``Authorization: Bearer …`` header of a signed request. The token is checked inside the
route's own transaction (``auth.sessions.live_session``): absent, ended, expired or shown
by another terminal than the one that opened it, it is SESSION_INVALID (the same answer)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header

from account_service.api.signed import Signed


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


def current_session(
    signed: Signed, authorization: Annotated[str | None, Header()] = None
) -> Bearer:
    return Bearer(bearer_token(authorization), signed.terminal_id)


CurrentSession = Annotated[Bearer, Depends(current_session)]
