"""Idempotent POSTs: the answer to (terminal, key) is stored in the same transaction as
the work, so a retry returns it without doing anything again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.idempotency.models import IdempotencyRecord
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int
    body: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def ok(cls, model: BaseModel, status_code: int = 200) -> Answer:
        return cls(status_code, model.model_dump(mode="json"))


def request_hash(
    *, method: str, path_with_query: str, body_sha256: str, authorization: str | None = None
) -> str:
    """The same key must come with the same request, bearer token included."""
    token_hash = hashlib.sha256((authorization or "").encode("utf-8")).hexdigest()
    text = f"{method.upper()}\n{path_with_query}\n{body_sha256}\n{token_hash}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AnswerVault:
    """Stored answers hold session, reset and change tokens: kept so that only the client
    that asked can get them back. The row is found by a keyed hash of the Idempotency-Key
    and the answer is sealed (AES-GCM) with a key derived from the service secret and the
    Idempotency-Key itself, which the database never holds: a reader of the database or
    its backups gets no usable token, and a retry with the same key gets the same answer."""

    secret: bytes

    def row_key(self, key: str) -> str:
        return hmac.new(self.secret, b"row:" + key.encode(), hashlib.sha256).hexdigest()

    def _aead(self, terminal_id: uuid.UUID, key: str) -> AESGCM:
        material = hmac.new(
            self.secret, f"answer:{terminal_id}:{key}".encode(), hashlib.sha256
        ).digest()
        return AESGCM(material)

    def seal(self, terminal_id: uuid.UUID, key: str, body: dict[str, Any]) -> str:
        nonce = secrets.token_bytes(12)
        plain = json.dumps(body, ensure_ascii=False).encode("utf-8")
        sealed = self._aead(terminal_id, key).encrypt(nonce, plain, terminal_id.bytes)
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, terminal_id: uuid.UUID, key: str, stored: str) -> dict[str, Any]:
        raw = base64.b64decode(stored)
        plain = self._aead(terminal_id, key).decrypt(raw[:12], raw[12:], terminal_id.bytes)
        body: dict[str, Any] = json.loads(plain)
        return body


def _stored(record: IdempotencyRecord, wanted_hash: str, vault: AnswerVault, key: str) -> Answer:
    if record.request_hash != wanted_hash:
        raise UserError(ErrorCode.IDEMPOTENCY_CONFLICT)
    return Answer(record.status_code, vault.open(record.terminal_id, key, record.response_body))


def run_idempotent(
    *,
    session_factory: sessionmaker[Session],
    clock: Clock,
    terminal_id: uuid.UUID,
    key: str,
    hash_: str,
    retention: timedelta,
    operation: Callable[[Session], Answer],
    vault: AnswerVault,
) -> Answer:
    """Run ``operation`` once per (terminal, key); rule errors (UserError) are answers too,
    and the changes made before them (a counted failure) are committed with them."""
    row_key = vault.row_key(key)
    with session_factory() as session:
        session.begin()
        try:
            record = session.get(IdempotencyRecord, (terminal_id, row_key), with_for_update=True)
            if record is not None:
                answer = _stored(record, hash_, vault, key)
                session.commit()
                return answer
            try:
                answer = operation(session)
            except UserError as error:
                answer = Answer(error.status_code, error.answer().model_dump(mode="json"))
            session.flush()
            now = clock.now()
            session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - retention)
            )
            session.add(
                IdempotencyRecord(
                    terminal_id=terminal_id,
                    key=row_key,
                    request_hash=hash_,
                    status_code=answer.status_code,
                    response_body=vault.seal(terminal_id, key, answer.body),
                    created_at=now,
                )
            )
            session.commit()
            return answer
        except IntegrityError as error:
            # A concurrent request with this key won: ours is undone, answer with theirs.
            session.rollback()
            collision = error
        except BaseException:
            session.rollback()
            raise
        with session.begin():
            record = session.get(IdempotencyRecord, (terminal_id, row_key))
            if record is None:
                raise collision  # not a key collision: some other constraint said no
            return _stored(record, hash_, vault, key)
