"""A real camera, a stream URL or a video file through ``cv2.VideoCapture``.

The requested resolution is asked for (CAP_PROP_FRAME_WIDTH/HEIGHT) and the size the
device really delivers is reported. A failed read (unplugged, stream ended) makes the
status FAULT with a description saying so; ``reconnect()`` (or the camera feed's backoff
loop calling ``open()``) reopens the device, and NOT_CONNECTED says it is still missing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import cv2
import numpy as np

from kiosk.devices.camera import CameraError, CameraLost, Frame
from kiosk.devices.status import DeviceStatus

CaptureFactory = Callable[[int | str], cv2.VideoCapture]


def _open_capture(device: int | str) -> cv2.VideoCapture:
    return cv2.VideoCapture(device)


class OpenCvCamera:
    def __init__(
        self,
        device: int | str = 0,
        *,
        size: tuple[int, int] | None = None,
        capture_factory: CaptureFactory = _open_capture,
    ) -> None:
        self.device = device
        self.requested_size = size
        self._capture_factory = capture_factory
        self._capture: cv2.VideoCapture | None = None
        self._status = DeviceStatus.NOT_CONNECTED
        self._detail = "not opened"
        self._actual_size: tuple[int, int] | None = None
        self._lock = threading.Lock()

    @property
    def status(self) -> DeviceStatus:
        return self._status

    @property
    def actual_size(self) -> tuple[int, int] | None:
        """(width, height) the device delivers, known once it is open."""
        return self._actual_size

    @property
    def description(self) -> str:
        size = f" {self._actual_size[0]}x{self._actual_size[1]}" if self._actual_size else ""
        return f"OpenCV camera {self.device!r}{size}: {self._detail}"

    def open(self) -> None:
        with self._lock:
            self._release()
            capture = self._capture_factory(self.device)
            if not capture.isOpened():
                capture.release()
                self._status = DeviceStatus.NOT_CONNECTED
                self._detail = "cannot be opened (no such device or file, or unplugged)"
                msg = f"camera {self.device!r} cannot be opened"
                raise CameraError(msg)
            if self.requested_size is not None:
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, float(self.requested_size[0]))
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self.requested_size[1]))
            width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
            height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
            self._actual_size = (width, height) if width > 0 and height > 0 else None
            self._capture = capture
            self._status = DeviceStatus.READY
            self._detail = "open"

    def reconnect(self) -> None:
        """Close and reopen the device; raises ``CameraError`` while it is still missing."""
        self.close()
        self.open()

    def close(self) -> None:
        with self._lock:
            self._release()
            if self._status is DeviceStatus.READY:
                self._detail = "closed"

    def _release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def read(self) -> Frame | None:
        with self._lock:
            if self._capture is None:
                return None
            ok, frame = self._capture.read()
            if not ok or frame is None:
                self._status = DeviceStatus.FAULT
                self._detail = "stopped delivering frames (unplugged, or the stream ended)"
                self._release()
                msg = f"camera {self.device!r} stopped delivering frames"
                raise CameraLost(msg)
            image = np.asarray(frame, dtype=np.uint8)
            self._actual_size = (image.shape[1], image.shape[0])
            return image
