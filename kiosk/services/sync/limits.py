"""Freeze limits (like MOSIP's): refuse new collections while too much waits unsynced."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.store.collection_store import CollectionStore
from kiosk.services.sync.settings import SyncSettings


def collection_allowed(
    store: CollectionStore, now: datetime, settings: SyncSettings | None = None
) -> tuple[bool, UserError | None]:
    """``(False, error)`` when too much waits unsynced; the error says why and what to do."""
    limits = settings or SyncSettings()
    waiting = store.count_waiting()
    if waiting >= limits.max_unsynced:
        return False, UserError(
            ErrorCode.COLLECTION_FROZEN_COUNT, {"waiting": waiting, "limit": limits.max_unsynced}
        )
    oldest = store.oldest_waiting_created_at()
    max_age = timedelta(days=limits.max_unsynced_age_days)
    if oldest is not None and now - oldest > max_age:
        return False, UserError(
            ErrorCode.COLLECTION_FROZEN_AGE, {"days": f"{limits.max_unsynced_age_days:g}"}
        )
    return True, None
