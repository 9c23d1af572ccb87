"""The sync worker against the real account service over HTTP, on SQLite and PostgreSQL
(issue 4: nothing lost, nothing doubled, errors said plainly, personal data purged)."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from account_service.clock import ManualClock
from account_service.collection.models import HallCollection
from account_service.embedded import EmbeddedService
from account_service.terminals.service import revoke
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.staff_keys import RecordSigner
from kiosk.services.store import CollectionInput, CollectionStore, RecordState, StoreKey
from kiosk.services.sync.errors import SyncErrorClass
from kiosk.services.sync.limits import collection_allowed
from kiosk.services.sync.payload import record_payload
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.states import sources_of
from kiosk.services.sync.worker import SyncProgress, SyncWorker
from kiosk.services.terminal_identity import TerminalIdentity, enroll
from tests.support.records import sample_jpeg, sample_record, staff_signer


@dataclass
class TerminalClock:
    """The terminal's wall clock (compared with the service's Date header, which is real
    time) plus an offset the test moves forward."""

    offset: timedelta = field(default_factory=timedelta)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class Rig:
    service: EmbeddedService
    identity: TerminalIdentity
    store: CollectionStore
    db_path: Path
    clock: TerminalClock
    manual_clock: ManualClock
    signer: RecordSigner  # staff S0001's record key on this terminal (R-HA-1)

    def save(self, record: CollectionInput) -> uuid.UUID:
        """As the collection flow saves a record: signed by the staff member."""
        return self.store.save(self.signer.sign(record))

    def client(self, base_url: str | None = None, skew_s: float = 0) -> HttpAccountClient:
        return HttpAccountClient(
            base_url or self.service.base_url,
            self.identity,
            clock=lambda: self.manual_clock.now().timestamp() + skew_s,
            retries=0,
        )

    def worker(
        self,
        client: HttpAccountClient,
        on_progress: Callable[[SyncProgress], None] | None = None,
        **settings: float,
    ) -> SyncWorker:
        values = {"backoff_base_s": 5.0, "backoff_cap_s": 60.0, **settings}
        return SyncWorker(
            self.store,
            client,
            SyncSettings.model_validate(values),
            clock=self.clock.now,
            uniform=lambda _lo, hi: hi,  # the top of the jitter range: waits are predictable
            on_progress=on_progress,
        )

    def service_count(self, record_id: uuid.UUID | None = None) -> int:
        with self.service.session_factory() as session:
            query = select(func.count()).select_from(HallCollection)
            if record_id is not None:
                query = query.where(HallCollection.id == record_id)
            return int(session.scalar(query) or 0)


@pytest.fixture
def rig(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[Rig]:
    # The service's clock follows real time, so the Date header agrees with it.
    manual_clock.set(datetime.now(UTC))
    identity = enroll(account_service.base_url, account_service.create_enroll_code("sync"), "sync")
    db_path = tmp_path / "kiosk" / "store.sqlite3"
    clock = TerminalClock()
    with HttpAccountClient(account_service.base_url, identity, retries=0) as client:
        signer = staff_signer(client)
    with CollectionStore(db_path, StoreKey.generate(), clock=clock.now) as store:
        yield Rig(account_service, identity, store, db_path, clock, manual_clock, signer)


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_three_captured_records_are_delivered_and_acknowledged(rig: Rig) -> None:
    ids = [rig.save(sample_record(created_at=rig.clock.now())) for _ in range(3)]
    seen: list[SyncProgress] = []
    with rig.client() as client:
        worker = rig.worker(client, seen.append, batch_size=2)
        result = worker.run_once()
    assert result.acknowledged == 3
    assert {t.state for t in rig.store.traces()} == {RecordState.ACKNOWLEDGED}
    assert all(rig.service_count(rid) == 1 for rid in ids)
    assert seen[-1].counts[RecordState.ACKNOWLEDGED] == 3
    bar = [(p.sending_done, p.sending_total, p.active) for p in seen]
    assert bar == [(0, 3, True), (2, 3, True), (3, 3, True), (3, 3, False)]
    assert seen[-1].last_success_at is not None
    assert rig.store.count_waiting() == 0


def test_a_record_left_in_sending_by_a_crash_is_resent_exactly_once(rig: Rig) -> None:
    rid = rig.save(sample_record(created_at=rig.clock.now()))
    with rig.client() as client:
        # The "crash": the record was marked sending and the batch reached the service,
        # but the answer never got back.
        rig.store.apply_transition(
            [rid], RecordState.SENDING, allowed_from=sources_of(RecordState.SENDING)
        )
        record = rig.store.get(rid)
        assert record is not None
        client.submit_collection_records([record_payload(record)])
        assert rig.store.due_for_sending(rig.clock.now(), 10) == [rid]
        result = rig.worker(client).run_once()
    assert result.acknowledged == 1
    assert rig.store.traces()[0].state is RecordState.ACKNOWLEDGED
    assert rig.service_count(rid) == 1


@pytest.mark.expected_log(r"^kiosk\.services\.sync\.worker: record .* rejected")
def test_a_rejected_record_keeps_the_service_reason(rig: Rig) -> None:
    bad = rig.save(sample_record(created_at=rig.clock.now(), document_number="110105194912310021"))
    good = rig.save(sample_record(created_at=rig.clock.now()))
    with rig.client() as client:
        result = rig.worker(client).run_once()
    assert (result.acknowledged, result.rejected) == (1, 1)
    trace = {t.id: t for t in rig.store.traces()}
    assert trace[bad].state is RecordState.REJECTED
    assert trace[bad].rejection_reason and trace[bad].rejection_reason_en
    assert trace[bad].last_error_class == SyncErrorClass.RECORD_REJECTED.value
    assert trace[good].state is RecordState.ACKNOWLEDGED
    assert rig.service_count(bad) == 0
    # never sent again
    assert rig.store.due_for_sending(rig.clock.now() + timedelta(days=1), 10) == []


@pytest.mark.expected_log(
    r"^kiosk\.services\.signed_http: POST /v1/collection-records failed \(ConnectError\)",
    r"^kiosk\.services\.sync\.worker: sync of",
)
def test_unreachable_service_backs_off_growing_then_delivers(rig: Rig) -> None:
    rid = rig.save(sample_record(created_at=rig.clock.now()))
    waits: list[float] = []
    with rig.client(_closed_port_url()) as down:
        worker = rig.worker(down)
        for _ in range(3):
            result = worker.run_once()
            assert result.error_class is SyncErrorClass.UNREACHABLE
            trace = rig.store.traces()[0]
            assert trace.state is RecordState.FAILED_RETRYABLE
            assert trace.next_attempt_at is not None
            waits.append((trace.next_attempt_at - rig.clock.now()).total_seconds())
            # not due before its wait is over
            assert worker.run_once().failed == 0
            rig.clock.offset += timedelta(seconds=waits[-1] + 1)
    assert waits[0] < waits[1] < waits[2]
    assert worker.progress().last_error_class is SyncErrorClass.UNREACHABLE
    assert rig.store.traces()[0].send_attempts == 3
    with rig.client() as up:
        assert rig.worker(up).run_once().acknowledged == 1
    assert rig.service_count(rid) == 1


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: unknown or rev",
    r"^kiosk\.services\.sync\.worker: sync of",
)
def test_revoked_terminal_is_said_as_such(rig: Rig) -> None:
    rig.save(sample_record(created_at=rig.clock.now()))
    with rig.service.session_factory.begin() as session:
        assert revoke(
            session=session, clock=rig.manual_clock, terminal_id=uuid.UUID(rig.identity.terminal_id)
        )
    with rig.client() as client:
        worker = rig.worker(client)
        result = worker.run_once()
    assert result.error_class is SyncErrorClass.TERMINAL_REVOKED
    progress = worker.progress()
    assert progress.last_error_en and "revoked" in progress.last_error_en
    assert progress.last_error_zh and "停用" in progress.last_error_zh
    assert rig.store.traces()[0].state is RecordState.FAILED_RETRYABLE


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: stale timestam",
    r"^kiosk\.services\.sync\.worker: sync of",
)
def test_clock_skew_is_told_apart_from_revocation(rig: Rig) -> None:
    rig.save(sample_record(created_at=rig.clock.now()))
    rig.clock.offset = timedelta(hours=1)  # the terminal's clock runs an hour ahead
    with rig.client(skew_s=3600) as client:
        result = rig.worker(client).run_once()
    assert result.error_class is SyncErrorClass.CLOCK_SKEW
    assert rig.store.traces()[0].last_error_class == SyncErrorClass.CLOCK_SKEW.value


def test_purge_after_grace_removes_personal_data_from_the_file(rig: Rig) -> None:
    rid = rig.save(sample_record(created_at=rig.clock.now()))
    with rig.client() as client:
        worker = rig.worker(client, purge_grace_s=3600)
        assert worker.run_once().acknowledged == 1
        assert rig.store.get(rid) is not None  # still here during the grace period
        rig.clock.offset += timedelta(seconds=3601)
        assert worker.run_once().purged == 1
    trace = rig.store.traces()[0]
    assert trace.state is RecordState.PURGED and trace.purged_at is not None
    assert rig.store.get(rid) is None
    assert any(e[1].value == "record_purged" and e[2] == rid for e in rig.store.audit_events())
    rig.store.checkpoint()
    raw = rig.db_path.read_bytes()
    wal = rig.db_path.with_name(rig.db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert b"S0001" in raw  # the trace stays
    assert sample_jpeg()[:64] not in raw
    with rig.store.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT personal_enc, face_jpeg_enc, face_template_enc, exception_reason_enc"
                " FROM collection_records"
            )
        ).one()
    assert row == (b"", None, None, None)


def test_worker_thread_sync_now_delivers(rig: Rig) -> None:
    rid = rig.save(sample_record(created_at=rig.clock.now()))
    delivered = threading.Event()

    def on_progress(progress: SyncProgress) -> None:
        if progress.counts[RecordState.ACKNOWLEDGED] == 1:
            delivered.set()

    with rig.client() as client:
        worker = rig.worker(client, on_progress, idle_poll_s=30)
        worker.start()
        try:
            worker.sync_now()
            assert delivered.wait(20)
        finally:
            worker.stop()
    assert rig.service_count(rid) == 1


def test_freeze_limits_refuse_new_collections_and_say_why(rig: Rig) -> None:
    now = rig.clock.now()
    settings = SyncSettings(max_unsynced=2, max_unsynced_age_days=7)
    assert collection_allowed(rig.store, now, settings) == (True, None)
    rig.save(sample_record(created_at=now - timedelta(days=8)))
    allowed, why = collection_allowed(rig.store, now, settings)
    assert not allowed and why is not None and why.code is ErrorCode.COLLECTION_FROZEN_AGE
    assert "7 days" in why.text(Lang.EN) and "7 天" in why.text(Lang.ZH)
    rig.save(sample_record(created_at=now))
    allowed, why = collection_allowed(rig.store, now, settings)
    assert not allowed and why is not None and why.code is ErrorCode.COLLECTION_FROZEN_COUNT
    assert "(limit 2)" in why.text(Lang.EN) and "上限 2 条" in why.text(Lang.ZH)
