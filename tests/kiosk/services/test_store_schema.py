"""The store's schema version: an older file (issue 3, no sync columns, no store_meta)
opens, gains the missing columns, keeps its records, and they are due for sending."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from kiosk.domain.documents import DocumentType
from kiosk.services.store import (
    CollectionInput,
    CollectionStore,
    PersonalFields,
    RecordState,
    StoreKey,
)
from kiosk.services.store.tables import SCHEMA_VERSION

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
SYNC_COLUMNS = {
    "send_attempts",
    "next_attempt_at",
    "last_error_class",
    "last_error_text",
    "acknowledged_at",
    "purged_at",
    "rejection_reason",
    "rejection_reason_en",
}


def _columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[1] for row in connection.execute("PRAGMA table_info(collection_records)")}


def _make_version_1_file(path: Path, key: StoreKey) -> uuid.UUID:
    with CollectionStore(path, key) as store:
        rid = store.save(
            CollectionInput(
                id=uuid.uuid4(),
                created_at=NOW,
                staff_no="S0001",
                document_type=DocumentType.RESIDENT_ID,
                personal=PersonalFields(
                    name="王五", document_number="320106197603154413", birth_date=date(1976, 3, 15)
                ),
            )
        )
    # Strip it back to the issue-3 schema.
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP INDEX IF EXISTS ix_collection_records_state_created")
        for column in sorted(SYNC_COLUMNS):
            connection.execute(f"ALTER TABLE collection_records DROP COLUMN {column}")
        connection.execute("DROP TABLE store_meta")
        connection.execute(
            "CREATE INDEX ix_collection_records_state_created"
            " ON collection_records (state, created_at)"
        )
    connection.close()
    return rid


def test_an_old_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    key = StoreKey.generate()
    rid = _make_version_1_file(path, key)
    assert not SYNC_COLUMNS & _columns(path)

    with CollectionStore(path, key) as store:
        assert _columns(path) >= SYNC_COLUMNS
        record = store.get(rid)
        assert record is not None and record.personal.name == "王五"
        assert store.due_for_sending(NOW, 10) == [rid]
        trace = store.traces()[0]
        assert (trace.state, trace.send_attempts) == (RecordState.CAPTURED, 0)
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT schema_version FROM store_meta").fetchall()
    assert version == [(SCHEMA_VERSION,)]


def test_opening_a_current_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    key = StoreKey.generate()
    for _ in range(2):
        with CollectionStore(path, key):
            pass
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT id, schema_version FROM store_meta").fetchall() == [
            (1, SCHEMA_VERSION)
        ]
