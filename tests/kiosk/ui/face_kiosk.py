"""A kiosk window with the real face pipeline and a mock camera playing the REAL test photos
(obama, obama2, obama3, biden from the face_recognition sdist, fetched into a cache), shared
by the public face-check UI tests (忘记密码, 用户注册, the login's face factor, the level check).

``Cameras.person`` says whose face stands in front of the kiosk; a ``ChallengeActor`` on a
journey's analyzer plays the liveness challenge (head turns synthesized from the photo).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pytestqt.qtbot import QtBot

from kiosk.devices.camera import Frame, SceneKind
from kiosk.devices.camera_scenes import FaceAnchor, SceneFrames, build_scene
from kiosk.devices.mock_camera import MockCamera
from kiosk.flows.login import LoginFlow
from kiosk.services.camera_feed import CameraFeed
from kiosk.services.face.analyzer import FaceAnalyzer
from kiosk.services.face.capture import CaptureSession
from kiosk.services.face.models import FaceModels
from kiosk.services.face.settings import FaceSettings
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.common.face_check import PublicFaceSources
from kiosk.ui.common.live_capture import FaceSources
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.tester import panel as tester_panel
from kiosk.ui.main_window import MainWindow

WAIT_MS = 15_000
CAPTURE_TIMEOUT_MS = 90_000  # the liveness challenge on 2 busy cores
CAMERA_DELAY_S = 0.03  # about 30 fps, like a real camera


class PersonFeed:
    """The camera feed of whoever stands in front of the kiosk now (``Cameras.person``)."""

    def __init__(self, cameras: Cameras, on_frame: FrameCallback, on_status: StatusCallback):
        self._cameras = cameras
        self._on_frame, self._on_status = on_frame, on_status
        self._inner: CameraFeed | None = None

    def start(self) -> None:
        self._inner = CameraFeed(
            self._cameras.current,
            on_frame=self._on_frame,
            on_status=self._on_status,
            backoff_initial_s=0.05,
            backoff_max_s=0.2,
        )
        self._inner.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._inner is not None:
            self._inner.stop(timeout_s)

    def retry_now(self) -> None:
        if self._inner is not None:
            self._inner.retry_now()


@dataclass
class Cameras:
    """One mock camera per photo; ``person`` says whose face the next check sees."""

    photos: dict[str, Frame]
    anchors: dict[str, FaceAnchor]
    person: str = "obama2"
    made: dict[str, MockCamera] = field(default_factory=dict)

    @property
    def current(self) -> MockCamera:
        name = self.person
        if name not in self.made:
            photo, anchor = self.photos[name], self.anchors[name]

            def scenes(kind: SceneKind, size: tuple[int, int]) -> SceneFrames:
                return build_scene(kind, photo, size, anchor=anchor)

            self.made[name] = MockCamera(
                scene=SceneKind.GOOD, delay_s=CAMERA_DELAY_S, scene_builder=scenes
            )
        return self.made[name]

    def set_scene(self, kind: SceneKind) -> None:
        self.current.set_scene(kind)


def face_sources(cameras: Cameras, face_models: FaceModels) -> PublicFaceSources:
    """The public journeys' camera and face pipeline, on the mock cameras."""
    settings = FaceSettings()
    rng = random.Random(7)
    return PublicFaceSources(
        camera_feed=lambda on_frame, on_status: PersonFeed(cameras, on_frame, on_status),
        face=FaceSources(
            models_ready=lambda: True,
            models_failed=lambda: False,
            new_capture=lambda: CaptureSession(
                FaceAnalyzer(face_models, settings), settings, rng=rng
            ),
        ),
    )


def face_window(
    qtbot: QtBot,
    api: HttpAccountClient,
    sources: PublicFaceSources,
    session: KioskSession,
    language: LanguageController,
    *,
    qr: bool = False,
) -> MainWindow:
    """The window as ``kiosk.app`` builds it, with the face sources; QR when asked."""
    window = MainWindow(
        flow=LoginFlow(api),
        session=session,
        language=language,
        tester=tester_panel.TesterSources(device_report=list, sms_outbox=api.sms_outbox),
        self_service=api,
        public_face=sources,
        qr=api if qr else None,
    )
    qtbot.addWidget(window)
    window.resize_for(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def template_of(face_models: FaceModels, photo: Frame) -> list[float]:
    """The 128-d template of a photo, as the kiosk computes it."""
    encoding = FaceAnalyzer(face_models, FaceSettings()).encode_image(photo)
    assert encoding is not None
    return [float(v) for v in encoding]
