"""OpenCvCamera reads a video file exactly like a camera (stack-notes)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.devices.camera import CameraError, CameraLost
from kiosk.devices.opencv_camera import OpenCvCamera
from kiosk.devices.status import DeviceStatus


def _video(path: Path, frames: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (64, 48))
    for i in range(frames):
        writer.write(np.full((48, 64, 3), i * 40, dtype=np.uint8))
    writer.release()
    return path


def test_reads_frames_then_reports_lost_at_the_end(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(_video(tmp_path / "clip.avi", 2)))
    camera.open()
    assert camera.status is DeviceStatus.READY
    for _ in range(2):
        frame = camera.read()
        assert frame is not None
        assert frame.shape == (48, 64, 3)
    with pytest.raises(CameraLost):
        camera.read()
    assert camera.status is DeviceStatus.FAULT
    assert camera.read() is None  # closed after the loss


def test_missing_device_is_not_connected(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(tmp_path / "nothing.avi"))
    with pytest.raises(CameraError):
        camera.open()
    assert camera.status is DeviceStatus.NOT_CONNECTED
    assert "cannot be opened" in camera.description


def test_reports_the_actual_size_and_reconnects(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(_video(tmp_path / "clip.avi", 1)), size=(640, 480))
    camera.open()
    assert camera.actual_size == (64, 48)  # a file cannot be resized: the real size is shown
    assert "64x48" in camera.description
    assert camera.read() is not None
    with pytest.raises(CameraLost):
        camera.read()
    assert "stopped delivering frames" in camera.description
    camera.reconnect()  # the file is still there: open again, frames again
    assert camera.status is DeviceStatus.READY
    assert camera.read() is not None


def test_nonexistent_device_index_is_not_connected() -> None:
    camera = OpenCvCamera(97)
    with pytest.raises(CameraError, match="cannot be opened"):
        camera.open()
    assert camera.status is DeviceStatus.NOT_CONNECTED
    with pytest.raises(CameraError):
        camera.reconnect()
