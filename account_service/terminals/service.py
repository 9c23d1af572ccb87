"""Terminal enrollment, revocation and request-signature checks (protocol: terminals)."""

from __future__ import annotations

import base64
import binascii
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from account_service.clock import Clock
from account_service.security import sha256_hex
from account_service.terminals.models import EnrollCode, Terminal, TerminalNonce
from kiosk.protocol import signing
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH = 10
NONCE_RETENTION = timedelta(seconds=2 * signing.MAX_SKEW_SECONDS)
_NONCE = re.compile(r"^[A-Za-z0-9_=-]{16,64}$")


@dataclass(frozen=True, slots=True)
class TerminalInfo:
    terminal_id: uuid.UUID
    name: str
    enrolled_at: datetime
    revoked_at: datetime | None


def _normalize_code(code: str) -> str:
    return code.strip().replace("-", "").replace(" ", "").upper()


def create_enroll_code(*, session: Session, clock: Clock, name: str | None, ttl: timedelta) -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = clock.now()
    session.add(
        EnrollCode(code_hash=sha256_hex(code), name=name, created_at=now, expires_at=now + ttl)
    )
    return code


def decode_public_key(public_key: str) -> bytes | None:
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def enroll(*, session: Session, clock: Clock, code: str, public_key: str, name: str) -> uuid.UUID:
    """Use a one-time code (ENROLL_CODE_INVALID when unknown, used or expired)."""
    now = clock.now()
    row = session.scalars(
        select(EnrollCode)
        .where(EnrollCode.code_hash == sha256_hex(_normalize_code(code)))
        .with_for_update()
    ).one_or_none()
    if row is None or row.used_at is not None or now >= row.expires_at:
        raise UserError(ErrorCode.ENROLL_CODE_INVALID)
    terminal = Terminal(
        id=uuid.uuid4(),
        name=name or row.name or "terminal",
        public_key=public_key,
        enrolled_at=now,
        revoked_at=None,
    )
    session.add(terminal)
    session.flush()
    row.used_at = now
    row.terminal_id = terminal.id
    logger.info("terminal enrolled: %s", terminal.id)
    return terminal.id


def list_terminals(*, session: Session) -> list[TerminalInfo]:
    rows = session.scalars(select(Terminal).order_by(Terminal.enrolled_at)).all()
    return [TerminalInfo(t.id, t.name, t.enrolled_at, t.revoked_at) for t in rows]


def revoke(*, session: Session, clock: Clock, terminal_id: uuid.UUID) -> bool:
    terminal = session.get(Terminal, terminal_id, with_for_update=True)
    if terminal is None:
        return False
    if terminal.revoked_at is None:
        terminal.revoked_at = clock.now()
    return True


@dataclass(frozen=True, slots=True)
class SignatureHeaders:
    terminal_id: str | None
    timestamp: str | None
    nonce: str | None
    signature: str | None


def verify_request(
    *,
    session: Session,
    clock: Clock,
    headers: SignatureHeaders,
    method: str,
    path_with_query: str,
    body: bytes,
) -> uuid.UUID:
    """Check one signed request and record its nonce; the caller commits.

    Every failure is the same 401 TERMINAL_UNAUTHORIZED (no hint which check failed);
    the log says which.
    """

    def refuse(why: str) -> UserError:
        logger.warning("terminal request refused: %s", why)
        return UserError(ErrorCode.TERMINAL_UNAUTHORIZED)

    if not (headers.terminal_id and headers.timestamp and headers.nonce and headers.signature):
        raise refuse("missing signature headers")
    try:
        terminal_id = uuid.UUID(headers.terminal_id)
        timestamp = int(headers.timestamp)
    except ValueError:
        raise refuse("malformed terminal id or timestamp") from None
    if not _NONCE.fullmatch(headers.nonce):
        raise refuse("malformed nonce")
    now = clock.now()
    if abs(now.timestamp() - timestamp) > signing.MAX_SKEW_SECONDS:
        raise refuse("stale timestamp")
    terminal = session.get(Terminal, terminal_id)
    if terminal is None or terminal.revoked_at is not None:
        raise refuse("unknown or revoked terminal")
    message = signing.canonical_request(
        method=method,
        path_with_query=path_with_query,
        timestamp=timestamp,
        nonce=headers.nonce,
        body=body,
        terminal_id=headers.terminal_id,
    )
    if not signing.verify(terminal.public_key, message, headers.signature):
        raise refuse("bad signature")
    session.execute(delete(TerminalNonce).where(TerminalNonce.seen_at < now - NONCE_RETENTION))
    try:
        with session.begin_nested():
            session.add(TerminalNonce(terminal_id=terminal_id, nonce=headers.nonce, seen_at=now))
    except IntegrityError:
        raise refuse("replayed nonce") from None
    return terminal_id
