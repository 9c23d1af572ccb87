"""The local store (issue 3): encrypted round trip, key file 0600, nothing personal in
clear in the raw SQLite file or its WAL, idempotent saves, listing without decryption."""

from __future__ import annotations

import stat
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import update

from kiosk.domain.documents import DocumentType
from kiosk.services.store import (
    AuditEvent,
    CollectionInput,
    CollectionStore,
    DecryptionError,
    PersonalFields,
    RecordState,
    ScoreEntry,
    Sex,
    StoreKey,
    StoreKeyError,
)
from kiosk.services.store.tables import CollectionRow

ID_NUMBER = "11010519491231002X"
NAME = "欧阳娜娜"
LATIN = "OUYANG NANA"
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def _jpeg() -> bytes:
    image = np.zeros((120, 100, 3), dtype=np.uint8)
    cv2.circle(image, (50, 60), 30, (180, 160, 140), -1)
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return encoded.tobytes()


def _record(**changes: object) -> CollectionInput:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "created_at": NOW,
        "staff_no": "S0001",
        "document_type": DocumentType.RESIDENT_ID,
        "personal": PersonalFields(
            name=NAME,
            name_latin=LATIN,
            document_number=ID_NUMBER,
            birth_date=date(1949, 12, 31),
            sex=Sex.FEMALE,
            nationality="CHN",
        ),
        "face_jpeg": _jpeg(),
        "face_template": tuple(i / 128 for i in range(128)),
        "quality": (ScoreEntry("inter_eye_distance_px", 104.5, True, ">= 90"),),
        "liveness_passed": True,
        "liveness_steps": ("turn_left", "come_closer"),
        "match_distance": 0.41,
        "match_threshold": 0.5,
        "attempts": 2,
        "exception_reason": None,
    }
    values.update(changes)
    return CollectionInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def key(tmp_path: Path) -> StoreKey:
    return StoreKey.load_or_create(tmp_path)


def test_round_trip_decrypts_every_field(tmp_path: Path, key: StoreKey) -> None:
    record = _record()
    with CollectionStore(tmp_path / "store.sqlite3", key, clock=lambda: NOW) as store:
        assert store.save(record) == record.id
        got = store.get(record.id)
    assert got is not None
    assert got.state is RecordState.CAPTURED
    assert got.personal == record.personal
    assert got.face_jpeg == record.face_jpeg
    assert got.face_template == record.face_template
    assert got.quality == record.quality
    assert got.liveness_steps == record.liveness_steps
    assert (got.match_distance, got.attempts, got.exception_reason) == (0.41, 2, None)
    assert got.created_at == NOW


def test_saving_the_same_id_twice_keeps_one_record(tmp_path: Path, key: StoreKey) -> None:
    record = _record()
    with CollectionStore(tmp_path / "s.sqlite3", key, clock=lambda: NOW) as store:
        store.save(record)
        store.save(record)
        assert store.count_waiting() == 1
        waiting = store.list_waiting()
        assert [w.id for w in waiting] == [record.id]
        assert waiting[0].has_face
        assert not waiting[0].is_exception
        events = store.audit_events()
    assert [(e[1], e[2], e[3]) for e in events] == [
        (AuditEvent.RECORD_CAPTURED, record.id, "S0001")
    ]


def test_exception_record_without_face(tmp_path: Path, key: StoreKey) -> None:
    record = _record(face_jpeg=None, face_template=None, exception_reason="相机故障，三次未通过")
    with CollectionStore(tmp_path / "s.sqlite3", key) as store:
        store.save(record)
        got = store.get(record.id)
        assert store.list_waiting()[0].is_exception
    assert got is not None
    assert got.face_jpeg is None
    assert got.exception_reason == "相机故障，三次未通过"


def test_key_file_is_0600_and_reused(tmp_path: Path) -> None:
    first = StoreKey.load_or_create(tmp_path)
    path = tmp_path / "store.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes()) == 32
    assert StoreKey.load_or_create(tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["store.key"]  # no temp file left


def test_a_broken_key_file_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "store.key").write_bytes(b"short")
    with pytest.raises(StoreKeyError):
        StoreKey.load_or_create(tmp_path)
    assert (tmp_path / "store.key").read_bytes() == b"short"


def test_wrong_key_or_moved_ciphertext_does_not_decrypt(tmp_path: Path, key: StoreKey) -> None:
    db = tmp_path / "s.sqlite3"
    a, b = _record(), _record()
    with CollectionStore(db, key) as store:
        store.save(a)
        store.save(b)
        # Copy a's personal blob into b: the associated data (record id) no longer fits.
        with store.engine.begin() as connection:
            blob = (
                connection.execute(CollectionRow.__table__.select().where(CollectionRow.id == a.id))
                .one()
                ._mapping["personal_enc"]
            )
            connection.execute(
                update(CollectionRow).where(CollectionRow.id == b.id).values(personal_enc=blob)
            )
        with pytest.raises(DecryptionError):
            store.get(b.id)
    with CollectionStore(db, StoreKey.generate()) as other, pytest.raises(DecryptionError):
        other.get(a.id)


def _raw(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def test_raw_sqlite_and_wal_hold_no_personal_data_in_clear(tmp_path: Path, key: StoreKey) -> None:
    """Acceptance 3: the raw file and its WAL show no ID number or name, before and after
    a checkpoint; the non-personal parts (staff number, state) are there in clear."""
    db = tmp_path / "store.sqlite3"
    wal = tmp_path / "store.sqlite3-wal"
    needles = [
        ID_NUMBER.encode(),
        ID_NUMBER[-8:].encode(),
        NAME.encode("utf-8"),
        NAME.encode("utf-16-le"),
        LATIN.encode(),
        b"1949-12-31",
    ]
    with CollectionStore(db, key) as store:
        for _ in range(3):
            store.save(_record())
        before = _raw(db) + _raw(wal)
        assert wal.exists()
        assert _raw(wal)  # the data is in the WAL right now
        assert b"S0001" in before  # proof that we are reading the records' pages
        for needle in needles:
            assert needle not in before
        store.checkpoint()
        after = _raw(db) + _raw(wal)
        assert b"S0001" in after
        assert b"captured" in after
        for needle in needles:
            assert needle not in after
        assert _jpeg()[:64] not in after  # the face image is encrypted too
