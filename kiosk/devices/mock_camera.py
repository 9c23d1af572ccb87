"""A scriptable camera for demos and hardware testers — production code, not a test double.

Frames come from image files (cycled) or are generated: a plain grey frame with a frame
counter, so a screenshot shows that frames really flow. Knobs: ``status`` (e.g. start
NOT_CONNECTED), ``delay_s`` per frame, ``fail_at_frame`` (that read raises ``CameraLost``
and the status becomes FAULT), ``unplug()`` and ``reconnect()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np

from kiosk.devices.camera import CameraError, CameraLost, Frame
from kiosk.devices.status import DeviceStatus

DEFAULT_SIZE = (640, 480)
GREY = 128


def load_frames(paths: Sequence[Path]) -> list[Frame]:
    """Read image files as BGR frames; a file OpenCV cannot read is an error now, not later."""
    frames: list[Frame] = []
    for path in paths:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            msg = f"mock camera cannot read image {path}"
            raise ValueError(msg)
        frames.append(np.asarray(image, dtype=np.uint8))
    return frames


def generated_frame(index: int, size: tuple[int, int] = DEFAULT_SIZE) -> Frame:
    """A grey frame with ``MOCK #index`` drawn on it."""
    width, height = size
    frame = np.full((height, width, 3), GREY, dtype=np.uint8)
    cv2.putText(
        frame,
        f"MOCK #{index}",
        (max(10, width // 10), height // 2),
        cv2.FONT_HERSHEY_SIMPLEX,
        max(0.5, width / 640),
        (255, 255, 255),
        2,
        cv2.LINE_AA,
    )
    return frame


class MockCamera:
    """A camera whose behaviour a tester scripts. ``fail_at_frame`` counts from 0."""

    def __init__(
        self,
        images: Sequence[Path] = (),
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        status: DeviceStatus = DeviceStatus.READY,
        delay_s: float = 0.0,
        fail_at_frame: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._frames = load_frames(images)
        self._size = size
        self.status = status
        self.delay_s = delay_s
        self.fail_at_frame = fail_at_frame
        self._sleep = sleep
        self._opened = False
        self.frames_read = 0

    @property
    def description(self) -> str:
        source = f"{len(self._frames)} image(s)" if self._frames else "generated frames"
        return f"mock camera ({source}, {self._size[0]}x{self._size[1]})"

    @property
    def is_open(self) -> bool:
        return self._opened

    def open(self) -> None:
        if self.status is DeviceStatus.NOT_CONNECTED:
            msg = "mock camera is not connected"
            raise CameraError(msg)
        if self.status is DeviceStatus.FAULT:
            msg = "mock camera is in fault state; reconnect() it"
            raise CameraError(msg)
        self._opened = True

    def close(self) -> None:
        self._opened = False

    def read(self) -> Frame | None:
        if not self._opened:
            return None
        if self.status in (DeviceStatus.FAULT, DeviceStatus.NOT_CONNECTED):
            msg = f"mock camera {self.status.value}"
            raise CameraLost(msg)
        if self.fail_at_frame is not None and self.frames_read >= self.fail_at_frame:
            self.status = DeviceStatus.FAULT
            self._opened = False
            msg = f"mock camera lost at frame {self.frames_read}"
            raise CameraLost(msg)
        if self.delay_s > 0:
            self._sleep(self.delay_s)
        index = self.frames_read
        self.frames_read += 1
        if self._frames:
            return self._frames[index % len(self._frames)].copy()
        return generated_frame(index, self._size)

    def unplug(self) -> None:
        """The cable is pulled: the next read raises ``CameraLost``."""
        self.status = DeviceStatus.NOT_CONNECTED

    def reconnect(self) -> None:
        """Plugged back in and healthy: clears the fault and the scripted failure."""
        self.status = DeviceStatus.READY
        self.fail_at_frame = None
