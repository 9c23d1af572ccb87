"""The local store's tables (SQLAlchemy 2 typed models) and its SQLite engine (WAL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 3  # 1: issue 3 (no store_meta); 2: sync columns (issue 4); 3: staff proof


class StoreBase(DeclarativeBase):
    pass


class UtcTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out (SQLite stores naive ones)."""

    impl = DateTime()
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class CollectionRow(StoreBase):
    """``*_enc`` columns are AES-GCM blobs (kiosk.services.store.cipher)."""

    __tablename__ = "collection_records"
    __table_args__ = (Index("ix_collection_records_state_created", "state", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcTime)
    # A RecordState value; plain text so new states need no schema change.
    state: Mapped[str] = mapped_column(String(20))
    staff_no: Mapped[str] = mapped_column(String(20))
    document_type: Mapped[str] = mapped_column(String(40))
    personal_enc: Mapped[bytes] = mapped_column(LargeBinary)
    face_jpeg_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    face_template_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    exception_reason_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    quality_json: Mapped[str] = mapped_column(Text)
    liveness_passed: Mapped[bool | None] = mapped_column(Boolean)
    liveness_steps: Mapped[str] = mapped_column(String(200))  # comma-separated step names
    match_distance: Mapped[float | None] = mapped_column(Float)
    match_threshold: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer)
    is_exception: Mapped[bool] = mapped_column(Boolean)
    # Staff proof (schema version 3, R-HA-1): not secret, so not encrypted.
    staff_key_id: Mapped[str | None] = mapped_column(String(40))
    staff_signature: Mapped[str | None] = mapped_column(String(120))
    # Sync columns (schema version 2): nullable or defaulted so ALTER TABLE can add them.
    send_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcTime, nullable=True)
    last_error_class: Mapped[str | None] = mapped_column(String(30), nullable=True)
    last_error_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcTime, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(UtcTime, nullable=True)
    # The service promises its reasons hold no personal data: kept in clear.
    rejection_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    rejection_reason_en: Mapped[str | None] = mapped_column(Text, nullable=True)


class StoreMetaRow(StoreBase):
    """One row: the schema version of this file."""

    __tablename__ = "store_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schema_version: Mapped[int] = mapped_column(Integer)


class StaffCacheRow(StoreBase):
    __tablename__ = "staff_cache"

    staff_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_masked: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id made on this kiosk
    failure_day: Mapped[date | None] = mapped_column(Date)
    failure_count: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(UtcTime)
    # Schema version 3: the record key, wrapped under a key derived from the password.
    record_key_id: Mapped[str | None] = mapped_column(String(40))
    record_key_expires_at: Mapped[datetime | None] = mapped_column(UtcTime)
    record_key_salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    record_key_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)


class AuditRow(StoreBase):
    """No personal data: an event, the record id, the time, the staff number."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcTime, index=True)
    event: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    staff_no: Mapped[str | None] = mapped_column(String(20))


def sqlite_url(url_or_path: str | Path) -> str:
    text = str(url_or_path)
    return text if "://" in text else f"sqlite:///{Path(text)}"


def make_store_engine(url_or_path: str | Path) -> Engine:
    """SQLite with WAL and foreign keys; the tables are created if missing."""
    url = sqlite_url(url_or_path)
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Freed pages are zeroed: nothing deleted lingers in the file (face data is
        # deleted once the service acknowledged it).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    StoreBase.metadata.create_all(engine)
    upgrade_schema(engine)
    return engine


def upgrade_schema(engine: Engine) -> None:
    """Bring an older file up to ``SCHEMA_VERSION``: add each model column the file lacks
    (ALTER TABLE ADD COLUMN; new columns are nullable or have a server default)."""
    with engine.begin() as connection:
        version = connection.scalar(select(StoreMetaRow.schema_version).where(StoreMetaRow.id == 1))
        if version is not None and version >= SCHEMA_VERSION:
            return
        for table in StoreBase.metadata.sorted_tables:
            present = {c["name"] for c in inspect(connection).get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(dialect=connection.dialect)
                default = (
                    f" DEFAULT {column.server_default.arg}"  # type: ignore[attr-defined]
                    if column.server_default is not None
                    else ""
                )
                connection.exec_driver_sql(
                    f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}{default}'
                )
        if version is None:
            connection.execute(insert(StoreMetaRow).values(id=1, schema_version=SCHEMA_VERSION))
        else:
            connection.execute(
                update(StoreMetaRow)
                .where(StoreMetaRow.id == 1)
                .values(schema_version=SCHEMA_VERSION)
            )
