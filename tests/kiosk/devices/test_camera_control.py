"""The tester's control file: round trip, and live changes picked up by a running mock."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.devices.camera import CameraError, CameraLost, SceneKind
from kiosk.devices.camera_control import ControlState, MockCameraControl
from kiosk.devices.camera_scenes import SceneFrames
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.status import DeviceStatus


def tiny_scene(kind: SceneKind, size: tuple[int, int]) -> SceneFrames:
    """A cheap stand-in for build_scene: one colour per scene kind."""
    shade = list(SceneKind).index(kind) * 10
    frame = np.full((size[1], size[0], 3), shade, dtype=np.uint8)
    return SceneFrames(kind, (frame,), lost_at=2 if kind is SceneKind.CAMERA_LOST else None)


def shade_of(kind: SceneKind) -> int:
    return list(SceneKind).index(kind) * 10


def controlled(tmp_path: Path) -> tuple[MockCamera, MockCameraControl]:
    camera = MockCamera(
        size=(32, 24),
        scene=SceneKind.GOOD,
        control=MockCameraControl(tmp_path),
        scene_builder=tiny_scene,
    )
    return camera, MockCameraControl(tmp_path)


def test_missing_file_reads_as_defaults(tmp_path: Path) -> None:
    assert MockCameraControl(tmp_path).read() == ControlState()


def test_round_trip_and_revisions(tmp_path: Path) -> None:
    control = MockCameraControl(tmp_path)
    control.set_scene(SceneKind.TWO_FACES)
    control.set_delay_ms(40)
    state = control.lost_at(5, recovers=True)
    again = MockCameraControl(tmp_path).read()
    assert again == state
    assert (again.scene, again.delay_ms, again.lost_at, again.lost_recovers) == (
        SceneKind.TWO_FACES,
        40,
        5,
        True,
    )
    assert again.revision == 3
    assert "lost at frame +5" in again.summary()
    assert control.replug().lost_at is None
    assert control.reset().scene is None
    assert not list(tmp_path.glob(".mock-camera-*"))  # atomic writes leave no temp files


def test_corrupt_file_reads_as_defaults(tmp_path: Path) -> None:
    control = MockCameraControl(tmp_path)
    control.path.write_text("{not json")
    assert control.read() == ControlState()


def test_bad_values_are_refused(tmp_path: Path) -> None:
    control = MockCameraControl(tmp_path)
    with pytest.raises(ValueError):
        control.set_delay_ms(-1)
    with pytest.raises(ValueError):
        control.lost_at(-2)
    with pytest.raises(FileNotFoundError):
        control.play(tmp_path / "none.avi")


def test_poll_sees_each_change_once(tmp_path: Path) -> None:
    watcher, writer = MockCameraControl(tmp_path), MockCameraControl(tmp_path)
    assert watcher.poll() is None
    writer.set_scene(SceneKind.NO_FACE)
    seen = watcher.poll()
    assert seen is not None
    assert seen.scene is SceneKind.NO_FACE
    assert watcher.poll() is None


def test_running_mock_follows_scene_and_delay_changes(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    slept: list[float] = []
    camera._sleep = slept.append
    camera.open()
    first = camera.read()
    assert first is not None
    assert int(first[0, 0, 0]) == shade_of(SceneKind.GOOD)
    control.set_scene(SceneKind.TOO_DARK)
    control.set_delay_ms(40)
    frame = camera.read()
    assert frame is not None
    assert int(frame[0, 0, 0]) == shade_of(SceneKind.TOO_DARK)
    assert camera.scene is SceneKind.TOO_DARK
    assert slept == [0.04]


def test_unplug_and_replug_from_the_control_file(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    camera.open()
    control.unplug()
    with pytest.raises(CameraLost):
        camera.read()
    assert camera.status is DeviceStatus.NOT_CONNECTED
    assert "unplugged" in camera.description
    with pytest.raises(CameraError, match="not connected"):
        camera.open()
    control.replug()
    camera.open()
    assert camera.read() is not None


def test_lost_at_counts_from_when_it_is_applied(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    camera.open()
    for _ in range(3):
        camera.read()
    control.lost_at(2)
    assert camera.read() is not None
    assert camera.read() is not None
    with pytest.raises(CameraLost, match="frame 5"):
        camera.read()
    assert camera.status is DeviceStatus.FAULT
    with pytest.raises(CameraError, match="replug"):
        camera.open()
    control.replug()
    camera.open()
    assert camera.read() is not None


def test_lost_that_recovers_reopens_without_a_replug(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    camera.open()
    control.lost_at(0, recovers=True)
    with pytest.raises(CameraLost):
        camera.read()
    camera.open()
    assert camera.read() is not None


def test_play_image_and_video_files(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    image = tmp_path / "red.png"
    cv2.imwrite(str(image), np.full((24, 32, 3), (0, 0, 200), dtype=np.uint8))
    video = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (32, 24))
    for value in (40, 200):
        writer.write(np.full((24, 32, 3), value, dtype=np.uint8))
    writer.release()
    camera.open()
    control.play(image)
    frame = camera.read()
    assert frame is not None
    assert frame[0, 0].tolist() == [0, 0, 200]
    control.play(video)
    values = []
    for _ in range(3):  # two frames, then the video loops
        frame = camera.read()
        assert frame is not None
        values.append(int(frame[12, 16, 0]))
    assert values[0] == pytest.approx(40, abs=8)
    assert values[1] == pytest.approx(200, abs=8)
    assert values[2] == pytest.approx(40, abs=8)
    assert "video" in camera.description


def test_camera_lost_scene_loses_at_its_frame(tmp_path: Path) -> None:
    camera, control = controlled(tmp_path)
    control.set_scene(SceneKind.CAMERA_LOST)
    camera.open()
    assert camera.read() is not None
    assert camera.read() is not None
    with pytest.raises(CameraLost, match="scene camera_lost"):
        camera.read()
    control.replug()
    camera.open()
    assert camera.read() is not None  # the scene plays on after the replug
