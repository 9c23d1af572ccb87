"""The terminal's collection records: committed locally first (the sync issue delivers
them later), personal fields and face data encrypted, the rest clear for listing."""

from __future__ import annotations

import json
import logging
import struct
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.documents import DocumentType
from kiosk.domain.masking import mask_id_number
from kiosk.services.store.cipher import FieldCipher
from kiosk.services.store.keys import StoreKey
from kiosk.services.store.records import (
    AuditEvent,
    CollectionInput,
    CollectionRecord,
    PersonalFields,
    RecordState,
    ScoreEntry,
    Sex,
    WaitingRecord,
)
from kiosk.services.store.tables import AuditRow, CollectionRow, make_store_engine

_log = logging.getLogger(__name__)

WAITING_STATES: frozenset[RecordState] = frozenset({RecordState.CAPTURED})
_TEMPLATE_FORMAT = "<{}d"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _pack_template(values: tuple[float, ...]) -> bytes:
    return struct.pack(_TEMPLATE_FORMAT.format(len(values)), *values)


def _unpack_template(data: bytes) -> tuple[float, ...]:
    return struct.unpack(_TEMPLATE_FORMAT.format(len(data) // 8), data)


def _personal_json(p: PersonalFields) -> bytes:
    return json.dumps(
        {
            "name": p.name,
            "name_latin": p.name_latin,
            "document_number": p.document_number,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "sex": p.sex.value if p.sex else None,
            "nationality": p.nationality,
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _personal_from(data: bytes) -> PersonalFields:
    raw: dict[str, Any] = json.loads(data)
    born = raw.get("birth_date")
    sex = raw.get("sex")
    return PersonalFields(
        name=str(raw["name"]),
        name_latin=str(raw.get("name_latin") or ""),
        document_number=str(raw["document_number"]),
        birth_date=date.fromisoformat(born) if born else None,
        sex=Sex(sex) if sex else None,
        nationality=str(raw.get("nationality") or ""),
    )


class CollectionStore:
    """``url_or_path``: a SQLite file path or URL, or an ``Engine`` shared with the staff
    cache. Blocking; safe to call from worker threads (one session per call)."""

    def __init__(
        self,
        url_or_path: str | Path | Engine,
        key: StoreKey,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._owns_engine = not isinstance(url_or_path, Engine)
        self.engine = (
            url_or_path if isinstance(url_or_path, Engine) else make_store_engine(url_or_path)
        )
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._cipher = FieldCipher(key)
        self._clock = clock

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> CollectionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def save(self, record: CollectionInput) -> uuid.UUID:
        """Commit the record (state ``captured``) with its audit entry. Saving the same id
        again is a no-op, so a retried save after a crash never doubles a record."""
        rid = record.id
        enc = self._cipher.encrypt
        with self._sessions.begin() as session:
            if session.get(CollectionRow, rid) is not None:
                return rid
            session.add(
                CollectionRow(
                    id=rid,
                    created_at=record.created_at,
                    state=RecordState.CAPTURED.value,
                    staff_no=record.staff_no,
                    document_type=record.document_type.value,
                    personal_enc=enc(
                        _personal_json(record.personal), record_id=rid, column="personal"
                    ),
                    face_jpeg_enc=(
                        enc(record.face_jpeg, record_id=rid, column="face_jpeg")
                        if record.face_jpeg is not None
                        else None
                    ),
                    face_template_enc=(
                        enc(
                            _pack_template(record.face_template),
                            record_id=rid,
                            column="face_template",
                        )
                        if record.face_template is not None
                        else None
                    ),
                    exception_reason_enc=(
                        enc(
                            record.exception_reason.encode("utf-8"),
                            record_id=rid,
                            column="exception_reason",
                        )
                        if record.exception_reason is not None
                        else None
                    ),
                    quality_json=json.dumps(
                        [
                            {
                                "measure": s.measure,
                                "value": s.value,
                                "passed": s.passed,
                                "threshold": s.threshold,
                            }
                            for s in record.quality
                        ]
                    ),
                    liveness_passed=record.liveness_passed,
                    liveness_steps=",".join(record.liveness_steps),
                    match_distance=record.match_distance,
                    match_threshold=record.match_threshold,
                    attempts=record.attempts,
                    is_exception=record.exception_reason is not None,
                )
            )
            event = (
                AuditEvent.RECORD_EXCEPTION
                if record.exception_reason is not None
                else AuditEvent.RECORD_CAPTURED
            )
            self._audit(session, event, staff_no=record.staff_no, record_id=rid)
        _log.info(
            "collection record %s saved (%s, %s, document %s)",
            rid,
            record.document_type.value,
            event.value,
            mask_id_number(record.personal.document_number),
        )
        return rid

    def audit(
        self, event: AuditEvent, *, staff_no: str | None, record_id: uuid.UUID | None = None
    ) -> None:
        with self._sessions.begin() as session:
            self._audit(session, event, staff_no=staff_no, record_id=record_id)

    def _audit(
        self,
        session: Session,
        event: AuditEvent,
        *,
        staff_no: str | None,
        record_id: uuid.UUID | None,
    ) -> None:
        session.add(
            AuditRow(at=self._clock(), event=event.value, record_id=record_id, staff_no=staff_no)
        )

    # -- reading -----------------------------------------------------------------------

    def get(self, record_id: uuid.UUID) -> CollectionRecord | None:
        with self._sessions() as session:
            row = session.get(CollectionRow, record_id)
            return None if row is None else self._decrypt(row)

    def count_waiting(self) -> int:
        """Records kept on this terminal, not yet acknowledged by the service."""
        with self._sessions() as session:
            count = session.scalar(
                select(func.count())
                .select_from(CollectionRow)
                .where(CollectionRow.state.in_([s.value for s in WAITING_STATES]))
            )
            return int(count or 0)

    def list_waiting(self, limit: int = 100) -> list[WaitingRecord]:
        """Oldest first, without decrypting anything."""
        with self._sessions() as session:
            rows = session.scalars(
                select(CollectionRow)
                .where(CollectionRow.state.in_([s.value for s in WAITING_STATES]))
                .order_by(CollectionRow.created_at, CollectionRow.id)
                .limit(limit)
            )
            return [
                WaitingRecord(
                    id=row.id,
                    created_at=row.created_at,
                    staff_no=row.staff_no,
                    document_type=DocumentType(row.document_type),
                    state=RecordState(row.state),
                    has_face=row.face_jpeg_enc is not None,
                    is_exception=row.is_exception,
                )
                for row in rows
            ]

    def audit_events(
        self, limit: int = 100
    ) -> list[tuple[datetime, AuditEvent, uuid.UUID | None, str | None]]:
        with self._sessions() as session:
            rows = session.scalars(select(AuditRow).order_by(AuditRow.id).limit(limit))
            return [(r.at, AuditEvent(r.event), r.record_id, r.staff_no) for r in rows]

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (tests; a quiet moment on the terminal)."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def _decrypt(self, row: CollectionRow) -> CollectionRecord:
        rid = row.id
        dec = self._cipher.decrypt
        personal = _personal_from(dec(row.personal_enc, record_id=rid, column="personal"))
        face = (
            dec(row.face_jpeg_enc, record_id=rid, column="face_jpeg")
            if row.face_jpeg_enc is not None
            else None
        )
        template = (
            _unpack_template(dec(row.face_template_enc, record_id=rid, column="face_template"))
            if row.face_template_enc is not None
            else None
        )
        reason = (
            dec(row.exception_reason_enc, record_id=rid, column="exception_reason").decode()
            if row.exception_reason_enc is not None
            else None
        )
        return CollectionRecord(
            id=rid,
            created_at=row.created_at,
            staff_no=row.staff_no,
            document_type=DocumentType(row.document_type),
            personal=personal,
            face_jpeg=face,
            face_template=template,
            quality=tuple(
                ScoreEntry(
                    measure=str(s["measure"]),
                    value=float(s["value"]),
                    passed=bool(s["passed"]),
                    threshold=str(s["threshold"]),
                )
                for s in json.loads(row.quality_json)
            ),
            liveness_passed=row.liveness_passed,
            liveness_steps=tuple(s for s in row.liveness_steps.split(",") if s),
            match_distance=row.match_distance,
            match_threshold=row.match_threshold,
            attempts=row.attempts,
            exception_reason=reason,
            state=RecordState(row.state),
        )
