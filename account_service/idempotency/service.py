"""Idempotent POSTs: the answer to (terminal, key) is stored in the same transaction as
the work, so a retry returns it without doing anything again."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.errors import AppError
from account_service.idempotency.models import IdempotencyRecord
from kiosk.domain.messages import ErrorCode

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


def _stored(record: IdempotencyRecord, wanted_hash: str) -> Answer:
    if record.request_hash != wanted_hash:
        raise AppError(ErrorCode.IDEMPOTENCY_CONFLICT)
    return Answer(record.status_code, json.loads(record.response_body))


def run_idempotent(
    *,
    session_factory: sessionmaker[Session],
    clock: Clock,
    terminal_id: uuid.UUID,
    key: str,
    hash_: str,
    retention: timedelta,
    operation: Callable[[Session], Answer],
) -> Answer:
    """Run ``operation`` once per (terminal, key); rule errors (AppError) are answers too,
    and the changes made before them (a counted failure) are committed with them."""
    with session_factory() as session:
        session.begin()
        try:
            record = session.get(IdempotencyRecord, (terminal_id, key), with_for_update=True)
            if record is not None:
                answer = _stored(record, hash_)
                session.commit()
                return answer
            try:
                answer = operation(session)
            except AppError as error:
                answer = Answer(error.status_code, error.body())
            session.flush()
            now = clock.now()
            session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - retention)
            )
            session.add(
                IdempotencyRecord(
                    terminal_id=terminal_id,
                    key=key,
                    request_hash=hash_,
                    status_code=answer.status_code,
                    response_body=json.dumps(answer.body, ensure_ascii=False),
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
            record = session.get(IdempotencyRecord, (terminal_id, key))
            if record is None:
                raise collision  # not a key collision: some other constraint said no
            return _stored(record, hash_)
