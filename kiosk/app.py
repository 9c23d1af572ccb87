"""Composition root: settings → devices → services → flows → UI, all injected.

``run_terminal`` is the hall terminal (``kiosk run``): its enrolled identity, the central
service at ``service_url`` over HTTPS, the devices its settings choose. ``terminal`` builds
the window from a client and devices; the demo (``kiosk.demo``) calls it with its own
embedded service and mocks.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

# Before PySide6: its import hook inspects every module imported after it, and pydantic's
# lazily loaded attributes then recurse into a half-initialised pydantic (ImportError).
import pydantic.fields  # noqa: F401
from PySide6.QtWidgets import QApplication

from kiosk.devices.camera import Camera
from kiosk.devices.cards.backend import Backend
from kiosk.devices.cards.monitor import CardMonitor
from kiosk.devices.device_set import DeviceSet, build_devices, camera_settings_of
from kiosk.devices.mock_camera import MockCamera
from kiosk.flows.agent_login import AgentLoginFlow
from kiosk.flows.certificate import CertificateFlow
from kiosk.flows.collection import CollectionFlow
from kiosk.flows.enterprise_certificate_login import EnterpriseCertificateLoginFlow
from kiosk.flows.login import LoginFlow
from kiosk.services.camera_feed import CameraFeed
from kiosk.services.certificate_medium import CertificateMedium
from kiosk.services.face.analyzer import FaceAnalyzer
from kiosk.services.face.capture import CaptureSession
from kiosk.services.face.models import ModelLoader
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import IdlePolicy, KioskSession
from kiosk.services.service_endpoint import EndpointError, ServiceEndpoint
from kiosk.services.staff_auth import StaffAuth
from kiosk.services.store import CollectionStore, SqlStaffCache
from kiosk.services.store.keys import StoreKey
from kiosk.services.sync.console import BundleExporter, SyncConsole
from kiosk.services.sync.worker import SyncWorker
from kiosk.services.terminal_identity import IdentityError, IdentityStore
from kiosk.settings import KioskSettings
from kiosk.ui.common.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.common.face_check import PublicFaceSources
from kiosk.ui.common.live_capture import FaceSources
from kiosk.ui.common.widgets.touch_keyboard import TouchKeyboard
from kiosk.ui.i18n import LanguageController, build_translations
from kiosk.ui.journeys.agent.journey import AgentSources
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.certificate.journey import CertificateSources
from kiosk.ui.journeys.enterprise_certificate.journey import EnterpriseCertificateSources
from kiosk.ui.journeys.staff.journey import StaffSources
from kiosk.ui.journeys.staff.sync_bridge import SyncBridge
from kiosk.ui.journeys.staff.sync_panel import SyncSources
from kiosk.ui.journeys.tester.panel import TesterSources
from kiosk.ui.main_window import MainWindow
from kiosk.ui.service_watch import ServiceWatch
from kiosk.ui.theme import apply_theme

_log = logging.getLogger(__name__)

VIRTUAL_KEYBOARD = "qtvirtualkeyboard"
SYNC_TIMEOUT_S = 60.0  # a batch of 50 records with photos is a few MB
Clock = Callable[[], float]


class TerminalSetupError(RuntimeError):
    """The terminal cannot start; the message says what to set or run."""


def run_terminal(settings: KioskSettings) -> int:
    """The hall terminal: full screen (or a window), until closed."""
    try:
        endpoint = ServiceEndpoint.of(settings.service_url, settings.service_ca_file)
        identity = IdentityStore(settings.data_dir).load()
    except EndpointError as exc:
        raise TerminalSetupError(str(exc)) from None
    except IdentityError as exc:
        raise TerminalSetupError(
            f"{exc}: enroll it first with `kiosk enroll --service-url URL --code CODE`"
        ) from None
    app = qt_application(settings)
    client = HttpAccountClient(
        endpoint.base_url,
        identity,
        retries=settings.http_retries,
        timeout_s=settings.http_timeout_s,
        verify=endpoint.verify,
    )
    devices = build_devices(settings)
    _log.info("terminal %s on %s", identity.terminal_id, endpoint.base_url)
    with client, terminal(settings, client, devices) as window:
        show(window, settings)
        return app.exec()


def qt_application(settings: KioskSettings) -> QApplication:
    """The one QApplication, themed, with the on-screen keyboard and translations."""
    # Letters (usernames, passwords, names) come from Qt's on-screen keyboard, shown
    # inside the window (kiosk/ui/common/widgets/touch_keyboard.py), not as a window of its own.
    os.environ.setdefault("QT_IM_MODULE", VIRTUAL_KEYBOARD)
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    build_translations()
    apply_theme(app, large_type=settings.large_type)
    return app


def show(window: MainWindow, settings: KioskSettings, *, windowed: bool = False) -> None:
    """Show the window and take the keyboard focus: in a bare X session (a kiosk started by
    xinit, or Xvfb) no window manager gives it, and without it no field gets focus and the
    on-screen keyboard never opens."""
    if windowed or settings.windowed:
        window.resize_for(1280, 800)
        window.show()
        window.activateWindow()
        return
    # The whole screen also where no window manager honours "full screen" (a bare X
    # session started by xinit, as many kiosks run).
    area = window.screen().geometry()
    window.resize_for(area.width(), area.height())
    window.move(area.topLeft())
    window.showFullScreen()
    window.activateWindow()


@contextmanager
def terminal(
    settings: KioskSettings,
    client: HttpAccountClient,
    devices: DeviceSet,
    *,
    clock: Clock = time.monotonic,
    tester: TesterSources | None = None,
    drive_roots: tuple[Path, ...] = (),
) -> Iterator[MainWindow]:
    """The kiosk window on ``client`` and ``devices``, with everything it runs (the local
    store, the sync worker, the card monitor, the service watch); all stopped after."""
    app = QApplication.instance()
    if app is None:
        msg = "terminal() needs the QApplication: call qt_application() first"
        raise RuntimeError(msg)
    language = LanguageController(app, initial=settings.language)
    # Face models load on their own thread from now on; the kiosk is usable meanwhile.
    models = ModelLoader().start()
    with (
        ExitStack() as stack,
        local_store(settings) as store,
        sync_running(settings, store, client, drive_roots=drive_roots) as sync,
    ):
        cards = stack.enter_context(cards_running(devices.cards))
        staff = staff_sources(settings, client, store, devices.camera, models, sync=sync)
        window = MainWindow(
            flow=LoginFlow(client),
            session=KioskSession(
                IdlePolicy(settings.idle_timeout_s, settings.idle_warning_s), clock=clock
            ),
            language=language,
            tester=tester,
            staff=staff,
            certificate=cards.certificate,
            agent=AgentSources(
                flow=AgentLoginFlow(client, cards.medium),
                readers=cards.medium,
                bridge=cards.bridge,
            ),
            # 企业业务 by the enterprise's Tax UKey: the same readers (seed 002 四11).
            enterprise_certificate=EnterpriseCertificateSources(
                flow=EnterpriseCertificateLoginFlow(client, cards.medium),
                readers=cards.medium,
                bridge=cards.bridge,
            ),
            self_service=client,
            qr=client,  # 扫码登录 (R-QR-1)
            # The same camera and models for the public face check (one screen at a time).
            public_face=PublicFaceSources(camera_feed=staff.camera_feed, face=staff.face),
            # No on-screen keyboard where a physical one was chosen (QT_IM_MODULE).
            keyboard=TouchKeyboard()
            if os.environ.get("QT_IM_MODULE") == VIRTUAL_KEYBOARD
            else None,
        )
        watch = ServiceWatch(client.health, interval_s=settings.health_interval_s)
        watch.reachable_changed.connect(window.home.set_service_reachable)
        watch.start()
        try:
            yield window
        finally:
            watch.stop()
            watch.deleteLater()
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
    settings: KioskSettings,
    store: CollectionStore,
    client: HttpAccountClient,
    *,
    drive_roots: tuple[Path, ...] = (),
) -> Iterator[SyncSources]:
    """The sync worker on its own thread (its own HTTP client: uploads are large and must
    not queue behind a person's login), its progress bridged to the GUI thread."""
    bridge = SyncBridge()
    identities = IdentityStore(settings.data_dir)
    uploader = client.companion(
        retries=0,  # the worker retries with its own backoff
        timeout_s=max(settings.http_timeout_s, SYNC_TIMEOUT_S),
    )
    worker = SyncWorker(store, uploader, settings.sync, on_progress=bridge.on_progress)
    exporter = BundleExporter(store, identities, uploader.fetch_bundle_key)
    console = SyncConsole(
        store,
        worker,
        settings.sync,
        exporter=exporter,
        drive_roots=(*settings.sync.drive_roots, *drive_roots),
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
