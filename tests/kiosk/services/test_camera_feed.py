"""CameraFeed: frames on a named worker thread; faults reported, then reconnect with backoff."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from kiosk.devices.camera import Frame, SceneKind
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.camera_scenes import SceneFrames
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.status import DeviceStatus
from kiosk.services.camera_feed import CameraFeed

WAIT_S = 10.0  # generous bound on an event that comes at once


def tiny_scene(kind: SceneKind, size: tuple[int, int]) -> SceneFrames:
    return SceneFrames(kind, (np.zeros((size[1], size[0], 3), dtype=np.uint8),))


class Recorder:
    def __init__(self) -> None:
        self.statuses: list[tuple[DeviceStatus, str]] = []
        self.frames = 0
        self.threads: set[str] = set()
        self._lock = threading.Lock()
        self._wanted: tuple[DeviceStatus, threading.Event] | None = None
        self.frame_count_event: tuple[int, threading.Event] | None = None

    def on_frame(self, frame: Frame, t: float) -> None:
        with self._lock:
            self.frames += 1
            self.threads.add(threading.current_thread().name)
            if self.frame_count_event and self.frames >= self.frame_count_event[0]:
                self.frame_count_event[1].set()

    def on_status(self, status: DeviceStatus, description: str) -> None:
        with self._lock:
            self.statuses.append((status, description))
            if self._wanted and self._wanted[0] is status:
                self._wanted[1].set()

    def expect_status(self, status: DeviceStatus) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self._wanted = (status, event)
            if self.statuses and self.statuses[-1][0] is status:
                event.set()
        return event

    def expect_frames(self, count: int) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self.frame_count_event = (self.frames + count, event)
        return event


def feed_for(
    camera: MockCamera, rec: Recorder, wait: Callable[[float], None] | None = None
) -> CameraFeed:
    return CameraFeed(
        camera,
        on_frame=rec.on_frame,
        on_status=rec.on_status,
        clock=lambda: 42.0,
        name="camera-test",
        backoff_initial_s=0.5,
        backoff_max_s=2.0,
        wait=wait,
    )


def test_frames_arrive_on_the_named_worker_thread() -> None:
    rec = Recorder()
    feed = feed_for(MockCamera(size=(32, 24)), rec)
    got = rec.expect_frames(3)
    feed.start()
    try:
        assert got.wait(WAIT_S)
        assert rec.threads == {"camera-test"}
        assert rec.statuses[0][0] is DeviceStatus.READY
        latest = feed.latest()
        assert latest is not None
        assert latest.shape == (24, 32, 3)
        assert feed.latest_time() == 42.0
    finally:
        feed.stop()
    assert not feed.running


@pytest.mark.expected_log(
    r"^kiosk\.services\.camera_feed: camera\-test fault: mock camera \(scene go",
)
def test_lost_at_frame_n_reports_fault_then_recovers_after_replug(tmp_path: Path) -> None:
    """Issue 3 acceptance 4: a lost camera gives a clear message and comes back, no crash."""
    control = MockCameraControl(tmp_path)
    camera = MockCamera(
        size=(32, 24),
        scene=SceneKind.GOOD,
        control=MockCameraControl(tmp_path),
        scene_builder=tiny_scene,
    )
    waits: list[float] = []
    replugged = threading.Event()

    def wait(seconds: float) -> None:
        # The feed's backoff: no real sleeping; the tester replugs on the 3rd reopen attempt.
        waits.append(seconds)
        if len(waits) == 3:
            control.replug()
            replugged.set()

    rec = Recorder()
    feed = feed_for(camera, rec, wait)
    control.lost_at(4)
    fault = rec.expect_status(DeviceStatus.FAULT)
    feed.start()
    try:
        assert fault.wait(WAIT_S)
        assert replugged.wait(WAIT_S)
        back = rec.expect_status(DeviceStatus.READY)
        assert back.wait(WAIT_S)
        more = rec.expect_frames(2)
        assert more.wait(WAIT_S)
    finally:
        feed.stop()
    kinds = [status for status, _ in rec.statuses]
    assert kinds[:2] == [DeviceStatus.READY, DeviceStatus.FAULT]
    assert kinds[-1] is DeviceStatus.READY
    lost_text = rec.statuses[1][1]
    assert "lost at frame 4" in lost_text
    assert waits[:4] == [0.5, 0.5, 1.0, 2.0][: len(waits[:4])]  # capped doubling
    assert max(waits) <= 2.0
    assert feed.reconnect_attempts >= 2


@pytest.mark.expected_log(
    r"^kiosk\.services\.camera_feed: camera\-test not_connected: mock camera \(",
)
def test_unplugged_at_start_keeps_retrying_then_recovers(tmp_path: Path) -> None:
    camera = MockCamera(size=(32, 24), status=DeviceStatus.NOT_CONNECTED)
    attempts = threading.Event()
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 5:
            camera.replug()
            attempts.set()

    rec = Recorder()
    feed = feed_for(camera, rec, wait)
    back = rec.expect_status(DeviceStatus.READY)
    feed.start()
    try:
        assert attempts.wait(WAIT_S)
        assert back.wait(WAIT_S)
    finally:
        feed.stop()
    assert rec.statuses[0][0] is DeviceStatus.NOT_CONNECTED
    assert "not connected" in rec.statuses[0][1]
    assert waits[:5] == [0.5, 1.0, 2.0, 2.0, 2.0]
    # One report per change, not one per attempt.
    assert [s for s, _ in rec.statuses] == [DeviceStatus.NOT_CONNECTED, DeviceStatus.READY]


@pytest.mark.expected_log(r"^kiosk\.services\.camera_feed: camera: frame callback failed")
def test_a_failing_frame_callback_does_not_stop_the_feed() -> None:
    rec = Recorder()
    calls = threading.Event()
    count = [0]

    def bad_on_frame(frame: Frame, t: float) -> None:
        count[0] += 1
        if count[0] >= 3:
            calls.set()
        raise RuntimeError("UI bug")

    feed = CameraFeed(MockCamera(size=(8, 8)), on_frame=bad_on_frame, on_status=rec.on_status)
    feed.start()
    try:
        assert calls.wait(WAIT_S)
        assert feed.running
    finally:
        feed.stop()
    assert feed.frames_delivered >= 3


@pytest.mark.expected_log(
    r"^kiosk\.services\.camera_feed: camera\-test not_connected: mock camera \(",
)
def test_stop_during_backoff_returns_promptly() -> None:
    rec = Recorder()
    feed = feed_for(MockCamera(status=DeviceStatus.NOT_CONNECTED), rec)
    seen = rec.expect_status(DeviceStatus.NOT_CONNECTED)
    feed.start()
    assert seen.wait(WAIT_S)
    feed.stop(timeout_s=WAIT_S)  # wakes the real event wait: no 0.5 s sleep to finish
    assert not feed.running
