"""A kiosk window with staff mode on a real local store, a mock camera played by a
``ChallengeActor`` and the real face pipeline (models loaded once per test session)."""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher, Type
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.devices.camera import SceneKind
from kiosk.devices.mock_camera import MockCamera
from kiosk.flows.collection import CollectionFlow
from kiosk.flows.login import LoginFlow
from kiosk.protocol.staff import StaffLoggedIn
from kiosk.services.camera_feed import CameraFeed
from kiosk.services.face.analyzer import FaceAnalyzer
from kiosk.services.face.capture import CaptureSession
from kiosk.services.face.models import FaceModels
from kiosk.services.face.settings import FaceSettings
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.staff_api import StaffLocksApi
from kiosk.services.staff_auth import StaffAuth
from kiosk.services.store import CollectionStore, SqlStaffCache
from kiosk.services.store.keys import StoreKey
from kiosk.services.terminal_identity import TerminalIdentity
from kiosk.ui.common.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.common.live_capture import FaceSources
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.journey import StaffJourney, StaffSources
from kiosk.ui.journeys.staff.sync_panel import SyncSources
from kiosk.ui.journeys.tester.panel import TesterSources
from kiosk.ui.main_window import MainWindow

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
CAMERA_DELAY_S = 0.03  # about 30 fps, like a real camera


def closed_port_client() -> HttpAccountClient:
    """A client whose service is gone (connection refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    identity = TerminalIdentity(
        "00000000-0000-0000-0000-000000000000", Ed25519PrivateKey.generate()
    )
    return HttpAccountClient(
        f"http://127.0.0.1:{port}", identity, backoff=lambda _a: None, retries=0, timeout_s=2
    )


class Network:
    """The kiosk's connection to the service; the test pulls the cable with ``up = False``."""

    def __init__(self, live: HttpAccountClient, dead: HttpAccountClient) -> None:
        self.live, self.dead, self.up = live, dead, True

    @property
    def api(self) -> HttpAccountClient:
        return self.live if self.up else self.dead

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        return self.api.staff_login(staff_no, password, record_key=record_key)

    def health(self) -> bool:
        return self.api.health()


@dataclass
class StaffKiosk:
    window: MainWindow
    journey: StaffJourney
    camera: MockCamera
    store: CollectionStore
    network: Network
    actor: ChallengeActor


def build_staff_kiosk(
    *,
    network: Network,
    models: FaceModels,
    data_dir: Path,
    session: KioskSession,
    language: LanguageController,
    scene: SceneKind = SceneKind.GOOD,
    seed: int = 7,
    models_ready: Callable[[], bool] = lambda: True,
    sync: SyncSources | None = None,
    store: CollectionStore | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    locks: StaffLocksApi | None = None,
) -> StaffKiosk:
    """``clock``: the terminal's time for records and key expiry (the live service's clock
    when the test moves it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if store is None:
        store = CollectionStore(data_dir / "store.sqlite3", StoreKey.load_or_create(data_dir))
    cache = SqlStaffCache(store.engine)
    auth = StaffAuth(network, cache, clock=clock, hasher=CHEAP_HASHER)
    camera = MockCamera(scene=scene, delay_s=CAMERA_DELAY_S)
    settings = FaceSettings()
    rng = random.Random(seed)

    def feed(on_frame: FrameCallback, on_status: StatusCallback) -> CameraFeed:
        return CameraFeed(
            camera,
            on_frame=on_frame,
            on_status=on_status,
            backoff_initial_s=0.05,
            backoff_max_s=0.2,
        )

    staff = StaffSources(
        login=auth.login,
        is_online=network.health,
        new_flow=lambda staff: CollectionFlow(
            store, staff_no=staff.staff_no, signer=staff.signer, clock=clock
        ),
        camera_feed=feed,
        face=FaceSources(
            models_ready=models_ready,
            models_failed=lambda: False,
            new_capture=lambda: CaptureSession(FaceAnalyzer(models, settings), settings, rng=rng),
        ),
        tester=True,
        sync=sync,
        locks=locks,
    )
    tester = TesterSources(device_report=list, sms_outbox=lambda: [])
    window = MainWindow(
        flow=LoginFlow(network.live),
        session=session,
        language=language,
        tester=tester,
        staff=staff,
    )
    assert window.staff is not None
    actor = ChallengeActor(window.staff.analyzer, camera.set_scene)
    return StaffKiosk(window, window.staff, camera, store, network, actor)
