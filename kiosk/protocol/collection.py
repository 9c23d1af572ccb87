"""Hall-collected records (``POST /v1/collection-records``, R-HA-1; mirrors the kiosk's
CollectionInput).

The envelope is checked strictly (422 when malformed); each record is checked on its own
afterwards, so one malformed record is answered ``rejected`` instead of failing the batch.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from kiosk.protocol.base import AnswerModel, RequestModel

MAX_BATCH = 100
TEMPLATE_LENGTH = 128


class RecordStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # already stored: success for the terminal
    REJECTED = "rejected"


class SexIn(StrEnum):
    MALE = "male"
    FEMALE = "female"


class PersonalIn(BaseModel):
    name: str = Field(default="", max_length=100)
    document_number: str = Field(max_length=60)
    birth_date: date | None = None
    sex: SexIn | None = None
    nationality: str = Field(default="", max_length=3)
    name_latin: str = Field(default="", max_length=100)


class ScoreIn(BaseModel):
    measure: str = Field(max_length=60)
    value: float
    passed: bool
    threshold: str = Field(max_length=60)


class CollectionRecordIn(RequestModel):
    """One record; ``document_type`` and ``face_template`` are checked by the service so a
    bad value gets a precise per-record reason."""

    id: uuid.UUID
    created_at: AwareDatetime
    staff_no: str = Field(min_length=1, max_length=20)
    document_type: str = Field(max_length=60)
    personal: PersonalIn
    face_template: list[Any] | None = None
    face_jpeg_b64: str | None = None
    quality: list[ScoreIn] = Field(default_factory=list, max_length=50)
    liveness_passed: bool | None = None
    liveness_steps: list[str] = Field(default_factory=list, max_length=20)
    match_distance: float | None = None
    match_threshold: float | None = None
    attempts: int = Field(default=0, ge=0, le=1000)
    exception_reason: str | None = Field(default=None, max_length=500)
    # The collecting staff member's proof (R-HA-1, kiosk.protocol.record_proof).
    staff_key_id: str | None = Field(default=None, max_length=40)
    staff_signature: str | None = Field(default=None, max_length=200)


class RecordIdOnly(BaseModel):
    """What every record needs for the batch to be well-formed: its UUID, so the answer
    can name it."""

    id: uuid.UUID


class CollectionBatchIn(BaseModel):
    records: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="CollectionRecordIn objects; each needs at least a UUID `id`.",
    )


class RecordAck(AnswerModel):
    id: uuid.UUID
    status: RecordStatus
    reason: str | None = None  # zh; no personal data (the service's promise)
    reason_en: str | None = None


class CollectionBatchOut(AnswerModel):
    results: tuple[RecordAck, ...]
