"""Frames from a camera on its own named worker thread, with reconnect and capped backoff.

The UI wraps ``on_frame`` / ``on_status`` into Qt signals; both are called on the worker
thread. A camera fault never escapes the thread: it is reported as a status with a
description, and the feed keeps reopening the camera (waits doubling up to a cap) until
it comes back or ``stop()`` is called. ``retry_now()`` cuts a wait short (a Retry button).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from kiosk.devices.camera import Camera, CameraError, Frame
from kiosk.devices.status import DeviceStatus

log = logging.getLogger(__name__)

FrameCallback = Callable[[Frame, float], None]
StatusCallback = Callable[[DeviceStatus, str], None]
IDLE_WAIT_S = 0.01  # read() gave no frame: look again shortly


class CameraFeed:
    def __init__(
        self,
        camera: Camera,
        *,
        on_frame: FrameCallback,
        on_status: StatusCallback,
        clock: Callable[[], float] = time.monotonic,
        name: str = "camera",
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 5.0,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        """``wait(seconds)``: how the worker pauses; default: an event ``stop()`` wakes."""
        self._camera = camera
        self._on_frame = on_frame
        self._on_status = on_status
        self._clock = clock
        self.name = name
        self._initial = backoff_initial_s
        self._max = backoff_max_s
        self._wake = threading.Event()
        self._wait = wait or self._event_wait
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._latest: tuple[Frame, float] | None = None
        self._reported: tuple[DeviceStatus, str] | None = None
        self.frames_delivered = 0
        self.reconnect_attempts = 0

    # -- public --------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._wake.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop reading and join the worker (the camera is closed by the worker)."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
        self._thread = None

    def retry_now(self) -> None:
        """End the current backoff wait: reopen the camera now."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def latest(self) -> Frame | None:
        with self._lock:
            return None if self._latest is None else self._latest[0]

    def latest_time(self) -> float | None:
        with self._lock:
            return None if self._latest is None else self._latest[1]

    @property
    def status(self) -> tuple[DeviceStatus, str] | None:
        """The last reported (status, description)."""
        with self._lock:
            return self._reported

    # -- worker --------------------------------------------------------------------------

    def _event_wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _report(self, status: DeviceStatus, description: str) -> None:
        with self._lock:
            if self._reported == (status, description):
                return
            self._reported = (status, description)
        if status is DeviceStatus.READY:
            log.info("%s: %s", self.name, description)
        else:
            log.warning("%s %s: %s", self.name, status.value, description)
        try:
            self._on_status(status, description)
        except Exception:
            log.exception("%s: status callback failed", self.name)

    def _failure_status(self) -> DeviceStatus:
        try:
            status = self._camera.status
        except Exception:  # a broken driver must not take the feed down
            return DeviceStatus.FAULT
        return status if status is not DeviceStatus.READY else DeviceStatus.FAULT

    def _describe(self, error: BaseException | None = None) -> str:
        try:
            text = self._camera.description
        except Exception:
            text = "camera"
        return f"{text} ({error})" if error is not None else text

    def _open(self) -> bool:
        try:
            self._camera.open()
        except Exception as exc:  # CameraError, or a driver bug: report, retry later
            self._report(self._failure_status(), self._describe(exc))
            return False
        self._report(DeviceStatus.READY, self._describe())
        return True

    def _run(self) -> None:
        delay = self._initial
        try:
            while not self._stopping.is_set():
                if not self._open():
                    self.reconnect_attempts += 1
                    self._wait(delay)
                    delay = min(delay * 2, self._max)
                    continue
                delay = self._initial
                self._read_until_lost()
        finally:
            try:
                self._camera.close()
            except Exception:
                log.exception("%s: close failed", self.name)

    def _read_until_lost(self) -> None:
        while not self._stopping.is_set():
            try:
                frame = self._camera.read()
            except Exception as exc:  # CameraLost, cv2.error, anything: the camera is gone
                if not isinstance(exc, CameraError):
                    log.exception("%s: unexpected camera error", self.name)
                try:
                    self._camera.close()
                except Exception:
                    log.exception("%s: close failed", self.name)
                self._report(self._failure_status(), self._describe(exc))
                self._wait(self._initial)
                return
            if frame is None:
                self._wait(IDLE_WAIT_S)
                continue
            now = self._clock()
            with self._lock:
                self._latest = (frame, now)
                self.frames_delivered += 1
            try:
                self._on_frame(frame, now)
            except Exception:
                log.exception("%s: frame callback failed", self.name)
