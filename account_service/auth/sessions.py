"""The live login session behind a bearer token: one check for every logged-in route."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.auth.models import AuthSession
from account_service.context import ServiceContext
from account_service.errors import AppError
from account_service.security import sha256_hex
from kiosk.domain.messages import ErrorCode


def live_session(session: Session, context: ServiceContext, token: str | None) -> AuthSession:
    """The session row, or SESSION_INVALID when absent, ended or expired (R-SE-1)."""
    if not token:
        raise AppError(ErrorCode.SESSION_INVALID)
    row = session.scalars(
        select(AuthSession).where(AuthSession.token_hash == sha256_hex(token))
    ).one_or_none()
    if row is None or row.ended_at is not None or context.clock.now() >= row.expires_at:
        raise AppError(ErrorCode.SESSION_INVALID)
    return row
