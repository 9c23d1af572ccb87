"""The camera protocol: BGR frames as numpy arrays (OpenCV's layout)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from kiosk.devices.status import DeviceStatus

Frame = NDArray[np.uint8]
"""One image, shape (height, width, 3), BGR."""


class CameraError(Exception):
    """The camera cannot be opened."""


class CameraLost(CameraError):  # noqa: N818 -- the name the brief and callers use
    """The camera stopped delivering frames (unplugged, driver fault)."""


class Camera(Protocol):
    """Blocking calls: run them on the camera's worker thread, never the GUI thread."""

    @property
    def status(self) -> DeviceStatus: ...

    @property
    def description(self) -> str: ...

    def open(self) -> None:
        """Start capturing; raises ``CameraError`` when the device cannot be opened."""
        ...

    def close(self) -> None: ...

    def read(self) -> Frame | None:
        """The next frame; None when closed or no frame is available; raises ``CameraLost``."""
        ...
