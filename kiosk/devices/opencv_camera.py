"""A real camera (or a video file) through ``cv2.VideoCapture``.

Minimal for now: open/read/close and status. Issue 3 adds the worker thread, resolution
negotiation and reconnect handling.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.devices.camera import CameraError, CameraLost, Frame
from kiosk.devices.status import DeviceStatus


class OpenCvCamera:
    def __init__(self, device: int | str = 0) -> None:
        self.device = device
        self._capture: cv2.VideoCapture | None = None
        self._status = DeviceStatus.NOT_CONNECTED
        self._detail = "not opened"

    @property
    def status(self) -> DeviceStatus:
        return self._status

    @property
    def description(self) -> str:
        return f"OpenCV camera {self.device!r}: {self._detail}"

    def open(self) -> None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            self._status = DeviceStatus.NOT_CONNECTED
            self._detail = "cannot be opened (no such device or file)"
            msg = f"camera {self.device!r} cannot be opened"
            raise CameraError(msg)
        self._capture = capture
        self._status = DeviceStatus.READY
        self._detail = "open"

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
        if self._status is DeviceStatus.READY:
            self._detail = "closed"

    def read(self) -> Frame | None:
        if self._capture is None:
            return None
        ok, frame = self._capture.read()
        if not ok or frame is None:
            self._status = DeviceStatus.FAULT
            self._detail = "stopped delivering frames"
            self.close()
            msg = f"camera {self.device!r} stopped delivering frames"
            raise CameraLost(msg)
        return np.asarray(frame, dtype=np.uint8)
