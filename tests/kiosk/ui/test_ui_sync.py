"""The staff sync screen against the real account service (issue 4).

Acceptance 2: with the service stopped, collection goes on; when it returns, records drain on
their own (nobody taps "sync now") and the screen shows the progress and the final counts.
Acceptance 3: each error class shows its own plain message — unreachable, revoked terminal,
clock skew, rejected record (with the service's reason) — in Chinese and English.
Set ``KIOSK_TEST_SCREENSHOTS=<dir>`` to keep the screenshots this file takes.
"""

from __future__ import annotations

import io
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from staff_harness import Network, StaffKiosk, build_staff_kiosk, closed_port_client

from account_service.cli import main as service_main
from account_service.clock import SystemClock
from account_service.collection.models import HallCollection
from account_service.demo import DEMO_STAFF
from account_service.embedded import EmbeddedService
from account_service.terminals.service import revoke
from kiosk.demo.ui_driver import wait_until_idle
from kiosk.flows.collection import CollectionStep
from kiosk.protocol.messages import ErrorCode, Lang, render
from kiosk.services.face.models import FaceModels, ModelLoader
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.staff_keys import RecordSigner
from kiosk.services.store import CollectionInput, CollectionStore, StoreKey
from kiosk.services.store.records import RecordState
from kiosk.services.sync.console import BundleExporter, SyncConsole
from kiosk.services.sync.drives import make_demo_drive
from kiosk.services.sync.errors import SyncErrorClass
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.worker import SyncProgress, SyncWorker
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity, enroll
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.journey import StaffJourney, StaffStep
from kiosk.ui.journeys.staff.sync_bridge import SyncBridge
from kiosk.ui.journeys.staff.sync_panel import SyncPanel, SyncSources
from tests.support.live_service import service_settings
from tests.support.records import sample_jpeg, sample_record, staff_signer

STAFF = DEMO_STAFF[0]
RECORDS = 12
ID_NUMBER = "11010519491231002X"
WAIT_MS = 30_000
FAST = SyncSettings(batch_size=4, backoff_base_s=0.2, backoff_cap_s=0.5, idle_poll_s=0.5)


def _record(document_number: str = ID_NUMBER, name: str = "欧阳娜娜") -> CollectionInput:
    """A record by the demo staff member, its face on a grey background."""
    return sample_record(
        document_number=document_number,
        name=name,
        staff_no=STAFF.staff_no,
        face_jpeg=sample_jpeg(background=90),
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _shot(widget_owner: StaffKiosk | SyncPanel, name: str, tmp_path: Path) -> Path:
    target = Path(os.environ.get("KIOSK_TEST_SCREENSHOTS", tmp_path))
    target.mkdir(parents=True, exist_ok=True)
    widget = widget_owner.window if isinstance(widget_owner, StaffKiosk) else widget_owner.screen
    path = target / f"{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000  # a real picture, not an empty grab
    return path


@dataclass
class Hall:
    """A service on a fixed port (so it can be stopped and started again in place), the
    terminal's identity, store and sync worker, bridged to the GUI like the app does."""

    service: EmbeddedService
    identity: TerminalIdentity
    store: CollectionStore
    worker: SyncWorker
    bridge: SyncBridge
    console: SyncConsole
    signer: RecordSigner  # staff S0001's record key on this terminal (R-HA-1)

    def save(self, record: CollectionInput) -> uuid.UUID:
        """As the collection flow saves a record: signed by the staff member."""
        return self.store.save(self.signer.sign(record))

    def service_rows(self) -> int:
        with self.service.session_factory() as session:
            return int(session.scalar(select(func.count()).select_from(HallCollection)) or 0)


def _new_service(tmp_path: Path, port: int) -> EmbeddedService:
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    return EmbeddedService(
        service_settings(url, tmp_path / "service"), clock=SystemClock(), load_demo=True, port=port
    )


@pytest.fixture
def hall(tmp_path: Path, qtbot: QtBot) -> Iterator[Hall]:
    port = _free_port()
    service = _new_service(tmp_path, port).start()
    identity = enroll(service.base_url, service.create_enroll_code("hall"), "hall")
    data_dir = tmp_path / "kiosk"
    data_dir.mkdir()
    store = CollectionStore(data_dir / "store.sqlite3", StoreKey.load_or_create(data_dir))
    uploader = HttpAccountClient(service.base_url, identity, retries=0, timeout_s=5)
    bridge = SyncBridge()
    worker = SyncWorker(store, uploader, FAST, on_progress=bridge.on_progress)
    console = SyncConsole(store, worker, FAST, drive_roots=(tmp_path / "drives",))
    built = Hall(service, identity, store, worker, bridge, console, staff_signer(uploader))
    try:
        yield built
    finally:
        worker.stop()
        uploader.close()
        built.service.stop()
        store.close()


@pytest.fixture(scope="module")
def face_models() -> FaceModels:
    return ModelLoader().start().get(timeout=120)


@pytest.mark.expected_log(
    r"^kiosk\.services\.signed_http: POST /v1/collection-records failed \(ConnectError\)",
    r"^kiosk\.services\.sync\.worker: sync of",
)
def test_collection_goes_on_offline_and_records_drain_on_their_own(
    qtbot: QtBot,
    hall: Hall,
    face_models: FaceModels,
    kiosk_session: KioskSession,
    language: LanguageController,
    tmp_path: Path,
) -> None:
    language.set_language(Lang.ZH)
    with (
        HttpAccountClient(hall.service.base_url, hall.identity, retries=0) as live,
        closed_port_client() as dead,
    ):
        kiosk = build_staff_kiosk(
            network=Network(live, dead),
            models=face_models,
            data_dir=tmp_path / "kiosk",
            session=kiosk_session,
            language=language,
            sync=SyncSources(hall.console, hall.bridge),
            store=hall.store,
        )
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize_for(1280, 800)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        journey = kiosk.journey
        try:
            _log_in(qtbot, kiosk)
            # The service goes away (the hall's network is down).
            port = int(hall.service.base_url.rsplit(":", 1)[1])
            hall.service.stop()
            kiosk.network.up = False

            # Collection goes on: the freeze check passes, the journey opens, records save.
            with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
                journey.start_collection()
            assert shown.args == [CollectionStep.DOCUMENT_TYPE]
            ids = {hall.save(_record()) for _ in range(RECORDS)}
            journey.abandon_collection()

            # The worker tries, fails, and the screen says why in plain words.
            panel = journey.sync_panel
            assert panel is not None
            with qtbot.waitSignal(journey.step_shown):
                journey.show_sync()
            hall.worker.start()
            screen = panel.screen
            # The worker keeps retrying (short test backoff), so the line says "uploading"
            # during each round: wait for a moment between rounds, when it says why.
            qtbot.waitUntil(
                lambda: (
                    _shown(panel, lambda p: p.last_error_class is SyncErrorClass.UNREACHABLE)
                    and "暂时无法上传" in screen.state_line.text()
                ),
                timeout=WAIT_MS,
            )
            assert screen.tiles["waiting"].value.text() == str(RECORDS)
            assert screen.error_banner.text() == render(ErrorCode.SYNC_UNREACHABLE, Lang.ZH)
            _shot(kiosk, "sync-1-service-down", tmp_path)

            # The service comes back on the same address; nobody touches anything.
            bars: list[tuple[int, int]] = []
            panel.progress_shown.connect(
                lambda p: bars.append((p.sending_done, p.sending_total)) if p.sending else None
            )
            hall.service = _new_service(tmp_path, port).start()
            qtbot.waitUntil(lambda: _shown(panel, _all_delivered), timeout=WAIT_MS)
            assert any(0 < done < total for done, total in bars), bars  # the bar moved
            assert screen.tiles["sent"].value.text() == str(RECORDS)
            assert screen.tiles["waiting"].value.text() == "0"
            assert screen.state_line.text() == "● 全部记录已上传"
            assert screen.error_banner.isHidden()
            assert "最近一次成功上传" in screen.last_success.text()
            _shot(kiosk, "sync-2-drained", tmp_path)
            assert hall.service_rows() == RECORDS
            assert {t.id for t in hall.store.traces()} == ids
            # Staff home tells the same story.
            with qtbot.waitSignal(journey.step_shown):
                journey.show_home()
            assert "● 在线" in journey.home.status_text()
            assert "0 条待同步" in journey.home.status_text()
        finally:
            hall.worker.stop()
            kiosk.window.shutdown()


def test_collection_is_refused_with_the_reason_when_too_much_waits(
    qtbot: QtBot,
    hall: Hall,
    face_models: FaceModels,
    kiosk_session: KioskSession,
    language: LanguageController,
    tmp_path: Path,
) -> None:
    language.set_language(Lang.EN)
    limited = SyncSettings(max_unsynced=3)
    console = SyncConsole(hall.store, hall.worker, limited, drive_roots=())
    with (
        HttpAccountClient(hall.service.base_url, hall.identity, retries=0) as live,
        closed_port_client() as dead,
    ):
        kiosk = build_staff_kiosk(
            network=Network(live, dead),
            models=face_models,
            data_dir=tmp_path / "kiosk",
            session=kiosk_session,
            language=language,
            sync=SyncSources(console, hall.bridge),
            store=hall.store,
        )
        qtbot.addWidget(kiosk.window)
        try:
            _log_in(qtbot, kiosk)
            for _ in range(3):
                hall.save(_record())
            journey = kiosk.journey
            with qtbot.waitSignal(journey.collection_refused, timeout=WAIT_MS) as refused:
                journey.start_collection()
            assert refused.args[0].code is ErrorCode.COLLECTION_FROZEN_COUNT
            assert kiosk.window.current_screen() is journey.home
            text = journey.home.banner.text()
            assert "There are 3 records" in text and "(limit 3)" in text and "Sync now" in text
            assert journey.home.banner.rule == "R-HA-1"
        finally:
            kiosk.window.shutdown()


def _log_in(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    journey: StaffJourney = kiosk.journey
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS):
        kiosk.window.journeys.open_staff()
    wait_until_idle(kiosk.window.runner)
    journey.login.staff_no.set_text(STAFF.staff_no)
    journey.login.password.set_text(STAFF.password)
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        journey.login.submit()
    assert shown.args == [StaffStep.HOME], journey.login.banner.text()


def _shown(panel: SyncPanel, check: object) -> bool:
    progress = panel.screen.progress
    return progress is not None and callable(check) and bool(check(progress))


def _all_delivered(progress: SyncProgress) -> bool:
    return not progress.active and progress.counts.get(RecordState.ACKNOWLEDGED, 0) == RECORDS


# -- acceptance 3: one plain message per error class, on the real service ------------------


@pytest.fixture
def panel(hall: Hall, language: LanguageController) -> Iterator[SyncPanel]:
    runner = TaskRunner()
    built = SyncPanel(SyncSources(hall.console, hall.bridge), runner=runner, language=language)
    built.screen.resize(1280, 700)
    try:
        yield built
    finally:
        runner.wait_done()


def _round(
    qtbot: QtBot,
    hall: Hall,
    panel: SyncPanel,
    client: HttpAccountClient,
    skew: timedelta = timedelta(0),
) -> None:
    """One round of a worker whose clock (signing and comparing) runs ``skew`` ahead."""
    worker = SyncWorker(
        hall.store,
        client,
        FAST,
        clock=lambda: datetime.now(UTC) + skew,
        on_progress=hall.bridge.on_progress,
    )
    with qtbot.waitSignal(
        panel.progress_shown, timeout=WAIT_MS, check_params_cb=lambda p: not p.active
    ):
        worker.run_once()


@pytest.mark.parametrize(
    ("case", "code", "zh_words", "en_words"),
    [
        ("unreachable", ErrorCode.SYNC_UNREACHABLE, "连接不上账户服务", "cannot be reached"),
        ("revoked", ErrorCode.SYNC_TERMINAL_REVOKED, "已被停用", "revoked"),
        ("clock_skew", ErrorCode.SYNC_CLOCK_SKEW, "时钟", "clock"),
    ],
)
@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: stale timestam",
    r"^account_service\.terminals\.service: terminal request refused: unknown or rev",
    r"^kiosk\.services\.signed_http: POST /v1/collection-records failed \(ConnectError\)",
    r"^kiosk\.services\.sync\.worker: sync of",
)
def test_each_transport_error_class_has_its_own_plain_message(
    qtbot: QtBot,
    hall: Hall,
    panel: SyncPanel,
    language: LanguageController,
    case: str,
    code: ErrorCode,
    zh_words: str,
    en_words: str,
) -> None:
    hall.save(_record())
    base_url, skew_s = hall.service.base_url, 0.0
    if case == "unreachable":
        base_url = f"http://127.0.0.1:{_free_port()}"
    elif case == "revoked":
        with hall.service.session_factory.begin() as session:
            revoke(
                session=session,
                clock=SystemClock(),
                terminal_id=uuid.UUID(hall.identity.terminal_id),
            )
    else:
        skew_s = 3600.0  # the terminal's clock is an hour ahead
    now = datetime.now(UTC).timestamp
    with HttpAccountClient(
        base_url, hall.identity, retries=0, timeout_s=5, clock=lambda: now() + skew_s
    ) as client:
        _round(qtbot, hall, panel, client, timedelta(seconds=skew_s))
    banner = panel.screen.error_banner
    for lang, words in ((Lang.ZH, zh_words), (Lang.EN, en_words)):
        language.set_language(lang)  # Qt delivers LanguageChange through the event loop
        qtbot.waitUntil(lambda lang=lang: banner.text() == render(code, lang), timeout=WAIT_MS)
        assert words in banner.text()
        assert "no internet" not in banner.text().lower() and "没有网络" not in banner.text()
    assert hall.service_rows() == 0
    assert hall.store.traces()[0].state is RecordState.FAILED_RETRYABLE


@pytest.mark.expected_log(r"^kiosk\.services\.sync\.worker: record .* rejected")
def test_a_rejected_record_is_listed_with_the_service_reason(
    qtbot: QtBot, hall: Hall, panel: SyncPanel, language: LanguageController, tmp_path: Path
) -> None:
    bad = _record(document_number="110105194912310021", name="李四")  # wrong check digit (R-ID-5)
    hall.save(bad)
    hall.save(_record())
    with HttpAccountClient(hall.service.base_url, hall.identity, retries=0) as client:
        _round(qtbot, hall, panel, client)
    qtbot.waitUntil(lambda: panel.screen.rejected_list.isVisibleTo(panel.screen), timeout=WAIT_MS)
    trace = next(t for t in hall.store.traces() if t.id == bad.id)
    assert trace.state is RecordState.REJECTED and trace.rejection_reason
    listed = panel.screen.rejected_list
    for lang in (Lang.ZH, Lang.EN):
        language.set_language(lang)
        reason = trace.rejection_reason if lang is Lang.ZH else trace.rejection_reason_en
        assert reason
        qtbot.waitUntil(lambda reason=reason: reason in listed.text(), timeout=WAIT_MS)
        assert "李*" in listed.text() and str(bad.id)[:8] in listed.text()
        assert "110105194912310021" not in listed.text()  # masked: no document number
    assert panel.screen.tiles["rejected"].value.text() == "1"
    assert panel.screen.tiles["sent"].value.text() == "1"
    assert hall.service_rows() == 1
    assert panel.screen.state_line.text() == (
        "● Nothing waiting — 1 rejected record(s) to collect again"
    )
    language.set_language(Lang.ZH)
    qtbot.waitUntil(lambda: "被拒收" in panel.screen.state_line.text(), timeout=WAIT_MS)
    _shot(panel, "sync-3-rejected", tmp_path)


def test_drives_are_listed_and_export_says_when_it_is_not_available(
    qtbot: QtBot, hall: Hall, language: LanguageController, tmp_path: Path
) -> None:
    language.set_language(Lang.EN)
    make_demo_drive(tmp_path / "drives", "KINGSTON")
    assert [d.label for d in hall.console.drives()] == ["KINGSTON"]
    runner = TaskRunner()
    panel = SyncPanel(SyncSources(hall.console, hall.bridge), runner=runner, language=language)
    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        panel.refresh_drives()
    # No exporter configured: the screen says so instead of offering a button that fails.
    assert panel.screen.drive_buttons[0].isHidden()
    assert "Export is not available yet" in panel.screen.export_hint.text()
    runner.wait_done()


def test_export_from_the_screen_then_import_delivers_exactly_once(
    qtbot: QtBot, hall: Hall, language: LanguageController, tmp_path: Path
) -> None:
    """Acceptance 4 from the staff screen: the network is down, staff export to a USB drive,
    an administrator imports it (twice, by mistake); later the network returns and the same
    records sync online — the service holds each once."""
    language.set_language(Lang.ZH)
    identities = IdentityStore(tmp_path / "identity")
    identities.data_dir.mkdir()
    identities.save(hall.identity)
    drive = make_demo_drive(tmp_path / "drives", "KINGSTON")
    ids = {hall.save(_record()) for _ in range(5)}
    with HttpAccountClient(hall.service.base_url, hall.identity, retries=0) as online:
        exporter = BundleExporter(hall.store, identities, online.fetch_bundle_key)
        console = SyncConsole(
            hall.store, hall.worker, FAST, exporter=exporter, drive_roots=(drive.parent,)
        )
        runner = TaskRunner()
        panel = SyncPanel(SyncSources(console, hall.bridge), runner=runner, language=language)
        panel.staff_no = STAFF.staff_no
        with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
            panel.refresh_drives()  # online once: the service's bundle key is fetched
    button = panel.screen.drive_buttons[0]
    assert not button.isHidden() and button.text() == "导出到 KINGSTON"
    with qtbot.waitSignal(panel.exported, timeout=WAIT_MS) as exported:
        button.click()
    summary = exported.args[0]
    assert summary.count == 5 and summary.path.parent == drive
    assert "已将 5 条记录写入" in panel.screen.banner.text()
    assert hall.store.count_waiting() == 5  # kept until the service confirms them
    assert ID_NUMBER.encode() not in summary.path.read_bytes()  # encrypted

    def import_bundle() -> str:
        out, err = io.StringIO(), io.StringIO()
        code = service_main(
            [
                "import-bundle",
                "--database-url",
                hall.service.settings.database_url,
                "--bundle-key-file",
                str(hall.service.settings.bundle_key_path),
                str(summary.path),
            ],
            out=out,
            err=err,
        )
        assert code == 0, err.getvalue()
        return out.getvalue()

    first, second = import_bundle(), import_bundle()
    assert "accepted 5, duplicate 0" in first, first
    assert hall.service_rows() == 5
    assert "accepted 0, duplicate 5" in second, second
    assert hall.service_rows() == 5
    # The network returns: the same records sync online and count as delivered.
    with HttpAccountClient(hall.service.base_url, hall.identity, retries=0) as client:
        result = SyncWorker(hall.store, client, FAST).run_once()
    assert result.acknowledged == 5
    assert hall.service_rows() == 5
    assert {t.id for t in hall.store.traces()} == ids
    assert hall.store.count_waiting() == 0
    runner.wait_done()
