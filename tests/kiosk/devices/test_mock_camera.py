"""MockCamera: a scriptable device for testers — frames, delay, failure at frame N, reconnect."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.devices.camera import Camera, CameraError, CameraLost
from kiosk.devices.mock_camera import GREY, MockCamera
from kiosk.devices.status import DeviceStatus


def test_generated_frames_are_grey_bgr_with_a_counter() -> None:
    camera = MockCamera(size=(320, 240))
    camera.open()
    first = camera.read()
    second = camera.read()
    assert first is not None
    assert second is not None
    assert first.shape == (240, 320, 3)
    assert first.dtype == np.uint8
    assert first[0, 0].tolist() == [GREY, GREY, GREY]
    assert (first == 255).any()  # the drawn counter
    assert not np.array_equal(first, second)  # "MOCK #0" vs "MOCK #1"
    assert camera.frames_read == 2


def test_read_before_open_gives_no_frame() -> None:
    camera = MockCamera()
    assert camera.read() is None
    camera.open()
    camera.close()
    assert camera.read() is None


def test_frames_from_image_files_cycle(tmp_path: Path) -> None:
    paths = []
    for i, colour in enumerate([(255, 0, 0), (0, 0, 255)]):
        path = tmp_path / f"f{i}.png"
        cv2.imwrite(str(path), np.full((48, 64, 3), colour, dtype=np.uint8))
        paths.append(path)
    camera = MockCamera(paths)
    camera.open()
    colours = []
    for _ in range(3):
        frame = camera.read()
        assert frame is not None
        colours.append(frame[0, 0].tolist())
    assert colours == [[255, 0, 0], [0, 0, 255], [255, 0, 0]]
    assert "2 image(s)" in camera.description


def test_unreadable_image_fails_at_construction(tmp_path: Path) -> None:
    bogus = tmp_path / "x.png"
    bogus.write_text("not an image")
    with pytest.raises(ValueError, match="cannot read"):
        MockCamera([bogus])


def test_fail_at_frame_raises_camera_lost_and_faults() -> None:
    camera = MockCamera(fail_at_frame=2)
    camera.open()
    assert camera.read() is not None
    assert camera.read() is not None
    with pytest.raises(CameraLost, match="frame 2"):
        camera.read()
    assert camera.status is DeviceStatus.FAULT
    with pytest.raises(CameraError):
        camera.open()


def test_reconnect_after_fault_delivers_frames_again() -> None:
    camera = MockCamera(fail_at_frame=0)
    camera.open()
    with pytest.raises(CameraLost):
        camera.read()
    camera.reconnect()
    assert camera.status is DeviceStatus.READY
    camera.open()
    assert camera.read() is not None


def test_unplug_while_open_loses_the_camera() -> None:
    camera = MockCamera()
    camera.open()
    camera.unplug()
    with pytest.raises(CameraLost):
        camera.read()


def test_not_connected_camera_cannot_open() -> None:
    camera = MockCamera(status=DeviceStatus.NOT_CONNECTED)
    with pytest.raises(CameraError, match="not connected"):
        camera.open()


def test_delay_is_applied_per_frame_through_the_injected_sleep() -> None:
    slept: list[float] = []
    camera = MockCamera(delay_s=0.04, sleep=slept.append)
    camera.open()
    camera.read()
    camera.read()
    assert slept == [0.04, 0.04]


def test_mock_camera_satisfies_the_camera_protocol() -> None:
    camera: Camera = MockCamera()
    assert camera.status is DeviceStatus.READY
    assert "mock camera" in camera.description
