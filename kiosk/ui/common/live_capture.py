"""The one live face capture: camera → preview → liveness and guidance → the chosen frame.

Used by the public face check (``kiosk.ui.common.face_check``) and the staff collection capture
(``kiosk.ui.journeys.staff.journey``). Camera frames come from the camera's own thread through
``CameraBridge`` signals; each frame's analysis runs on ``FrameAnalyzer``'s worker, which
takes only the latest frame. The GUI thread only paints and routes. What the result is
for (a template for the service, a photo for the record) is the owner's business: this
component only says when an attempt is over, and with what.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.devices.camera import Frame
from kiosk.devices.status import DeviceStatus
from kiosk.services.face.types import Guidance
from kiosk.ui.common.camera_pipeline import (
    Analysed,
    CameraBridge,
    CaptureLike,
    Feed,
    FeedFactory,
    FrameAnalyzer,
)
from kiosk.ui.common.widgets.camera_view import CameraView

_log = logging.getLogger(__name__)

MODEL_POLL_MS = 200
# A problem the person must fix (dark, two faces) becomes a message after this many
# analysed frames in a row; a passing moment of it is just the live guidance.
PERSISTENT_FRAMES = 12
# A failed attempt is blamed on such a problem when it lasted at least this many frames.
RECENT_PROBLEM_FRAMES = 3


class CaptureFault(Enum):
    """What stopped a capture attempt; each screen has its own sentence and a retry."""

    CAMERA_LOST = auto()
    TOO_DARK = auto()
    TWO_FACES = auto()
    NO_FACE = auto()
    LIVENESS_FAILED = auto()  # the challenge timed out, wrong way, a still photo
    QUALITY_FAILED = auto()
    MODELS_FAILED = auto()
    ANALYSIS_FAILED = auto()


_PERSISTENT = {
    Guidance.TOO_DARK: CaptureFault.TOO_DARK,
    Guidance.ONE_PERSON: CaptureFault.TWO_FACES,
}


@dataclass(frozen=True, slots=True)
class FaceSources:
    """Face models load in the background at start; the kiosk is usable before."""

    models_ready: Callable[[], bool]
    models_failed: Callable[[], bool]
    new_capture: Callable[[], CaptureLike]  # quick; only once the models are ready


class CaptureView(Protocol):
    """What a capture screen shows (``FaceCheckScreen``, ``CollectionCaptureScreen``)."""

    @property
    def camera(self) -> CameraView: ...

    @property
    def fault(self) -> CaptureFault | None: ...

    def show_fault(self, fault: CaptureFault) -> None: ...

    def clear_fault(self) -> None: ...

    def show_loading_models(self) -> None: ...

    def models_loaded(self) -> None: ...

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None: ...


class LiveCapture(QObject):
    """One screen's live capture. ``start`` when the screen is shown, ``stop`` when it is
    left; ``retry`` after a fault. An attempt ends with ``finished`` (the camera is off
    then, while the owner decides)."""

    finished = Signal(object)  # CaptureResult, or None: the liveness challenge failed
    fault_shown = Signal(object)  # CaptureFault

    def __init__(
        self,
        camera_feed: FeedFactory,
        face: FaceSources,
        view: CaptureView,
        *,
        connecting: Callable[[], str],
        analyzer: FrameAnalyzer | None = None,
    ) -> None:
        """``connecting``: the owner's sentence while a lost camera is reopened (each
        owner's own translation)."""
        super().__init__()
        self._connecting = connecting
        self._camera_feed = camera_feed
        self._face = face
        self.view = view
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

    @property
    def running(self) -> bool:
        return self._capturing

    @property
    def recent_problem(self) -> CaptureFault | None:
        """The problem the person must fix (dark, two faces) seen in the last frames."""
        if self._problem is not None and self._problem_frames >= RECENT_PROBLEM_FRAMES:
            return _PERSISTENT[self._problem]
        return None

    def start(self) -> None:
        """A fresh attempt: camera on, a new challenge once the models are ready."""
        self.view.clear_fault()
        self.view.camera.clear()
        self._capturing = True
        self._camera_lost = False
        self._reset_problem()
        if self._feed is None:
            self._feed = self._camera_feed(self.bridge.on_frame, self.bridge.on_status)
        self._feed.start()
        if self._face.models_ready():
            self._new_session()
        elif self._face.models_failed():
            self.show_fault(CaptureFault.MODELS_FAILED)
        else:
            self.view.show_loading_models()
            self._model_timer.start()

    def retry(self) -> None:
        """After a lost camera: wait for it (the feed reopens it now, READY resumes the
        attempt); after anything else: a fresh attempt."""
        feed = self._feed
        lost = self.view.fault is CaptureFault.CAMERA_LOST or self._camera_lost
        if lost and self._capturing and feed is not None:
            self.view.clear_fault()
            self.view.set_busy(True, self._connecting)
            feed.retry_now()
            return
        self.stop()
        self.start()

    def stop(self) -> None:
        """Camera off, analysis dropped (the screen is left, or the attempt is over)."""
        self._capturing = False
        self._model_timer.stop()
        self.analyzer.stop()
        self._session = None
        if self._feed is not None:
            # Joins the camera thread: at most one frame read (it stops between reads).
            self._feed.stop()

    def shutdown(self) -> None:
        self.stop()
        self.analyzer.wait_done()

    def show_fault(self, fault: CaptureFault) -> None:
        self.view.show_fault(fault)
        self.fault_shown.emit(fault)

    # -- internals ---------------------------------------------------------------------------

    def _poll_models(self) -> None:
        if self._face.models_ready():
            self._model_timer.stop()
            self.view.models_loaded()
            if self._capturing:
                self._new_session()
        elif self._face.models_failed():
            self._model_timer.stop()
            self.view.models_loaded()
            self.show_fault(CaptureFault.MODELS_FAILED)

    def _new_session(self) -> None:
        try:
            self._session = self._face.new_capture()
        except Exception:
            _log.exception("capture session could not be created")
            self.show_fault(CaptureFault.MODELS_FAILED)
            return
        self.analyzer.set_session(self._session)

    def _resume_session(self) -> None:
        """The camera is back: the attempt's challenge starts over."""
        self._reset_problem()
        self.view.camera.show_analysis(None)
        if self._session is None:
            if self._face.models_ready():
                self._new_session()
            return
        self.analyzer.set_session(self._session)
        self.analyzer.restart()

    def _frame_arrived(self, frame: Frame, _t: float) -> None:
        if not self._capturing:
            return  # a frame still in the queue after the camera stopped
        self.view.camera.show_frame(frame)
        fault = self.view.fault
        if fault is None or fault in _PERSISTENT.values():
            self.analyzer.submit(frame)

    def _camera_status(self, status: DeviceStatus, _description: str) -> None:
        if not self._capturing:
            return
        if status is DeviceStatus.READY:
            if self._camera_lost:
                self._camera_lost = False
                self.view.set_busy(False)
                self.view.clear_fault()
                self._resume_session()
            return
        self._camera_lost = True
        self.analyzer.set_session(None)  # nothing to analyse; resumes on READY
        self.view.set_busy(False)
        self.show_fault(CaptureFault.CAMERA_LOST)

    def _analysed(self, analysed: Analysed) -> None:
        if not self._capturing:
            return
        self.view.camera.show_analysis(analysed.analysis)
        self._watch_problem(analysed.analysis.guidance)
        if not analysed.done:
            return
        self.stop()  # the attempt is over: the camera rests while the owner decides
        self.finished.emit(analysed.result)

    def _analysis_failed(self, _error: object) -> None:
        if self._capturing:
            self.show_fault(CaptureFault.ANALYSIS_FAILED)

    def _watch_problem(self, guidance: Guidance) -> None:
        if guidance not in _PERSISTENT:
            self._reset_problem()
            return
        if guidance is self._problem:
            self._problem_frames += 1
        else:
            self._problem, self._problem_frames = guidance, 1
        if self._problem_frames == PERSISTENT_FRAMES and self.view.fault is None:
            self.show_fault(_PERSISTENT[guidance])

    def _reset_problem(self) -> None:
        self._problem, self._problem_frames = None, 0
