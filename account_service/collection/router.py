"""``POST /v1/collection-records`` (thin): signed, idempotent, answered per record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from account_service.collection import service
from account_service.collection.schemas import (
    CollectionBatchIn,
    CollectionBatchOut,
    CollectionRecordIn,
    RecordIdOnly,
)
from account_service.context import ServiceContext, get_context
from account_service.errors import AppError
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer, run_idempotent
from kiosk.domain.messages import ErrorCode

router = APIRouter(prefix="/v1", tags=["collection"])
Context = Annotated[ServiceContext, Depends(get_context)]


def _record_ids(body: CollectionBatchIn) -> list[RecordIdOnly]:
    """Every record must at least carry a UUID ``id``, or the batch is malformed."""
    try:
        return [RecordIdOnly.model_validate(raw) for raw in body.records]
    except ValidationError:
        raise AppError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "每条记录都需要 UUID 格式的 id"},
            details_en={"reason": "every record needs a UUID id"},
        ) from None


@router.post(
    "/collection-records",
    response_model=CollectionBatchOut,
    openapi_extra={"x-record-schema": CollectionRecordIn.model_json_schema()},
)
def ingest_collection_records(
    body: CollectionBatchIn, post: Idempotent, context: Context
) -> JSONResponse:
    ids = _record_ids(body)
    terminal_id = post.signed.terminal_id

    def operation(session: Session) -> Answer:
        # One look-up each for the whole batch (not one per record): the hot path of sync.
        known = service.stored_ids(session, [item.id for item in ids])
        people = service.registered_people(session, body.records)
        results = [
            service.ingest_record(
                session=session,
                clock=context.clock,
                terminal_id=terminal_id,
                record_id=item.id,
                raw=raw,
                known=known,
                people=people,
                face_threshold=context.settings.face_match_threshold,
            )
            for item, raw in zip(ids, body.records, strict=True)
        ]
        return Answer.ok(CollectionBatchOut(results=results))

    answer = run_idempotent(
        session_factory=context.session_factory,
        clock=context.clock,
        terminal_id=terminal_id,
        key=post.key,
        hash_=post.request_hash,
        retention=context.settings.idempotency_ttl_delta,
        operation=operation,
        vault=context.answers,
    )
    return JSONResponse(answer.body, status_code=answer.status_code)
