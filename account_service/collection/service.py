"""Ingest of hall collection records: idempotent on the record UUID, atomic per record
(a savepoint each), validated per record; a registered person's real-name level becomes 5
(R-RN-1, R-HA-1). Every ingested record leaves an audit event without personal data."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import math
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

import cv2
import numpy as np
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from account_service.clock import Clock
from account_service.collection.models import HallCollection, HallStatus
from account_service.collection.proof import ProofRefusedError, check_proof
from account_service.persons.models import Person
from account_service.persons.service import lock_person
from account_service.staff.models import StaffMember
from account_service.trail.events import EventKind
from account_service.trail.models import AuditEvent
from account_service.trail.notices import notify
from kiosk.domain.documents import (
    DocumentType,
    normalize_document_number,
    validate_document_number,
)
from kiosk.domain.lockout import shanghai_day
from kiosk.protocol.collection import TEMPLATE_LENGTH, CollectionRecordIn, RecordAck, RecordStatus
from kiosk.protocol.messages import CodedEnum, ErrorCode, Lang, message_for
from kiosk.protocol.people import NoticeKind

logger = logging.getLogger(__name__)

COLLECTED_LEVEL = 5  # R-RN-1: in-hall collection with a face check
DEFAULT_FACE_THRESHOLD = 0.5  # AccountServiceSettings.face_match_threshold's default
HELD_NOTE = (
    "已保存，但新人像与原人像不一致，须由另一位工作人员复核后才生效",
    "stored, but the face differs from the one on file: it takes effect after a second "
    "staff member's review",
)
_JPEG_MAGIC = b"\xff\xd8\xff"
MAX_PHOTO_BYTES = 512 * 1024  # the terminal's face crop is ~50 KB
MAX_PHOTO_SIDE = 2000
MIN_PHOTO_SIDE = 32


class Rejection(CodedEnum):
    """Why a record was refused; the catalog words it. Document-number reasons come from
    the domain, staff-proof reasons from ``ProofProblem``."""

    MALFORMED = ErrorCode.RECORD_MALFORMED  # {fields}: which fields
    UNKNOWN_DOCUMENT_TYPE = ErrorCode.RECORD_DOCUMENT_TYPE_UNKNOWN
    DOCUMENT_NUMBER = ErrorCode.RECORD_DOCUMENT_NUMBER_INVALID
    NAME_EMPTY = ErrorCode.RECORD_NAME_EMPTY
    TEMPLATE_INVALID = ErrorCode.RECORD_TEMPLATE_INVALID
    PHOTO_INVALID = ErrorCode.RECORD_PHOTO_INVALID
    FACE_MISSING = ErrorCode.RECORD_FACE_MISSING
    STAFF_PROOF = ErrorCode.RECORD_STAFF_PROOF_INVALID
    NOT_STORABLE = ErrorCode.RECORD_NOT_STORABLE
    LIVENESS_UNEXPLAINED = ErrorCode.RECORD_LIVENESS_UNEXPLAINED

    @property
    def event_code(self) -> str:
        return self.name.lower()


def _worded(code: ErrorCode, details: dict[str, Any] | None = None) -> tuple[str, str]:
    """The catalog's (zh, en) for the record's answer (``reason``, ``reason_en``)."""
    message = message_for(code)
    return message.render(Lang.ZH, details), message.render(Lang.EN, details)


class AuditEventKind(Enum):
    ACCEPTED = "collection.accepted"
    DUPLICATE = "collection.duplicate"
    REJECTED = "collection.rejected"


class RecordRefusedError(Exception):
    """A record rule said no (not a dataclass: raising sets attributes on exceptions)."""

    def __init__(self, kind: Rejection, zh: str, en: str) -> None:
        super().__init__(kind.name)
        self.kind, self.zh, self.en = kind, zh, en

    @classmethod
    def of(
        cls,
        kind: Rejection,
        details: dict[str, Any] | None = None,
        *,
        said: ErrorCode | None = None,
    ) -> RecordRefusedError:
        """Worded by the catalog: the kind's own entry, or ``said`` (a finer reason)."""
        return cls(kind, *_worded(said or kind.code, details))


@dataclass(frozen=True, slots=True)
class CheckedRecord:
    record: CollectionRecordIn
    document_type: DocumentType
    document_number: str
    template: list[float] | None
    jpeg: bytes | None
    exception_reason: str | None


def _template(values: list[Any] | None) -> list[float] | None:
    if values is None:
        return None
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(values) != TEMPLATE_LENGTH or len(numbers) != TEMPLATE_LENGTH:
        raise RecordRefusedError.of(Rejection.TEMPLATE_INVALID)
    floats = [float(v) for v in numbers]
    if not all(math.isfinite(v) for v in floats):
        raise RecordRefusedError.of(Rejection.TEMPLATE_INVALID)
    return floats


def _jpeg(b64: str | None) -> bytes | None:
    """A JPEG that decodes, within ``MAX_PHOTO_BYTES`` and ``MAX_PHOTO_SIDE``: the magic
    bytes alone once let a 6 MB blob in as a "photo"."""
    if b64 is None:
        return None
    if len(b64) > (MAX_PHOTO_BYTES * 4) // 3 + 4:
        raise RecordRefusedError.of(Rejection.PHOTO_INVALID)
    try:
        data = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise RecordRefusedError.of(Rejection.PHOTO_INVALID) from None
    if not data.startswith(_JPEG_MAGIC) or len(data) > MAX_PHOTO_BYTES:
        raise RecordRefusedError.of(Rejection.PHOTO_INVALID)
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_REDUCED_COLOR_2)
    if image is None:
        raise RecordRefusedError.of(Rejection.PHOTO_INVALID)
    height, width = (side * 2 for side in image.shape[:2])
    if not (min(height, width) >= MIN_PHOTO_SIDE and max(height, width) <= MAX_PHOTO_SIDE):
        raise RecordRefusedError.of(Rejection.PHOTO_INVALID)
    return data


def check_record(raw: dict[str, Any], now: datetime) -> CheckedRecord:
    """The per-record rules; raises ``RecordRefusedError`` with the zh/en reason."""
    try:
        record = CollectionRecordIn.model_validate(raw)
    except ValidationError as error:
        # Field locations only: pydantic's input values may be personal data. A check of
        # the whole record (``wire.RequestModel``) names its field in its message.
        fields = sorted(
            {
                ".".join(str(p) for p in e["loc"]) or str(e["msg"]).removeprefix("Value error, ")
                for e in error.errors()
            }
        )
        raise RecordRefusedError.of(Rejection.MALFORMED, {"fields": ", ".join(fields)}) from None
    try:
        document_type = DocumentType(record.document_type)
    except ValueError:
        raise RecordRefusedError.of(Rejection.UNKNOWN_DOCUMENT_TYPE) from None
    number = normalize_document_number(record.personal.document_number)
    checked = validate_document_number(document_type, number, today=shanghai_day(now))
    if not checked.ok:
        raise RecordRefusedError(Rejection.DOCUMENT_NUMBER, checked.reason_zh, checked.reason_en)
    if not record.personal.name.strip() and not record.personal.name_latin.strip():
        raise RecordRefusedError.of(Rejection.NAME_EMPTY)
    template = _template(record.face_template)
    jpeg = _jpeg(record.face_jpeg_b64)
    exception_reason = (record.exception_reason or "").strip() or None
    if template is None and jpeg is None and exception_reason is None:
        raise RecordRefusedError.of(Rejection.FACE_MISSING)
    if record.liveness_passed is False and exception_reason is None:
        raise RecordRefusedError.of(Rejection.LIVENESS_UNEXPLAINED)
    return CheckedRecord(record, document_type, number, template, jpeg, exception_reason)


def _row(
    checked: CheckedRecord,
    terminal_id: uuid.UUID,
    now: datetime,
    *,
    staff_no: str,
    held: bool,
) -> HallCollection:
    record, personal = checked.record, checked.record.personal
    return HallCollection(
        id=record.id,
        terminal_id=terminal_id,
        staff_no=staff_no,
        document_type=checked.document_type.value,
        document_number=checked.document_number,
        name=personal.name.strip(),
        name_latin=personal.name_latin.strip(),
        birth_date=personal.birth_date,
        sex=personal.sex.value if personal.sex else None,
        nationality=personal.nationality.strip().upper(),
        face_template=None if checked.template is None else json.dumps(checked.template),
        face_jpeg=checked.jpeg,
        quality=json.dumps([q.model_dump() for q in record.quality]),
        liveness_passed=record.liveness_passed,
        liveness_steps=json.dumps(record.liveness_steps),
        match_distance=record.match_distance,
        match_threshold=record.match_threshold,
        attempts=record.attempts,
        exception_reason=checked.exception_reason,
        collected_at=record.created_at,
        received_at=now,
        status=HallStatus.HELD.value if held else HallStatus.ACTIVE.value,
        reference_at=None if held else now,
        reviewed_by=None,
        reviewed_at=None,
    )


PersonKey = tuple[str, str]  # (document type value, normalized document number)


def registered_people(session: Session, raws: Sequence[object]) -> dict[PersonKey, uuid.UUID]:
    """The registered people a batch's records may name, in one query instead of one per
    record. Read leniently: a malformed record is simply not looked up (it is rejected
    later with its reason)."""
    numbers: set[str] = set()
    for raw in raws:
        personal = raw.get("personal") if isinstance(raw, dict) else None
        number = personal.get("document_number") if isinstance(personal, dict) else None
        if isinstance(number, str):
            numbers.add(normalize_document_number(number))
    if not numbers:
        return {}
    rows = session.execute(
        select(Person.document_type, Person.document_number, Person.id).where(
            Person.document_number.in_(numbers)
        )
    )
    return {(kind, number): pid for kind, number, pid in rows}


def _registered_id(
    session: Session, checked: CheckedRecord, people: dict[PersonKey, uuid.UUID] | None
) -> uuid.UUID | None:
    if people is not None:
        return people.get((checked.document_type.value, checked.document_number))
    return session.scalars(
        select(Person.id).where(
            Person.document_number == checked.document_number,
            Person.document_type == checked.document_type.value,
        )
    ).one_or_none()


def _raise_person_level(
    session: Session, checked: CheckedRecord, people: dict[PersonKey, uuid.UUID] | None
) -> bool:
    """R-RN-1 / R-HA-1: a registered person with this document reaches level 5."""
    found = _registered_id(session, checked, people)
    if found is None:
        return False
    person = lock_person(session=session, person_id=found)
    if person.real_name_level >= COLLECTED_LEVEL:
        return False
    person.real_name_level = COLLECTED_LEVEL
    return True


def _audit(
    session: Session,
    *,
    now: datetime,
    kind: AuditEventKind,
    terminal_id: uuid.UUID,
    record_id: uuid.UUID,
    detail: dict[str, str | bool],
) -> None:
    session.add(
        AuditEvent.of(
            kind.value, at=now, terminal_id=terminal_id, record_id=record_id, detail=detail
        )
    )


def _duplicate(
    session: Session, now: datetime, terminal_id: uuid.UUID, record_id: uuid.UUID
) -> RecordAck:
    _audit(
        session,
        now=now,
        kind=AuditEventKind.DUPLICATE,
        terminal_id=terminal_id,
        record_id=record_id,
        detail={},
    )
    logger.info("collection record %s from terminal %s: duplicate", record_id, terminal_id)
    return RecordAck(id=record_id, status=RecordStatus.DUPLICATE)


def stored_ids(session: Session, record_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these records are stored already: one query for a whole batch instead of
    one per record (the batch ingest's hot path)."""
    if not record_ids:
        return set()
    return set(
        session.scalars(select(HallCollection.id).where(HallCollection.id.in_(set(record_ids))))
    )


def ingest_record(
    *,
    session: Session,
    clock: Clock,
    terminal_id: uuid.UUID,
    record_id: uuid.UUID,
    raw: dict[str, Any],
    known: set[uuid.UUID] | None = None,
    people: dict[PersonKey, uuid.UUID] | None = None,
    face_threshold: float = DEFAULT_FACE_THRESHOLD,
) -> RecordAck:
    """One record, in its own savepoint: stored (and the person raised) or nothing.

    For a batch, the caller looks up once what this would look up per record:
    ``known``, the batch's ids already stored (``stored_ids``), kept up to date here as
    records are accepted (a twin stored concurrently after that check still ends as
    ``duplicate``, on the primary key); ``people``, the registered people the batch names
    (``registered_people``). Without them each record is looked up on its own."""
    now = clock.now()
    already = (
        record_id in known
        if known is not None
        else session.get(HallCollection, record_id) is not None
    )
    if already:
        return _duplicate(session, now, terminal_id, record_id)
    try:
        checked = check_record(raw, now)
        collector = _collector(session, raw, checked, terminal_id, now)
    except RecordRefusedError as refused:
        _audit(
            session,
            now=now,
            kind=AuditEventKind.REJECTED,
            terminal_id=terminal_id,
            record_id=record_id,
            detail={"reason": refused.kind.event_code},
        )
        logger.info(
            "collection record %s from terminal %s: rejected (%s)",
            record_id,
            terminal_id,
            refused.kind.event_code,
        )
        return RecordAck(
            id=record_id, status=RecordStatus.REJECTED, reason=refused.zh, reason_en=refused.en
        )
    held = _replaces_another_face(session, checked, face_threshold)
    try:
        with session.begin_nested():
            row = _row(checked, terminal_id, now, staff_no=collector.staff_no, held=held)
            session.add(row)
            session.flush()  # a concurrent twin fails here, on the primary key
            raised = False if held else _raise_person_level(session, checked, people)
            if held:
                _tell_the_person(session, checked, people, terminal_id, now)
    except IntegrityError:
        return _duplicate(session, now, terminal_id, record_id)
    except DBAPIError as error:
        # One record the database will not take never fails its neighbours (the
        # savepoint is rolled back); the log says which, never what it held.
        logger.warning(
            "collection record %s from terminal %s: not stored (%s)",
            record_id,
            terminal_id,
            type(error.orig).__name__,
        )
        zh, en = _worded(Rejection.NOT_STORABLE.code)
        return RecordAck(id=record_id, status=RecordStatus.REJECTED, reason=zh, reason_en=en)
    if known is not None:
        known.add(record_id)
    _audit(
        session,
        now=now,
        kind=AuditEventKind.ACCEPTED,
        terminal_id=terminal_id,
        record_id=record_id,
        detail={
            "document_type": checked.document_type.value,
            "has_face": checked.template is not None or checked.jpeg is not None,
            "exception": checked.exception_reason is not None,
            "person_level_raised": raised,
            "staff_no": collector.staff_no,
            "held_for_review": held,
        },
    )
    logger.info(
        "collection record %s from terminal %s by staff %s: %s",
        record_id,
        terminal_id,
        collector.staff_no,
        "held for review" if held else "accepted",
    )
    if held:
        zh, en = HELD_NOTE
        return RecordAck(id=record_id, status=RecordStatus.ACCEPTED, reason=zh, reason_en=en)
    return RecordAck(id=record_id, status=RecordStatus.ACCEPTED)


def _collector(
    session: Session,
    raw: dict[str, Any],
    checked: CheckedRecord,
    terminal_id: uuid.UUID,
    now: datetime,
) -> StaffMember:
    """The staff member whose proof the record carries (R-HA-1), or a refusal."""
    record = checked.record
    try:
        return check_proof(
            session,
            raw,
            key_id=record.staff_key_id,
            staff_no=record.staff_no,
            created_at=record.created_at,
            terminal_id=terminal_id,
            now=now,
        )
    except ProofRefusedError as refused:
        raise RecordRefusedError.of(Rejection.STAFF_PROOF, said=refused.problem.code) from None


def _replaces_another_face(session: Session, checked: CheckedRecord, threshold: float) -> bool:
    """A face far from the person's current hall reference: a second staff member reviews
    it before it takes effect (MOSIP's supervisor approval), so one terminal cannot swap
    the face that 忘记密码 and the face login compare with."""
    if checked.template is None:
        return False
    current = face_reference_for(session, checked.document_type, checked.document_number)
    return current is not None and math.dist(current, checked.template) > threshold


def _tell_the_person(
    session: Session,
    checked: CheckedRecord,
    people: dict[PersonKey, uuid.UUID] | None,
    terminal_id: uuid.UUID,
    now: datetime,
) -> None:
    person_id = _registered_id(session, checked, people)
    if person_id is None:
        return
    notify(
        session,
        person_id=person_id,
        kind=NoticeKind.HALL_FACE_HELD,
        event=EventKind.HALL_FACE_HELD,
        at=now,
        terminal_id=terminal_id,
    )


def latest_collection_for(
    session: Session, document_type: DocumentType | str, document_number: str
) -> HallCollection | None:
    """R-ID-3: the newest hall collection for this document (registration skips the face
    step when there is one)."""
    return session.scalars(
        select(HallCollection)
        .where(
            HallCollection.document_type == DocumentType(document_type).value,
            HallCollection.document_number == normalize_document_number(document_number),
            HallCollection.status == HallStatus.ACTIVE.value,
        )
        .order_by(HallCollection.reference_at.desc())
        .limit(1)
    ).one_or_none()


def face_reference_for(
    session: Session, document_type: DocumentType | str, document_number: str
) -> list[float] | None:
    """The person's face reference from the hall: the template of their newest collection
    that has one (a record saved as an exception has none). Face checks at login and
    registration compare against it before any authority photo."""
    found = session.scalars(
        select(HallCollection.face_template)
        .where(
            HallCollection.document_type == DocumentType(document_type).value,
            HallCollection.document_number == normalize_document_number(document_number),
            HallCollection.face_template.is_not(None),
            HallCollection.status == HallStatus.ACTIVE.value,
        )
        # The service's own order (receipt, or the review that activated it): never the
        # terminal's clock, which a record dated 2030 would otherwise win with.
        .order_by(HallCollection.reference_at.desc())
        .limit(1)
    ).one_or_none()
    if found is None:
        return None
    values = json.loads(found)
    return [float(v) for v in values]
