"""The live login session behind a bearer token: one check for every logged-in route; and
ending a person's sessions (a lock, a new password, deregistration)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from account_service.api import Bearer
from account_service.auth.models import AuthSession
from account_service.context import ServiceContext
from account_service.security import sha256_hex
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


def live_session(session: Session, context: ServiceContext, token: Bearer) -> AuthSession:
    """The session row, or SESSION_INVALID when absent, ended, expired (R-SE-1), or shown
    by another terminal than the one it was opened on (the same answer: no hint)."""
    if not token.token:
        raise UserError(ErrorCode.SESSION_INVALID)
    row = session.scalars(
        select(AuthSession).where(AuthSession.token_hash == sha256_hex(token.token))
    ).one_or_none()
    if (
        row is None
        or row.ended_at is not None
        or context.clock.now() >= row.expires_at
        or row.terminal_id != token.terminal_id
    ):
        raise UserError(ErrorCode.SESSION_INVALID)
    return row


def end_sessions(
    session: Session, person_id: uuid.UUID, now: datetime, keep: uuid.UUID | None = None
) -> None:
    query = update(AuthSession).where(
        AuthSession.person_id == person_id, AuthSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(AuthSession.id != keep)
    session.execute(query.values(ended_at=now))


def end_acting_sessions(
    session: Session,
    *,
    person_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    role: str,
    now: datetime,
) -> None:
    """A relation ended: the person's live sessions acting in that role for that enterprise
    end with it (they log in again, and act only as they still may)."""
    session.execute(
        update(AuthSession)
        .where(
            AuthSession.person_id == person_id,
            AuthSession.enterprise_id == enterprise_id,
            AuthSession.role == role,
            AuthSession.ended_at.is_(None),
        )
        .values(ended_at=now)
    )
