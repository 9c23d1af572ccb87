"""The public side's live face check: camera → preview and liveness → one 128-d template.

Built on the staff capture pieces (``CameraBridge``, ``FrameAnalyzer``, ``CaptureSession``)
and reusable by every public journey that verifies a face (forgot password now; issue 6:
registration, login second factor, level 3→4). It emits ``template_ready`` with the chosen
frame's template only: the picture never leaves the terminal, and the service decides the
match (threshold and reference live there).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.devices.camera import Frame
from kiosk.devices.status import DeviceStatus
from kiosk.services.face.types import Guidance
from kiosk.ui.camera_pipeline import (
    Analysed,
    CameraBridge,
    CaptureLike,
    Feed,
    FeedFactory,
    FrameAnalyzer,
)
from kiosk.ui.screens.collection_capture import CaptureFault
from kiosk.ui.screens.face_check import FaceCheckScreen
from kiosk.ui.staff_journey import FaceSources

_log = logging.getLogger(__name__)

MODEL_POLL_MS = 200
# A problem the person must fix (dark, two faces) becomes a message after this many
# analysed frames in a row; a passing moment of it is just the live guidance.
PERSISTENT_FRAMES = 12
_PERSISTENT = {
    Guidance.TOO_DARK: CaptureFault.TOO_DARK,
    Guidance.ONE_PERSON: CaptureFault.TWO_FACES,
}


@dataclass(frozen=True, slots=True)
class PublicFaceSources:
    """The camera and the face pipeline for the public journeys (from ``kiosk.app``)."""

    camera_feed: FeedFactory
    face: FaceSources


class FaceCheck(QObject):
    """One screen's live check. ``start`` when the screen is shown, ``stop`` when it is left
    or the template went to the service; ``retry`` after a fault or a refusal."""

    template_ready = Signal(object)  # tuple[float, ...]: the chosen frame's template
    fault_shown = Signal(object)  # CaptureFault

    def __init__(
        self,
        sources: PublicFaceSources,
        screen: FaceCheckScreen,
        *,
        analyzer: FrameAnalyzer | None = None,
    ) -> None:
        super().__init__()
        self._sources = sources
        self.screen = screen
        self.bridge = CameraBridge()
        self.bridge.frame_arrived.connect(self._frame_arrived)
        self.bridge.status_changed.connect(self._camera_status)
        self.analyzer = analyzer if analyzer is not None else FrameAnalyzer()
        self.analyzer.setParent(self)
        self.analyzer.analysed.connect(self._analysed)
        self.analyzer.failed.connect(self._analysis_failed)
        self._model_timer = QTimer(self)
        self._model_timer.setInterval(MODEL_POLL_MS)
        self._model_timer.timeout.connect(self._poll_models)
        self._feed: Feed | None = None
        self._session: CaptureLike | None = None
        self._capturing = False
        self._camera_lost = False
        self._problem: Guidance | None = None
        self._problem_frames = 0
        screen.retry_requested.connect(self.retry)

    @property
    def running(self) -> bool:
        return self._capturing

    def start(self) -> None:
        """A fresh capture: camera on, a new challenge once the models are ready."""
        self.screen.clear_fault()
        self.screen.camera.clear()
        self._capturing = True
        self._camera_lost = False
        self._reset_problem()
        if self._feed is None:
            self._feed = self._sources.camera_feed(self.bridge.on_frame, self.bridge.on_status)
        self._feed.start()
        face = self._sources.face
        if face.models_ready():
            self._new_session()
        elif face.models_failed():
            self._show_fault(CaptureFault.MODELS_FAILED)
        else:
            self.screen.show_loading_models()
            self._model_timer.start()

    def retry(self) -> None:
        fault = self.screen.fault
        if fault is CaptureFault.CAMERA_LOST and self._feed is not None and self._capturing:
            self.screen.clear_fault()
            self.screen.set_busy(True, lambda: self.tr("Connecting to the camera…"))
            self._feed.retry_now()
            return
        self.stop()
        self.start()

    def stop(self) -> None:
        """Camera off, analysis dropped (leaving the screen, or the template was sent)."""
        self._capturing = False
        self._model_timer.stop()
        self.analyzer.resume()
        self.analyzer.stop()
        self._session = None
        if self._feed is not None:
            # Joins the camera thread: at most one frame read (it stops between reads).
            self._feed.stop()

    def freeze(self) -> None:
        """Hold the preview as it is (camera off, the challenge's clock paused): the
        walkthrough's screenshot; ``retry`` or ``stop`` ends it."""
        self._capturing = False
        self.analyzer.pause()
        if self._feed is not None:
            self._feed.stop()

    def shutdown(self) -> None:
        self.stop()
        self.analyzer.wait_done()

    # -- internals ---------------------------------------------------------------------------

    def _poll_models(self) -> None:
        face = self._sources.face
        if face.models_ready():
            self._model_timer.stop()
            self.screen.models_loaded()
            if self._capturing:
                self._new_session()
        elif face.models_failed():
            self._model_timer.stop()
            self.screen.models_loaded()
            self._show_fault(CaptureFault.MODELS_FAILED)

    def _new_session(self) -> None:
        try:
            self._session = self._sources.face.new_capture()
        except Exception:
            _log.exception("capture session could not be created")
            self._show_fault(CaptureFault.MODELS_FAILED)
            return
        self.analyzer.set_session(self._session)

    def _frame_arrived(self, frame: Frame, _t: float) -> None:
        if not self._capturing:
            return  # a frame still in the queue after the camera stopped
        self.screen.camera.show_frame(frame)
        fault = self.screen.fault
        if fault is None or fault in _PERSISTENT.values():
            self.analyzer.submit(frame)

    def _camera_status(self, status: DeviceStatus, _description: str) -> None:
        if not self._capturing:
            return
        if status is DeviceStatus.READY:
            if self._camera_lost:
                self._camera_lost = False
                self.screen.set_busy(False)
                self.screen.clear_fault()
                self._reset_problem()
                if self._session is not None:
                    self.analyzer.set_session(self._session)
                    self.analyzer.restart()
            return
        self._camera_lost = True
        self.analyzer.set_session(None)  # nothing to analyse; resumes on READY
        self.screen.set_busy(False)
        self._show_fault(CaptureFault.CAMERA_LOST)

    def _analysed(self, analysed: Analysed) -> None:
        if not self._capturing:
            return
        self.screen.camera.show_analysis(analysed.analysis)
        self._watch_problem(analysed.analysis.guidance)
        if not analysed.done:
            return
        result = analysed.result
        self.stop()  # the attempt is over: the camera rests while the service decides
        if result is None:
            self._show_fault(CaptureFault.LIVENESS_FAILED)
            return
        self.template_ready.emit(tuple(result.encoding))

    def _analysis_failed(self, _error: object) -> None:
        if self._capturing:
            self._show_fault(CaptureFault.ANALYSIS_FAILED)

    def _watch_problem(self, guidance: Guidance) -> None:
        if guidance not in _PERSISTENT:
            self._reset_problem()
            return
        if guidance is self._problem:
            self._problem_frames += 1
        else:
            self._problem, self._problem_frames = guidance, 1
        if self._problem_frames == PERSISTENT_FRAMES and self.screen.fault is None:
            self._show_fault(_PERSISTENT[guidance])

    def _reset_problem(self) -> None:
        self._problem, self._problem_frames = None, 0

    def _show_fault(self, fault: CaptureFault) -> None:
        self.screen.show_fault(fault)
        self.fault_shown.emit(fault)


def face_check_for(
    sources: PublicFaceSources | None,
    screen: FaceCheckScreen,
    owner: QObject,
    on_template: Callable[[Sequence[float]], None],
) -> FaceCheck | None:
    """The live check of a journey's face screen, owned by the journey and sending its
    template to ``on_template``; None on a terminal without the camera and face models."""
    if sources is None:
        return None
    check = FaceCheck(sources, screen)
    check.setParent(owner)
    check.template_ready.connect(on_template)
    return check
