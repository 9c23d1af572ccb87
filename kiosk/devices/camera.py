"""The camera protocol: BGR frames as numpy arrays (OpenCV's layout), and its settings."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from kiosk.devices.status import DeviceStatus

Frame = NDArray[np.uint8]
"""One image, shape (height, width, 3), BGR, never mirrored (the preview mirrors, not us)."""


class CameraError(Exception):
    """The camera cannot be opened."""


class CameraLost(CameraError):  # noqa: N818 -- the name the brief and callers use
    """The camera stopped delivering frames (unplugged, driver fault)."""


class SceneKind(StrEnum):
    """Scripted scenes the mock camera plays (kiosk/devices/camera_scenes.py builds them)."""

    GOOD = "good"  # one face, centred, inter-eye distance >= 90 px on 640x480
    NO_FACE = "no_face"  # background only
    TWO_FACES = "two_faces"
    TOO_DARK = "too_dark"
    BLURRED = "blurred"
    TOO_SMALL = "too_small"  # too far: inter-eye distance < 90 px
    OFF_CENTRE = "off_centre"
    TURN_LEFT = "turn_left"  # the person's left: the nose moves to +x in the raw frame
    TURN_RIGHT = "turn_right"  # the person's right: the nose moves to -x in the raw frame
    COME_CLOSER = "come_closer"  # the face grows over the frames
    STILL_PHOTO = "still_photo"  # one frame repeated byte for byte (a replay attack)
    CAMERA_LOST = "camera_lost"  # good frames, then CameraLost at frame N


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


class CameraSettings(BaseModel):
    """Camera configuration, meant to be nested in ``KioskSettings`` as ``camera``."""

    width: int = Field(default=640, gt=0, description="Requested frame width in pixels.")
    height: int = Field(default=480, gt=0, description="Requested frame height in pixels.")
    mock_scene: SceneKind = Field(
        default=SceneKind.GOOD, description="Scene the mock camera starts with."
    )
    mock_media: Path | None = Field(
        default=None, description="Image or video file the mock plays instead of a scene."
    )
    mock_fps: float = Field(default=25.0, gt=0, description="Frame rate the mock camera paces.")
    reconnect_initial_s: float = Field(
        default=0.5, gt=0, description="First wait before reopening a lost camera."
    )
    reconnect_max_s: float = Field(
        default=5.0, gt=0, description="Cap of the doubling wait between reopen attempts."
    )
