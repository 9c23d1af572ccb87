"""What the staff sync screen asks of the terminal, Qt-free: counts, "sync now", rejected
records with the service's reason, the freeze check, removable drives and the export.

Every method but ``sync_now`` blocks on the local store: call them off the GUI thread.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from kiosk.domain.documents import DocumentType
from kiosk.domain.masking import mask_name
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.store.collection_store import CollectionStore
from kiosk.services.store.records import RecordState
from kiosk.services.sync.bundle import ExportError, export_bundle
from kiosk.services.sync.drives import Drive, removable_drives
from kiosk.services.sync.limits import collection_allowed
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.worker import SyncProgress
from kiosk.services.terminal_identity import IdentityStore

_log = logging.getLogger(__name__)

REJECTED_SHOWN = 20  # the screen lists the newest rejections; staff re-collect each


class ProgressSource(Protocol):
    def progress(self, done: int = 0, total: int = 0) -> SyncProgress: ...

    def sync_now(self) -> None: ...


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A refused record as staff see it: enough to find the person again, masked."""

    id: uuid.UUID
    created_at: datetime
    document_type: DocumentType | None
    name_masked: str
    reason: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    count: int


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Exporter(Protocol):
    def ready(self) -> bool:
        """The service's bundle key is known (fetched now if possible)."""
        ...

    def export(self, destination: Path, staff_no: str | None) -> ExportSummary: ...


class BundleExporter:
    """Export through ``kiosk.services.sync.bundle``: sealed to the service's bundle key,
    signed with the terminal's key. The key is fetched on demand while the service answers."""

    def __init__(
        self,
        store: CollectionStore,
        identities: IdentityStore,
        fetch_key: Callable[[], str] | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._store = store
        self._identities = identities
        self._fetch_key = fetch_key
        self._clock = clock

    def ready(self) -> bool:
        if self._identities.load_service_bundle_key() is not None:
            return True
        if self._fetch_key is None:
            return False
        try:
            self._identities.save_service_bundle_key(self._fetch_key())
        except Exception:  # offline, or an old service: export stays unavailable, said so
            _log.info("the service's bundle key could not be fetched", exc_info=True)
            return False
        return self._identities.load_service_bundle_key() is not None

    def export(self, destination: Path, staff_no: str | None) -> ExportSummary:
        """Raises ``ExportError`` (a catalog error) when nothing was exported."""
        result = export_bundle(
            self._store,
            self._identities.load(),
            self._identities.load_service_bundle_key(),
            destination,
            self._clock(),
            staff_no=staff_no,
        )
        return ExportSummary(result.path, result.count)


class SyncConsole:
    def __init__(
        self,
        store: CollectionStore,
        worker: ProgressSource,
        settings: SyncSettings | None = None,
        *,
        exporter: Exporter | None = None,
        drive_roots: tuple[Path, ...] | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._store = store
        self._worker = worker
        self._settings = settings or SyncSettings()
        self._exporter = exporter
        self._drive_roots = drive_roots if drive_roots is not None else self._settings.drive_roots
        self._clock = clock

    def can_export(self) -> bool:
        """Blocking (may fetch the service's key): call off the GUI thread."""
        return self._exporter is not None and self._exporter.ready()

    def snapshot(self) -> SyncProgress:
        return self._worker.progress()

    def sync_now(self) -> None:
        self._worker.sync_now()

    def admission(self) -> UserError | None:
        """``None`` when a new collection may start; else why not (the freeze limits)."""
        _allowed, refusal = collection_allowed(self._store, self._clock(), self._settings)
        return refusal

    def rejected(self, limit: int = REJECTED_SHOWN) -> list[RejectedRecord]:
        traces = self._store.traces(frozenset({RecordState.REJECTED}), limit=10_000)
        newest = sorted(traces, key=lambda t: t.created_at, reverse=True)[:limit]
        shown: list[RejectedRecord] = []
        for trace in newest:
            record = self._store.get(trace.id)
            name = ""
            if record is not None:
                name = record.personal.name or record.personal.name_latin
            shown.append(
                RejectedRecord(
                    id=trace.id,
                    created_at=trace.created_at,
                    document_type=record.document_type if record is not None else None,
                    name_masked=mask_name(name) if name else "",
                    reason=trace.rejection_reason or "",
                    reason_en=trace.rejection_reason_en or trace.rejection_reason or "",
                )
            )
        return shown

    def drives(self) -> list[Drive]:
        return removable_drives(self._drive_roots)

    def export(self, destination: Path, staff_no: str | None = None) -> ExportSummary:
        if self._exporter is None:
            raise ExportError(ErrorCode.EXPORT_NOT_SET_UP)
        return self._exporter.export(destination, staff_no)
