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

from sqlalchemy import Engine, and_, func, or_, select, update
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
    SyncTrace,
    WaitingRecord,
)
from kiosk.services.store.tables import AuditRow, CollectionRow, make_store_engine

_log = logging.getLogger(__name__)

# Kept on this terminal and not yet acknowledged by the service (rejected ones are not
# waiting: they are never sent again; staff sees them with the service's reason).
WAITING_STATES: frozenset[RecordState] = frozenset(
    {RecordState.CAPTURED, RecordState.SENDING, RecordState.FAILED_RETRYABLE}
)
# What a purge blanks: every personal column (personal_enc is NOT NULL in version-1
# files, so it becomes an empty value instead of NULL).
PURGED_VALUES: dict[str, Any] = {
    "personal_enc": b"",
    "face_jpeg_enc": None,
    "face_template_enc": None,
    "exception_reason_enc": None,
}
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
                    staff_key_id=record.staff_key_id,
                    staff_signature=record.staff_signature,
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

    def apply_transition(
        self,
        record_ids: list[uuid.UUID],
        to: RecordState,
        *,
        allowed_from: frozenset[RecordState],
        values: dict[str, Any] | None = None,
        audit_event: AuditEvent | None = None,
        count_attempt: bool = False,
    ) -> list[uuid.UUID]:
        """Move the records that are in ``allowed_from`` to ``to`` in one transaction (the
        rule lives in kiosk.services.sync.states); returns the ids actually moved.
        ``count_attempt``: add one to their ``send_attempts`` in the same transaction."""
        if not record_ids:
            return []
        sources = [s.value for s in allowed_from]
        with self._sessions.begin() as session:
            moved = list(
                session.scalars(
                    select(CollectionRow.id).where(
                        CollectionRow.id.in_(record_ids), CollectionRow.state.in_(sources)
                    )
                )
            )
            if moved:
                session.execute(
                    update(CollectionRow)
                    .where(CollectionRow.id.in_(moved), CollectionRow.state.in_(sources))
                    .values(
                        state=to.value,
                        **(values or {}),
                        **(
                            {"send_attempts": CollectionRow.send_attempts + 1}
                            if count_attempt
                            else {}
                        ),
                    )
                )
                if audit_event is not None:
                    for rid in moved:
                        self._audit(session, audit_event, staff_no=None, record_id=rid)
        return moved

    def count_sending_attempt(self, record_ids: list[uuid.UUID]) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(CollectionRow)
                .where(CollectionRow.id.in_(record_ids))
                .values(send_attempts=CollectionRow.send_attempts + 1)
            )

    def make_retries_due(self, now: datetime) -> None:
        """ "Sync now": failed records waiting out a backoff become due (same state)."""
        with self._sessions.begin() as session:
            session.execute(
                update(CollectionRow)
                .where(
                    CollectionRow.state == RecordState.FAILED_RETRYABLE.value,
                    CollectionRow.next_attempt_at > now,
                )
                .values(next_attempt_at=now)
            )

    # -- reading -----------------------------------------------------------------------

    def get(self, record_id: uuid.UUID) -> CollectionRecord | None:
        """The decrypted record; None when unknown or purged (its personal data is gone)."""
        with self._sessions() as session:
            row = session.get(CollectionRow, record_id)
            if row is None or row.state == RecordState.PURGED.value:
                return None
            return self._decrypt(row)

    def get_many(self, record_ids: list[uuid.UUID]) -> list[CollectionRecord]:
        """The decrypted records, in the order asked, in one query (a sync batch); unknown
        or purged ones are left out."""
        if not record_ids:
            return []
        with self._sessions() as session:
            rows = {
                row.id: row
                for row in session.scalars(
                    select(CollectionRow).where(
                        CollectionRow.id.in_(record_ids),
                        CollectionRow.state != RecordState.PURGED.value,
                    )
                )
            }
            return [self._decrypt(rows[rid]) for rid in record_ids if rid in rows]

    def due_for_sending(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Oldest first: captured ones, failed ones whose wait is over, and ones left in
        ``sending`` (a crash mid-send: retried, never lost; the service is idempotent)."""
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(CollectionRow.id)
                    .where(
                        or_(
                            CollectionRow.state.in_(
                                [RecordState.CAPTURED.value, RecordState.SENDING.value]
                            ),
                            and_(
                                CollectionRow.state == RecordState.FAILED_RETRYABLE.value,
                                or_(
                                    CollectionRow.next_attempt_at.is_(None),
                                    CollectionRow.next_attempt_at <= now,
                                ),
                            ),
                        )
                    )
                    .order_by(CollectionRow.created_at, CollectionRow.id)
                    .limit(limit)
                )
            )

    def next_retry_at(self) -> datetime | None:
        with self._sessions() as session:
            return session.scalar(
                select(func.min(CollectionRow.next_attempt_at)).where(
                    CollectionRow.state == RecordState.FAILED_RETRYABLE.value
                )
            )

    def acknowledged_before(self, cutoff: datetime, limit: int = 500) -> list[uuid.UUID]:
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(CollectionRow.id)
                    .where(
                        CollectionRow.state == RecordState.ACKNOWLEDGED.value,
                        CollectionRow.acknowledged_at <= cutoff,
                    )
                    .order_by(CollectionRow.acknowledged_at)
                    .limit(limit)
                )
            )

    def state_counts(self) -> dict[RecordState, int]:
        with self._sessions() as session:
            rows = session.execute(
                select(CollectionRow.state, func.count()).group_by(CollectionRow.state)
            )
            counts = dict.fromkeys(RecordState, 0)
            for state, count in rows:
                counts[RecordState(state)] = int(count)
            return counts

    def oldest_waiting_created_at(self) -> datetime | None:
        with self._sessions() as session:
            return session.scalar(
                select(func.min(CollectionRow.created_at)).where(
                    CollectionRow.state.in_([s.value for s in WAITING_STATES])
                )
            )

    def traces(
        self, states: frozenset[RecordState] | None = None, limit: int = 100
    ) -> list[SyncTrace]:
        """Delivery state without personal data, oldest first."""
        query = select(CollectionRow).order_by(CollectionRow.created_at, CollectionRow.id)
        if states is not None:
            query = query.where(CollectionRow.state.in_([s.value for s in states]))
        with self._sessions() as session:
            return [
                SyncTrace(
                    id=row.id,
                    created_at=row.created_at,
                    state=RecordState(row.state),
                    send_attempts=row.send_attempts,
                    next_attempt_at=row.next_attempt_at,
                    last_error_class=row.last_error_class,
                    last_error_text=row.last_error_text,
                    acknowledged_at=row.acknowledged_at,
                    purged_at=row.purged_at,
                    rejection_reason=row.rejection_reason,
                    rejection_reason_en=row.rejection_reason_en,
                )
                for row in session.scalars(query.limit(limit))
            ]

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
            staff_key_id=row.staff_key_id,
            staff_signature=row.staff_signature,
            state=RecordState(row.state),
        )
