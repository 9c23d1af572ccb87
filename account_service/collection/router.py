"""``POST /v1/collection-records`` (thin): signed, idempotent, answered per record."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from account_service.api import Context, CurrentSession, Run
from account_service.collection import review, service
from account_service.staff import service as staff_service
from kiosk.protocol.base import EmptyRequest
from kiosk.protocol.collection import (
    CollectionBatchIn,
    CollectionBatchOut,
    CollectionRecordIn,
    RecordIdOnly,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import HeldList, HeldRecord, ReviewRequest

router = APIRouter(prefix="/v1", tags=["collection"])


def _record_ids(body: CollectionBatchIn) -> list[RecordIdOnly]:
    """Every record must at least carry a UUID ``id``, or the batch is malformed."""
    try:
        return [RecordIdOnly.model_validate(raw) for raw in body.records]
    except ValidationError:
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "每条记录都需要 UUID 格式的 id"},
            details_en={"reason": "every record needs a UUID id"},
        ) from None


@router.post(
    "/collection-records",
    response_model=CollectionBatchOut,
    openapi_extra={"x-record-schema": CollectionRecordIn.model_json_schema()},
)
def ingest_collection_records(body: CollectionBatchIn, run: Run, context: Context) -> JSONResponse:
    ids = _record_ids(body)
    terminal_id = run.terminal_id

    def operation(session: Session) -> CollectionBatchOut:
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
        return CollectionBatchOut(results=results)

    return run(operation)


# A second staff member reviews held faces (R-HA-1), in the staff part of the API.
staff_reviews_router = APIRouter(prefix="/v1", tags=["staff"])


@staff_reviews_router.post("/staff/reviews/list", response_model=HeldList)
def list_held(
    run: Run, context: Context, bearer: CurrentSession, _body: EmptyRequest | None = None
) -> JSONResponse:
    """Hall records whose face differs from the person's reference (R-HA-1)."""

    def op(s: Session) -> BaseModel:
        staff_service.staff_for_token(s, context, bearer)
        return HeldList(records=review.held_records(s))

    return run(op)


@staff_reviews_router.post("/staff/reviews/{record_id}", response_model=HeldRecord)
def review_held(
    record_id: str,
    body: ReviewRequest,
    run: Run,
    context: Context,
    bearer: CurrentSession,
) -> JSONResponse:
    """A second staff member approves or refuses a held face (audited; the person told)."""

    def op(s: Session) -> BaseModel:
        member = staff_service.staff_for_token(s, context, bearer)
        return review.review(
            s,
            record_id=record_id,
            approve=body.approve,
            reviewer_staff_no=member.staff_no,
            terminal_id=run.terminal_id,
            now=context.clock.now(),
        )

    return run(op)
