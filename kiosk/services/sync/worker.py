"""The sync worker: delivers waiting records in batches, backs off with full jitter.

Every record is ``sending`` in the store before its request leaves, and is acknowledged
only on the service's answer; a crash in between leaves it ``sending``, and it is sent
again (the service answers ``duplicate``). Runs on its own thread or once (``kiosk sync run``).
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from kiosk.protocol.collection import RecordAck, RecordStatus
from kiosk.protocol.messages import Lang
from kiosk.services.store.collection_store import CollectionStore
from kiosk.services.store.records import AuditEvent, RecordState
from kiosk.services.sync import errors
from kiosk.services.sync.errors import SyncErrorClass, classify
from kiosk.services.sync.payload import record_payload
from kiosk.services.sync.purge import purge_acknowledged
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.states import sources_of

_log = logging.getLogger(__name__)


class CollectionSubmitter(Protocol):
    def submit_collection_records(self, records: Sequence[dict[str, Any]]) -> list[RecordAck]: ...


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """For the staff screen: counts by state, sending progress, last success, last error."""

    counts: dict[RecordState, int]
    sending_done: int = 0
    sending_total: int = 0
    last_success_at: datetime | None = None
    last_error_class: SyncErrorClass | None = None
    last_error_zh: str | None = None
    last_error_en: str | None = None
    last_error_at: datetime | None = None
    active: bool = False  # a round is under way (the progress bar's life)

    @property
    def sending(self) -> bool:
        return self.active and self.sending_total > 0

    @property
    def error_current(self) -> bool:
        """The last error happened after the last success (so it still holds)."""
        if self.last_error_at is None:
            return False
        return self.last_success_at is None or self.last_error_at >= self.last_success_at


@dataclass(slots=True)
class RoundResult:
    acknowledged: int = 0
    rejected: int = 0
    failed: int = 0
    purged: int = 0
    error_class: SyncErrorClass | None = None
    errors_seen: list[SyncErrorClass] = field(default_factory=list)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def backoff_s(
    attempt: int, settings: SyncSettings, uniform: Callable[[float, float], float]
) -> float:
    """Full jitter: uniform(0, min(cap, base * 2**(attempt-1)))."""
    ceiling = min(settings.backoff_cap_s, settings.backoff_base_s * 2 ** max(attempt - 1, 0))
    return uniform(0.0, ceiling)


class SyncWorker:
    """``clock``: the store's time (aware UTC); ``uniform``: jitter (tests pin it);
    ``on_progress`` is called from the worker thread."""

    def __init__(
        self,
        store: CollectionStore,
        client: CollectionSubmitter,
        settings: SyncSettings | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        uniform: Callable[[float, float], float] = random.uniform,
        on_progress: Callable[[SyncProgress], None] | None = None,
    ) -> None:
        self._store = store
        self._client = client
        self._settings = settings or SyncSettings()
        self._clock = clock
        self._uniform = uniform
        self._on_progress = on_progress
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._retry_attempt = 0
        self.last_success_at: datetime | None = None
        self.last_error_class: SyncErrorClass | None = None
        self.last_error_at: datetime | None = None
        self._last_error: tuple[str, str] | None = None

    # -- thread ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("sync worker already started")
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def sync_now(self) -> None:
        """Cut a backoff short: failed records become due now."""
        self._retry_attempt = 0
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            if self._wake.is_set():
                self._wake.clear()
                self._make_all_due()
            try:
                self.run_once()
            except Exception:  # the worker never dies; the next round retries
                _log.exception("sync round failed")
            self._wake.wait(self._seconds_until_next())

    def _seconds_until_next(self) -> float:
        next_at = self._store.next_retry_at()
        idle = self._settings.idle_poll_s
        if next_at is None:
            return idle
        return max(0.0, min(idle, (next_at - self._clock()).total_seconds()))

    def _make_all_due(self) -> None:
        self._store.make_retries_due(self._clock())

    # -- one round ---------------------------------------------------------------------

    def run_once(self) -> RoundResult:
        """Send every due record (batch by batch) until none is due or a batch fails;
        then purge what is past its grace period."""
        result = RoundResult()
        total = len(self._store.due_for_sending(self._clock(), limit=100_000))
        done = 0
        if total:
            self._report(done, total, active=True)  # the bar appears before the first batch
        while not self._stopping.is_set():
            ids = self._store.due_for_sending(self._clock(), self._settings.batch_size)
            if not ids:
                break
            if not self._send_batch(ids, result):
                break
            done += len(ids)
            self._report(done, total, active=True)
        result.purged = purge_acknowledged(self._store, self._clock(), self._settings.purge_grace_s)
        self._report(done, total, active=False)
        return result

    def _send_batch(self, ids: list[uuid.UUID], result: RoundResult) -> bool:
        moved = self._store.apply_transition(
            ids,
            RecordState.SENDING,
            allowed_from=sources_of(RecordState.SENDING),
            count_attempt=True,
        )
        records = self._store.get_many(moved)
        try:
            acks = self._client.submit_collection_records([record_payload(r) for r in records])
        except Exception as exc:  # every failure is classified and retried later
            error_class = classify(
                exc, terminal_now=self._clock(), skew_limit_s=self._settings.clock_skew_limit_s
            )
            self._fail(moved, error_class, result)
            return False
        self._apply_acks(acks, result)
        self._retry_attempt = 0
        self.last_success_at = self._clock()
        return True

    def _fail(self, ids: list[uuid.UUID], error_class: SyncErrorClass, result: RoundResult) -> None:
        self._retry_attempt += 1
        wait = backoff_s(self._retry_attempt, self._settings, self._uniform)
        zh, en = errors.text(error_class, Lang.ZH), errors.text(error_class, Lang.EN)
        self._store.apply_transition(
            ids,
            RecordState.FAILED_RETRYABLE,
            allowed_from=sources_of(RecordState.FAILED_RETRYABLE),
            values={
                "next_attempt_at": self._clock() + timedelta(seconds=wait),
                "last_error_class": error_class.value,
                "last_error_text": en,
            },
        )
        _log.warning(
            "sync of %d records failed: %s; next try in %.1f s", len(ids), error_class.value, wait
        )
        self.last_error_class = error_class
        self.last_error_at = self._clock()
        self._last_error = (zh, en)
        result.failed += len(ids)
        result.error_class = error_class
        result.errors_seen.append(error_class)

    def _apply_acks(self, acks: list[RecordAck], result: RoundResult) -> None:
        now = self._clock()
        done = [a.id for a in acks if a.status in {RecordStatus.ACCEPTED, RecordStatus.DUPLICATE}]
        result.acknowledged += len(
            self._store.apply_transition(
                done,
                RecordState.ACKNOWLEDGED,
                allowed_from=sources_of(RecordState.ACKNOWLEDGED),
                values={"acknowledged_at": now, "next_attempt_at": None},
                audit_event=AuditEvent.RECORD_ACKNOWLEDGED,
            )
        )
        for ack in acks:
            if ack.status != RecordStatus.REJECTED:
                continue
            _log.warning("record %s rejected by the service", ack.id)
            result.rejected += len(
                self._store.apply_transition(
                    [ack.id],
                    RecordState.REJECTED,
                    allowed_from=sources_of(RecordState.REJECTED),
                    values={
                        "rejection_reason": ack.reason,
                        "rejection_reason_en": ack.reason_en,
                        "last_error_class": SyncErrorClass.RECORD_REJECTED.value,
                        "last_error_text": ack.reason_en,
                    },
                    audit_event=AuditEvent.RECORD_REJECTED,
                )
            )

    def progress(self, done: int = 0, total: int = 0, *, active: bool = False) -> SyncProgress:
        zh, en = self._last_error or (None, None)
        return SyncProgress(
            counts=self._store.state_counts(),
            sending_done=done,
            sending_total=total,
            last_success_at=self.last_success_at,
            last_error_class=self.last_error_class,
            last_error_zh=zh,
            last_error_en=en,
            last_error_at=self.last_error_at,
            active=active,
        )

    def _report(self, done: int, total: int, *, active: bool) -> None:
        if self._on_progress is not None:
            self._on_progress(self.progress(done, total, active=active))
