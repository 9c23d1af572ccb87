"""Frames from the camera thread to the screen, and analysis off the GUI thread.

``CameraBridge`` turns the feed's callbacks (called on the camera's own thread) into Qt
signals, delivered queued on the GUI thread. ``FrameAnalyzer`` runs the capture session on
one worker thread and analyses only the *latest* frame: a frame that arrives while one is
being analysed replaces the waiting one, so the preview never lags behind the analysis.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.devices.camera import Frame
from kiosk.devices.status import DeviceStatus
from kiosk.services.face.types import CaptureResult, FrameAnalysis

_log = logging.getLogger(__name__)

FrameCallback = Callable[[Frame, float], None]
StatusCallback = Callable[[DeviceStatus, str], None]


class Feed(Protocol):
    """What the screens need of ``kiosk.services.camera_feed.CameraFeed``."""

    def start(self) -> None: ...

    def stop(self, timeout_s: float = ...) -> None: ...

    def retry_now(self) -> None: ...


FeedFactory = Callable[[FrameCallback, StatusCallback], Feed]


class CaptureLike(Protocol):
    """What the screen needs of ``kiosk.services.face.capture.CaptureSession``."""

    def process(self, frame_bgr: Frame, now: float) -> FrameAnalysis: ...

    @property
    def done(self) -> bool: ...

    def result(self) -> CaptureResult | None: ...

    def restart(self) -> None: ...


class CameraBridge(QObject):
    """Lives on the GUI thread; its methods are called on the camera thread."""

    frame_arrived = Signal(object, float)  # Frame (BGR), monotonic seconds
    status_changed = Signal(object, str)  # DeviceStatus, description

    def on_frame(self, frame: Frame, t: float) -> None:
        self.frame_arrived.emit(frame, t)

    def on_status(self, status: DeviceStatus, description: str) -> None:
        self.status_changed.emit(status, description)


@dataclass(frozen=True, slots=True)
class Analysed:
    analysis: FrameAnalysis
    done: bool
    result: CaptureResult | None


class _Relay(QObject):
    finished = Signal(object, int)  # Analysed | BaseException, generation


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


class FrameAnalyzer(QObject):
    analysed = Signal(object)  # Analysed
    failed = Signal(object)  # the exception (a bug or a broken model): shown as a fault

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one session, never touched by two threads
        self._clock = clock
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._session: CaptureLike | None = None
        self._generation = 0
        self._busy = False
        self._waiting: Frame | None = None
        self.dropped = 0

    @property
    def busy(self) -> bool:
        return self._busy

    def set_session(self, session: CaptureLike | None) -> None:
        """Analyse with ``session`` from now on; answers for the previous one are dropped."""
        self._generation += 1
        self._session = session
        self._waiting = None

    def restart(self) -> None:
        """Start the session's capture again (on the worker: it may be mid-frame)."""
        session = self._session
        self._generation += 1
        self._waiting = None
        if session is not None:
            self._pool.start(_Job(session.restart))

    def submit(self, frame: Frame) -> None:
        if self._session is None:
            return
        if self._busy:
            if self._waiting is not None:
                self.dropped += 1
            self._waiting = frame
            return
        self._start(frame)

    def stop(self) -> None:
        self.set_session(None)

    def wait_done(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _start(self, frame: Frame) -> None:
        session = self._session
        assert session is not None
        generation = self._generation
        relay = self._relay
        now = self._clock()
        self._busy = True

        def work() -> None:
            outcome: Analysed | BaseException
            try:
                analysis = session.process(frame, now)
                done = session.done
                outcome = Analysed(analysis, done, session.result() if done else None)
            except Exception as exc:  # must reach the screen as a fault, never a hang
                _log.exception("frame analysis failed")
                outcome = exc
            relay.finished.emit(outcome, generation)

        self._pool.start(_Job(work))

    def _deliver(self, outcome: object, generation: int) -> None:
        self._busy = False
        if generation == self._generation:
            if isinstance(outcome, Analysed):
                self.analysed.emit(outcome)
                if outcome.done:
                    self._waiting = None  # the capture is over: nothing more to analyse
            elif isinstance(outcome, BaseException):
                self._waiting = None
                self.failed.emit(outcome)
                return
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self._session is not None:
            self._start(waiting)
