"""The one live capture (``kiosk.ui.common.live_capture``) on a scripted camera feed and capture
session: the preview and overlay, the attempt's end with the camera resting, the public
check's template, a lost camera and its retry, and a persistent problem as a message."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from kiosk.devices.camera import Frame
from kiosk.devices.status import DeviceStatus
from kiosk.services.face.types import (
    Box,
    CaptureResult,
    ChallengeStep,
    FrameAnalysis,
    Guidance,
    LivenessProgress,
    LivenessState,
    QualityReport,
)
from kiosk.ui.common.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.common.face_check import FaceCheck, PublicFaceSources
from kiosk.ui.common.live_capture import PERSISTENT_FRAMES, CaptureFault, FaceSources, LiveCapture
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.collection_capture import CollectionCaptureScreen

WAIT_MS = 5_000
FRAME: Frame = np.zeros((48, 64, 3), dtype=np.uint8)


class ScriptedFeed:
    """The camera feed, driven by the test through the callbacks it was given."""

    def __init__(self, on_frame: FrameCallback, on_status: StatusCallback) -> None:
        self.on_frame, self.on_status = on_frame, on_status
        self.running = False
        self.retries = 0

    def start(self) -> None:
        self.running = True

    def stop(self, timeout_s: float = 5.0) -> None:
        self.running = False

    def retry_now(self) -> None:
        self.retries += 1


class ScriptedSession:
    """A capture session that sees ``guidance`` and is done after ``frames`` frames."""

    def __init__(self, result: CaptureResult | None, frames: int = 3) -> None:
        self._result, self._frames = result, frames
        self.seen = 0
        self.restarts = 0
        self.guidance = Guidance.GOOD

    def process(self, frame_bgr: Frame, now: float) -> FrameAnalysis:
        self.seen += 1
        return FrameAnalysis(
            boxes=(Box(10, 10, 40, 40),),
            guidance=self.guidance,
            quality=None,
            liveness=LivenessProgress(
                LivenessState.IN_PROGRESS, (ChallengeStep.TURN_LEFT,), 0, seconds_left=5.0
            ),
            analysis_ms=1.0,
        )

    @property
    def done(self) -> bool:
        return self.seen >= self._frames

    def result(self) -> CaptureResult | None:
        return self._result

    def restart(self) -> None:
        self.restarts += 1
        self.seen = 0


def passed_capture() -> CaptureResult:
    return CaptureResult(
        image_jpeg=b"jpeg",
        encoding=(0.25,) * 128,
        quality=QualityReport(()),
        liveness_passed=True,
        liveness_steps=(ChallengeStep.TURN_LEFT,),
    )


class Rig:
    def __init__(self, session: ScriptedSession) -> None:
        self.session = session
        self.feeds: list[ScriptedFeed] = []
        self.face = FaceSources(
            models_ready=lambda: True, models_failed=lambda: False, new_capture=lambda: session
        )

    def feed(self, on_frame: FrameCallback, on_status: StatusCallback) -> ScriptedFeed:
        made = ScriptedFeed(on_frame, on_status)
        self.feeds.append(made)
        return made

    def frames(self, qtbot: QtBot, count: int, capture: LiveCapture) -> None:
        """Frames one at a time, each analysed before the next (the analyzer keeps only
        the latest frame)."""
        for _ in range(count):
            wanted = self.session.seen + 1

            def analysed(wanted: int = wanted) -> bool:
                return self.session.seen >= wanted and not capture.analyzer.busy

            self.feeds[-1].on_frame(FRAME, 0.0)
            qtbot.waitUntil(analysed, timeout=WAIT_MS)


def test_the_public_check_sends_the_template_and_rests_the_camera(
    qtbot: QtBot, language: LanguageController
) -> None:
    rig = Rig(ScriptedSession(passed_capture()))
    screen = FaceCheckScreen(language)
    check = FaceCheck(PublicFaceSources(rig.feed, rig.face), screen)
    try:
        check.start()
        assert check.running and rig.feeds[-1].running
        with qtbot.waitSignal(check.template_ready, timeout=WAIT_MS) as sent:
            rig.frames(qtbot, 3, check)
        assert sent.args == [(0.25,) * 128]
        assert screen.camera.analysis is not None  # the overlay of the last frame
        assert not check.running and not rig.feeds[-1].running
    finally:
        check.shutdown()


def test_a_failed_challenge_is_a_fault_with_try_again(
    qtbot: QtBot, language: LanguageController
) -> None:
    rig = Rig(ScriptedSession(None))
    screen = FaceCheckScreen(language)
    check = FaceCheck(PublicFaceSources(rig.feed, rig.face), screen)
    try:
        check.start()
        with qtbot.waitSignal(check.fault_shown, timeout=WAIT_MS) as shown:
            rig.frames(qtbot, 3, check)
        assert shown.args == [CaptureFault.LIVENESS_FAILED]
        assert screen.retry_button.isVisibleTo(screen)
        screen.retry_button.click()  # a fresh attempt: camera on, fault gone
        assert check.running and rig.feeds[-1].running and screen.fault is None
    finally:
        check.shutdown()


def test_a_lost_camera_is_waited_for_and_the_attempt_starts_over(
    qtbot: QtBot, language: LanguageController
) -> None:
    session = ScriptedSession(passed_capture(), frames=100)
    rig = Rig(session)
    screen = CollectionCaptureScreen(language)
    capture = LiveCapture(rig.feed, rig.face, screen, connecting=lambda: "connecting")
    try:
        capture.start()
        rig.frames(qtbot, 2, capture)
        with qtbot.waitSignal(capture.fault_shown, timeout=WAIT_MS) as shown:
            rig.feeds[-1].on_status(DeviceStatus.FAULT, "lost")
        assert shown.args == [CaptureFault.CAMERA_LOST]
        capture.retry()
        assert rig.feeds[-1].retries == 1
        assert screen.busy.running and screen.fault is None
        rig.feeds[-1].on_status(DeviceStatus.READY, "back")
        qtbot.waitUntil(lambda: session.restarts == 1, timeout=WAIT_MS)
        assert not screen.busy.running and screen.fault is None
        rig.frames(qtbot, 1, capture)
        assert screen.camera.analysis is not None
    finally:
        capture.shutdown()


def test_a_persistent_problem_becomes_a_message(qtbot: QtBot, language: LanguageController) -> None:
    session = ScriptedSession(passed_capture(), frames=100)
    session.guidance = Guidance.TOO_DARK
    rig = Rig(session)
    screen = CollectionCaptureScreen(language)
    capture = LiveCapture(rig.feed, rig.face, screen, connecting=lambda: "connecting")
    try:
        capture.start()
        with qtbot.waitSignal(capture.fault_shown, timeout=WAIT_MS) as shown:
            rig.frames(qtbot, PERSISTENT_FRAMES, capture)
        assert shown.args == [CaptureFault.TOO_DARK]
        assert capture.recent_problem is CaptureFault.TOO_DARK
    finally:
        capture.shutdown()
