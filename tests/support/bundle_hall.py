"""A hall terminal for the offline-bundle tests: a kiosk data folder with its identity and
encrypted store, enrolled on the live service; exports with the kiosk's own writer and
imports with ``account-service import-bundle`` (fixture ``hall``)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from account_service.cli import main as service_main
from account_service.clock import ManualClock
from account_service.collection.models import HallCollection
from account_service.embedded import EmbeddedService
from account_service.trail.models import AuditEvent as ServiceAuditEvent
from kiosk.cli import main as kiosk_main
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.staff_keys import RecordSigner
from kiosk.services.store import CollectionInput, CollectionStore, StoreKey
from kiosk.services.sync.bundle import ExportResult, export_bundle
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.worker import SyncWorker
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity, enroll
from kiosk.settings import KioskSettings
from tests.support.records import SAMPLE_ID_NUMBER, sample_record, staff_signer

ID_NUMBER = SAMPLE_ID_NUMBER


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    out: str
    err: str


@dataclass
class Hall:
    """One terminal (data dir with identity and store) enrolled on the live service."""

    service: EmbeddedService
    clock: ManualClock
    data_dir: Path
    drive: Path
    identity: TerminalIdentity
    store: CollectionStore
    signer: RecordSigner  # staff S0001's record key on this terminal (R-HA-1)

    def save(self, record: CollectionInput) -> uuid.UUID:
        """The record as the collection flow saves it: signed by the staff member."""
        return self.store.save(self.signer.sign(record))

    def capture(self, count: int, number: str = ID_NUMBER) -> list[uuid.UUID]:
        return [self.save(sample_record(document_number=number)) for _ in range(count)]

    def export(self) -> ExportResult:
        return export_bundle(
            self.store,
            self.identity,
            self.identity.service_bundle_key,
            self.drive,
            datetime.now(UTC),
        )

    def kiosk(self, *argv: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        code = kiosk_main([*argv, "--data-dir", str(self.data_dir)], out=out, err=err)
        return Run(code, out.getvalue(), err.getvalue())

    def import_bundles(self, *files: Path, key_file: Path | None = None) -> Run:
        out, err = io.StringIO(), io.StringIO()
        argv = [
            "import-bundle",
            "--database-url",
            self.service.settings.database_url,
            "--bundle-key-file",
            str(key_file or self.service.settings.bundle_key_path),
            *(str(f) for f in files),
        ]
        code = service_main(argv, out=out, err=err, clock=self.clock)
        return Run(code, out.getvalue(), err.getvalue())

    def client(self) -> HttpAccountClient:
        return HttpAccountClient(
            self.service.base_url,
            self.identity,
            clock=lambda: self.clock.now().timestamp(),
            retries=0,
        )

    def sync_online(self) -> int:
        with self.client() as client:
            result = SyncWorker(self.store, client, SyncSettings()).run_once()
        assert result.error_class is None
        return result.acknowledged

    def stored(self, record_id: uuid.UUID | None = None) -> int:
        with self.service.session_factory() as session:
            query = select(func.count()).select_from(HallCollection)
            if record_id is not None:
                query = query.where(HallCollection.id == record_id)
            return int(session.scalar(query) or 0)

    def collection_events(self) -> int:
        with self.service.session_factory() as session:
            query = (
                select(func.count())
                .select_from(ServiceAuditEvent)
                .where(ServiceAuditEvent.event.like("collection.%"))
            )
            return int(session.scalar(query) or 0)


@pytest.fixture
def hall(
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Hall]:
    for name in ("KIOSK_SERVICE_URL", "KIOSK_DATA_DIR", "KIOSK_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    # The kiosk CLI signs with the real time: the service's clock follows it.
    manual_clock.set(datetime.now(UTC))
    data_dir = tmp_path / "kiosk"
    drive = tmp_path / "usb"
    drive.mkdir()
    identity = enroll(account_service.base_url, account_service.create_enroll_code("hall"))
    IdentityStore(data_dir).save(identity)
    settings = KioskSettings(data_dir=data_dir)
    key = StoreKey.load_or_create(data_dir, settings.store.key_file)
    with HttpAccountClient(account_service.base_url, identity, retries=0) as client:
        signer = staff_signer(client)
    with CollectionStore(settings.store.database_path(data_dir), key) as store:
        yield Hall(account_service, manual_clock, data_dir, drive, identity, store, signer)
