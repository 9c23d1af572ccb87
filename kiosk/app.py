"""Composition root: settings → service → devices → services → flows → UI, all injected.

``run_demo`` runs the kiosk against the embedded account service (SQLite in the data
folder, demo people loaded), enrolling the terminal on its first start.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import cv2

# Before PySide6: its import hook inspects every module imported after it, and pydantic's
# lazily loaded attributes then recurse into a half-initialised pydantic (ImportError).
import pydantic.fields  # noqa: F401
from PySide6.QtWidgets import QApplication

from kiosk.devices.camera import Camera, SceneKind
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.camera_scenes import build_scene
from kiosk.devices.cards.backend import Backend
from kiosk.devices.cards.emulator.factory import DEMO_AGENT_CERT_PIN, demo_agent_card
from kiosk.devices.cards.fake_backend import DEFAULT_FAKE_READER, FakeBackend
from kiosk.devices.cards.monitor import CardMonitor
from kiosk.devices.device_set import DeviceReport, build_devices, camera_settings_of
from kiosk.devices.mock_camera import MockCamera
from kiosk.domain.messages import ErrorCode
from kiosk.flows.agent_login import AgentLoginFlow
from kiosk.flows.certificate import CertificateFlow
from kiosk.flows.collection import CollectionFlow
from kiosk.flows.login import LoginFlow
from kiosk.services.account_api import AccountError
from kiosk.services.camera_feed import CameraFeed
from kiosk.services.certificate_medium import CertificateMedium
from kiosk.services.demo_dir import DemoError, fresh_demo_dir
from kiosk.services.face.analyzer import FaceAnalyzer
from kiosk.services.face.capture import CaptureSession
from kiosk.services.face.models import ModelLoader
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import IdlePolicy, KioskSession
from kiosk.services.service_file import clear_service_file, write_service_file
from kiosk.services.staff_auth import StaffAuth
from kiosk.services.store import CollectionStore, SqlStaffCache
from kiosk.services.store.keys import StoreKey
from kiosk.services.sync.console import BundleExporter, SyncConsole
from kiosk.services.sync.drives import make_demo_drive
from kiosk.services.sync.worker import SyncWorker
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity, enroll
from kiosk.settings import KioskSettings
from kiosk.ui.agent_journey import AgentSources
from kiosk.ui.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.certificate_journey import CertificateSources
from kiosk.ui.face_check import PublicFaceSources
from kiosk.ui.i18n import LanguageController, build_translations
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.tester_panel import TesterSources
from kiosk.ui.screens.tester_scan import ScanPerson
from kiosk.ui.staff_journey import FaceSources, StaffSources
from kiosk.ui.sync_bridge import SyncBridge
from kiosk.ui.sync_panel import SyncSources
from kiosk.ui.theme import apply_theme
from kiosk.ui.walkthrough import DemoLogin, ShiftedClock, WalkthroughError, run_walkthrough
from kiosk.ui.walkthrough_certificate import CardDemo
from kiosk.ui.walkthrough_registration import RegistrationWalkthroughError
from kiosk.ui.walkthrough_staff import StaffDemo

TERMINAL_NAME = "demo kiosk"
DEMO_DRIVES_SUBDIR = "demo-drives"
SYNC_TIMEOUT_S = 60.0  # a batch of 50 records with photos is a few MB
SERVICE_SUBDIR = "account_service"
DEMO_FACE_FILE = "demo-resident-face.png"  # the demo camera's astronaut, as a reference
CodeFactory = Callable[[str], str]


def run_demo(
    settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None, keep: bool = False
) -> int:
    """Run the demo kiosk; with ``walkthrough_dir``, record the walkthrough PNGs and return.

    The demo's world lives in its own folder (``demo_dir``), started afresh unless ``keep``;
    the walkthrough always runs in a scratch folder of its own, so neither depends on, nor
    changes, what an earlier run or a tester left (issue 22)."""
    if walkthrough_dir is not None:
        with tempfile.TemporaryDirectory(prefix="tax-kiosk-walkthrough-") as scratch:
            scratch_settings = settings.model_copy(update={"data_dir": Path(scratch)})
            return _run_demo(scratch_settings, windowed=windowed, walkthrough_dir=walkthrough_dir)
    demo_settings = settings.model_copy(
        update={"data_dir": fresh_demo_dir(settings.data_dir, keep=keep)}
    )
    return _run_demo(demo_settings, windowed=windowed, walkthrough_dir=None)


def _run_demo(settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None) -> int:
    if walkthrough_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication
    else:
        # Letters (usernames, passwords) come from Qt's on-screen keyboard (Pinyin, Latin).
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
        # The keyboard starts in the system locale's layout: Pinyin (简体中文) for Chinese
        # names; password fields still ask it for Latin. Measured under Xvfb: with LANG=C
        # it opens in English and a Chinese name cannot be typed without the globe key.
        if not os.environ.get("LANG", "").startswith("zh"):
            os.environ["LANG"] = "zh_CN.UTF-8"
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    build_translations()
    apply_theme(app, large_type=settings.large_type)
    language = LanguageController(app, initial=settings.language)
    clock = ShiftedClock()
    # Face models load on their own thread from now on; the kiosk is usable meanwhile.
    models = ModelLoader().start()
    with (
        ExitStack() as stack,
        embedded_service(settings) as client,
        local_store(settings) as store,
        sync_running(settings, store, client) as sync,
    ):
        devices = build_devices(settings)
        add_demo_agent_card(devices.cards)
        cards = stack.enter_context(cards_running(devices.cards))
        knobs = (
            MockCameraControl(settings.data_dir) if isinstance(devices.camera, MockCamera) else None
        )
        staff = staff_sources(settings, client, store, devices.camera, models, sync=sync)
        window = MainWindow(
            flow=LoginFlow(client),
            session=KioskSession(
                IdlePolicy(settings.idle_timeout_s, settings.idle_warning_s), clock=clock
            ),
            language=language,
            tester=demo_tester_sources(devices.report, client, knobs),
            staff=staff,
            certificate=cards.certificate,
            agent=AgentSources(
                flow=AgentLoginFlow(client, cards.medium),
                readers=cards.medium,
                bridge=cards.bridge,
            ),
            self_service=client,
            qr=client,  # 扫码登录 (R-QR-1)
            # The same camera and models for the public face check (one screen at a time).
            public_face=PublicFaceSources(camera_feed=staff.camera_feed, face=staff.face),
        )
        try:
            if walkthrough_dir is not None:
                try:
                    saved = run_walkthrough(
                        window,
                        client,
                        walkthrough_dir,
                        demo_login(),
                        advance_idle_clock=clock.advance,
                        staff=demo_staff(devices.camera),
                        cards=demo_cards(devices.cards, client),
                    )
                except (WalkthroughError, RegistrationWalkthroughError) as exc:
                    written = len(list(walkthrough_dir.rglob("*.png")))
                    raise DemoError(
                        f"the walkthrough stopped after {written} screenshots: {exc}"
                    ) from None
                print(f"{len(saved)} screenshots in {walkthrough_dir.resolve()}")
                return 0
            if windowed or settings.windowed:
                window.resize_for(1280, 800)
                window.show()
            else:
                window.showFullScreen()
            return app.exec()
        finally:
            window.shutdown()
            window.deleteLater()
            language.detach()


def staff_sources(
    settings: KioskSettings,
    client: HttpAccountClient,
    store: CollectionStore,
    camera: Camera,
    models: ModelLoader,
    *,
    sync: SyncSources | None = None,
) -> StaffSources:
    """Staff mode: login (online, else the cached hash), the collection flow on the local
    store, the camera feed and a capture session per attempt."""
    face = settings.face
    collection = settings.collection
    camera_options = camera_settings_of(settings)
    auth = StaffAuth(client, SqlStaffCache(store.engine))
    rng = random.SystemRandom()  # the challenge's order must not be predictable

    def feed(on_frame: FrameCallback, on_status: StatusCallback) -> CameraFeed:
        return CameraFeed(
            camera,
            on_frame=on_frame,
            on_status=on_status,
            backoff_initial_s=camera_options.reconnect_initial_s,
            backoff_max_s=camera_options.reconnect_max_s,
        )

    def new_capture() -> CaptureSession:
        return CaptureSession(FaceAnalyzer(models.get(timeout=0), face), face, rng=rng)

    return StaffSources(
        login=auth.login,
        is_online=client.health,
        new_flow=lambda staff: CollectionFlow(
            store, staff_no=staff.staff_no, signer=staff.signer, settings=collection
        ),
        camera_feed=feed,
        face=FaceSources(
            models_ready=lambda: models.ready,
            models_failed=lambda: models.failed,
            new_capture=new_capture,
        ),
        tester=isinstance(camera, MockCamera),
        sync=sync,
        locks=client,
    )


@dataclass(frozen=True, slots=True)
class CardSources:
    certificate: CertificateSources
    medium: CertificateMedium
    bridge: CardBridge


DEMO_AGENT_READER = "Fake Reader 01"


def add_demo_agent_card(backend: Backend) -> None:
    """The demo's second reader holds the demo agent's (王五's) Tax UKey, whose certificate
    the demo service has on record (R-AG-2)."""
    if not isinstance(backend, FakeBackend):
        return
    card, _issued = demo_agent_card(datetime.now(UTC))
    backend.add_reader(DEMO_AGENT_READER)
    backend.insert(DEMO_AGENT_READER, card)


@contextmanager
def cards_running(backend: Backend) -> Iterator[CardSources]:
    """The card monitor (its own owner thread for all card I/O), its events bridged to the
    GUI thread, and the certificate journey's flow on it."""
    bridge = CardBridge()
    monitor = CardMonitor(backend, bridge.on_event)
    monitor.start()
    medium = CertificateMedium(monitor)
    try:
        yield CardSources(
            certificate=CertificateSources(
                flow=CertificateFlow(medium), readers=medium, bridge=bridge
            ),
            medium=medium,
            bridge=bridge,
        )
    finally:
        monitor.stop()
        bridge.deleteLater()


@contextmanager
def sync_running(
    settings: KioskSettings, store: CollectionStore, client: HttpAccountClient
) -> Iterator[SyncSources]:
    """The sync worker on its own thread (its own HTTP client: uploads are large and must
    not queue behind a person's login), its progress bridged to the GUI thread."""
    bridge = SyncBridge()
    identities = IdentityStore(settings.data_dir)
    uploader = HttpAccountClient(
        client.base_url,
        identities.load(),
        retries=0,  # the worker retries with its own backoff
        timeout_s=max(settings.http_timeout_s, SYNC_TIMEOUT_S),
    )
    worker = SyncWorker(store, uploader, settings.sync, on_progress=bridge.on_progress)
    exporter = BundleExporter(store, identities, uploader.fetch_bundle_key)
    demo_drives = settings.data_dir / DEMO_DRIVES_SUBDIR
    make_demo_drive(demo_drives)  # the demo's "USB drive" (a marked folder)
    console = SyncConsole(
        store,
        worker,
        settings.sync,
        exporter=exporter,
        drive_roots=(*settings.sync.drive_roots, demo_drives),
    )
    worker.start()
    try:
        yield SyncSources(console=console, bridge=bridge)
    finally:
        worker.stop()
        uploader.close()
        bridge.deleteLater()


@contextmanager
def local_store(settings: KioskSettings) -> Iterator[CollectionStore]:
    """The terminal's encrypted store of collection records (key file 0600 in data_dir)."""
    options = settings.store
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = StoreKey.load_or_create(settings.data_dir, options.key_file)
    store = CollectionStore(options.database_path(settings.data_dir), key)
    try:
        yield store
    finally:
        store.close()


def demo_staff(camera: Camera) -> StaffDemo | None:
    """The walkthrough's staff member and its hands on the mock camera."""
    from account_service.demo import DEMO_STAFF  # noqa: PLC0415 - demo data, demo only

    if not isinstance(camera, MockCamera):
        return None
    staff = DEMO_STAFF[0]
    return StaffDemo(
        staff_no=staff.staff_no,
        password=staff.password,
        set_scene=camera.set_scene,
        lose_camera=camera.fail_after,
        replug_camera=camera.replug,
    )


def demo_cards(backend: Backend, client: HttpAccountClient) -> CardDemo | None:
    """The walkthrough's hands on the demo media: the enterprise's Tax UKey (factory
    password) and the demo agent's, each in its fake reader."""
    if not isinstance(backend, FakeBackend):
        return None
    enterprise = backend.card_in(DEFAULT_FAKE_READER)
    agent = backend.card_in(DEMO_AGENT_READER)
    if enterprise is None or agent is None:
        return None

    def remove_all() -> None:
        for reader in (DEFAULT_FAKE_READER, DEMO_AGENT_READER):
            backend.remove(reader)

    return CardDemo(
        remove_all=remove_all,
        insert=lambda: backend.insert(DEFAULT_FAKE_READER, enterprise),
        insert_agent=lambda: backend.insert(DEMO_AGENT_READER, agent),
        agent_password=DEMO_AGENT_CERT_PIN.decode(),
        sms_code=lambda: client.sms_outbox(limit=1)[0].code,
    )


def demo_face_photos(data_dir: Path) -> dict[str, Path]:
    """The demo residents' photos this machine has: the mock camera's own picture of the
    astronaut (written once into ``data_dir``: the whole photo also shows a face-like
    mission patch, stack-notes), and the face_recognition test photos once a test run
    fetched them into the cache."""
    from account_service.authority.demo import photo_cache_dir  # noqa: PLC0415 - demo only

    astronaut = data_dir / DEMO_FACE_FILE
    if not astronaut.is_file():
        frame = build_scene(SceneKind.GOOD).frames[0]  # what the demo camera shows
        cv2.imwrite(str(astronaut), frame)
    cached = photo_cache_dir()
    photos = {name: cached / f"{name}.jpg" for name in ("obama", "biden")}
    return {"astronaut": astronaut, **photos}


def demo_tester_sources(
    device_report: Callable[[], list[DeviceReport]],
    client: HttpAccountClient,
    knobs: MockCameraControl | None,
) -> TesterSources:
    """The tester panel's sources, and the tax-app simulator on the QR screen: the demo
    people and the demo enterprise the embedded service knows (R-QR-1/2)."""
    from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS  # noqa: PLC0415 - demo only

    return TesterSources(
        device_report=device_report,
        sms_outbox=client.sms_outbox,
        camera=knobs,
        taxapp=client,
        demo_people=tuple(ScanPerson(p.name, p.document_number) for p in DEMO_PERSONS),
        demo_enterprise_uscc=DEMO_ENTERPRISE.uscc,
    )


def demo_login() -> DemoLogin:
    """The published demo person the walkthrough logs in as (张三, by ID number)."""
    from account_service.demo import DEMO_PERSONS  # noqa: PLC0415 - demo data, demo only

    zhang = next(p for p in DEMO_PERSONS if p.phone and not p.initial_password)
    return DemoLogin(zhang.document_number, zhang.password, zhang.phone or "")


@contextmanager
def embedded_service(settings: KioskSettings) -> Iterator[HttpAccountClient]:
    """Start the service, enroll this terminal once, publish the URL; stop it all after."""
    from account_service.authority.demo import give_demo_faces  # noqa: PLC0415
    from account_service.embedded import EmbeddedService  # noqa: PLC0415 - heavy import
    from account_service.settings import AccountServiceSettings, Profile  # noqa: PLC0415

    service_dir = settings.data_dir / SERVICE_SUBDIR
    service_dir.mkdir(parents=True, exist_ok=True)
    # The demo: development profile (the SMS outbox and the tax-app simulator for testers).
    service_settings = AccountServiceSettings(
        data_dir=service_dir, access_log=False, profile=Profile.DEVELOPMENT
    )
    with EmbeddedService(service_settings, load_demo=True) as service:
        give_demo_faces(service.session_factory, demo_face_photos(service_dir))
        store = IdentityStore(settings.data_dir)
        new_code = service.create_enroll_code
        if store.exists():
            client = _client(settings, service.base_url, store.load())
            if not _known(client):  # the service's database was reset since we enrolled
                client.close()
                client = _client(
                    settings, service.base_url, _enroll(store, service.base_url, new_code)
                )
        else:
            client = _client(settings, service.base_url, _enroll(store, service.base_url, new_code))
        write_service_file(settings.data_dir, service.base_url)
        try:
            yield client
        finally:
            client.close()
            clear_service_file(settings.data_dir)


def _enroll(store: IdentityStore, base_url: str, new_code: CodeFactory) -> TerminalIdentity:
    identity = enroll(base_url, new_code(TERMINAL_NAME), TERMINAL_NAME)
    store.save(identity)
    return identity


def _client(
    settings: KioskSettings, base_url: str, identity: TerminalIdentity
) -> HttpAccountClient:
    return HttpAccountClient(
        base_url, identity, retries=settings.http_retries, timeout_s=settings.http_timeout_s
    )


def _known(client: HttpAccountClient) -> bool:
    try:
        client.sms_outbox(limit=1)  # a signed call: does the service know this terminal?
    except AccountError as error:
        if error.code is ErrorCode.TERMINAL_UNAUTHORIZED:
            return False
        raise
    return True
