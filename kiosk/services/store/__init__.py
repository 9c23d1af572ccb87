"""The terminal's local store: SQLAlchemy on SQLite (WAL), sensitive columns encrypted."""

from __future__ import annotations

from kiosk.services.store.cipher import DecryptionError, FieldCipher
from kiosk.services.store.collection_store import CollectionStore
from kiosk.services.store.keys import StoreKey, StoreKeyError
from kiosk.services.store.records import (
    AuditEvent,
    CachedStaff,
    CollectionInput,
    CollectionRecord,
    PersonalFields,
    RecordState,
    ScoreEntry,
    Sex,
    SyncTrace,
    WaitingRecord,
)
from kiosk.services.store.settings import StoreSettings
from kiosk.services.store.staff_cache import SqlStaffCache
from kiosk.services.store.tables import make_store_engine

__all__ = [
    "AuditEvent",
    "CachedStaff",
    "CollectionInput",
    "CollectionRecord",
    "CollectionStore",
    "DecryptionError",
    "FieldCipher",
    "PersonalFields",
    "RecordState",
    "ScoreEntry",
    "Sex",
    "SqlStaffCache",
    "StoreKey",
    "StoreKeyError",
    "StoreSettings",
    "SyncTrace",
    "WaitingRecord",
    "make_store_engine",
]
