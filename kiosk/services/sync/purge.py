"""Deleting personal data from the terminal once the service has had it for a grace period."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.services.store.collection_store import PURGED_VALUES, CollectionStore
from kiosk.services.store.records import AuditEvent, RecordState
from kiosk.services.sync.states import sources_of


def purge_acknowledged(store: CollectionStore, now: datetime, grace_s: float) -> int:
    """Face image, template, personal fields and staff note → gone; the row stays as a
    trace without personal data (state ``purged``) with an audit entry. Returns the count."""
    due = store.acknowledged_before(now - timedelta(seconds=grace_s))
    moved = store.apply_transition(
        due,
        RecordState.PURGED,
        allowed_from=sources_of(RecordState.PURGED),
        values={**PURGED_VALUES, "purged_at": now},
        audit_event=AuditEvent.RECORD_PURGED,
    )
    return len(moved)
