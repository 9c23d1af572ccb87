"""A scriptable camera for demos and hardware testers — production code, not a test double.

Sources: generated grey frames with a counter (the default, so a screenshot shows frames
flow), image files (cycled), a video file (looped), or a scripted scene
(``camera_scenes.build_scene``). Knobs, thread-safe and changeable while frames flow:
``set_scene``, ``play``, ``status``, ``delay_s``, ``fail_after`` / ``fail_at_frame``,
``unplug()`` and ``replug()`` (alias ``reconnect()``). With a ``MockCameraControl`` the
same knobs follow the tester's control file, checked on every read. Frames are raw BGR,
never mirrored.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path

import cv2
import numpy as np

from kiosk.devices.camera import CameraError, CameraLost, Frame, SceneKind
from kiosk.devices.camera_control import ControlState, MockCameraControl
from kiosk.devices.camera_scenes import SceneFrames, build_scene
from kiosk.devices.status import DeviceStatus

DEFAULT_SIZE = (640, 480)
GREY = 128

SceneBuilder = Callable[[SceneKind, tuple[int, int]], SceneFrames]


def _default_scene_builder(kind: SceneKind, size: tuple[int, int]) -> SceneFrames:
    return build_scene(kind, size=size)


class MockSource(Enum):
    GENERATED = "generated frames"
    IMAGES = "images"
    VIDEO = "video"
    SCENE = "scene"


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


def is_image_file(path: Path) -> bool:
    return bool(cv2.haveImageReader(str(path)))


class MockCamera:
    """A camera whose behaviour a tester scripts. Frame counts start at 0."""

    def __init__(
        self,
        images: Sequence[Path] = (),
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        status: DeviceStatus = DeviceStatus.READY,
        delay_s: float = 0.0,
        fail_at_frame: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        scene: SceneKind | None = None,
        media: Path | None = None,
        control: MockCameraControl | None = None,
        scene_builder: SceneBuilder = _default_scene_builder,
    ) -> None:
        self._lock = threading.RLock()
        self._size = size
        self._status = status
        self._base_delay_s = delay_s
        self._delay_s = delay_s
        self.fail_at_frame = fail_at_frame
        self._recover_on_open = False
        self._sleep = sleep
        self._scene_builder = scene_builder
        self._scenes: dict[SceneKind, SceneFrames] = {}
        self._opened = False
        self.frames_read = 0
        self._source = MockSource.GENERATED
        self._frames: list[Frame] = []
        self._video_path: Path | None = None
        self._video: cv2.VideoCapture | None = None
        self._scene: SceneKind | None = None
        self._scene_index = 0
        self._media: Path | None = None
        self._control = control
        self._fault_id = 0
        self._replug_id = 0
        self._last_loss = ""
        if images:
            self._frames = load_frames(images)
            self._source = MockSource.IMAGES
        elif media is not None:
            self.play(media)
        elif scene is not None:
            self.set_scene(scene)

    # -- knobs ---------------------------------------------------------------------------

    @property
    def status(self) -> DeviceStatus:
        with self._lock:
            self._poll_control()
            return self._status

    @status.setter
    def status(self, value: DeviceStatus) -> None:
        with self._lock:
            self._status = value

    @property
    def delay_s(self) -> float:
        with self._lock:
            return self._delay_s

    @delay_s.setter
    def delay_s(self, value: float) -> None:
        with self._lock:
            self._delay_s = max(0.0, value)

    @property
    def scene(self) -> SceneKind | None:
        with self._lock:
            return self._scene if self._source is MockSource.SCENE else None

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def set_scene(self, kind: SceneKind) -> None:
        """Play a scripted scene from its first frame (its frames are built on first read)."""
        with self._lock:
            self._release_video()
            self._source = MockSource.SCENE
            self._scene = kind
            self._scene_index = 0
            self._media = None

    def play(self, path: Path) -> None:
        """Play an image (repeated) or a video file (looped); ValueError if unreadable."""
        with self._lock:
            if is_image_file(path):
                frames = load_frames([path])
                self._release_video()
                self._frames = frames
                self._source = MockSource.IMAGES
            else:
                capture = cv2.VideoCapture(str(path))
                if not capture.isOpened():
                    capture.release()
                    msg = f"mock camera cannot play {path}"
                    raise ValueError(msg)
                self._release_video()
                self._video = capture
                self._video_path = path
                self._source = MockSource.VIDEO
            self._media = path

    def fail_after(self, frames: int, *, recovers: bool = False) -> None:
        """The read ``frames`` reads from now raises ``CameraLost``.

        ``recovers``: the next ``open()`` works again (a glitch); else only ``replug()`` does.
        """
        with self._lock:
            self.fail_at_frame = self.frames_read + frames
            self._recover_on_open = recovers

    def unplug(self) -> None:
        """The cable is pulled: the next read raises ``CameraLost``, open() fails."""
        with self._lock:
            self._status = DeviceStatus.NOT_CONNECTED

    def replug(self) -> None:
        """Plugged back in and healthy: clears the fault and any scripted failure."""
        with self._lock:
            self._status = DeviceStatus.READY
            self.fail_at_frame = None
            self._recover_on_open = False
            self._last_loss = ""

    def reconnect(self) -> None:
        """Same as ``replug()`` (the name the first version used)."""
        self.replug()

    # -- the control file ----------------------------------------------------------------

    def _poll_control(self) -> None:
        if self._control is None:
            return
        state = self._control.poll()
        if state is not None:
            self.apply_control(state)

    def apply_control(self, state: ControlState) -> None:
        """Apply a tester's control state; a bad file to play is ignored (state stays)."""
        with self._lock:
            if state.play is not None:
                if state.play != self._media:
                    # The CLI checked the file; one deleted since keeps the last source.
                    with contextlib.suppress(ValueError):
                        self.play(state.play)
            elif state.scene is not None and (
                state.scene is not self._scene or self._source is not MockSource.SCENE
            ):
                self.set_scene(state.scene)
            self._delay_s = (
                self._base_delay_s if state.delay_ms is None else state.delay_ms / 1000.0
            )
            if state.replug_id != self._replug_id:
                self._replug_id = state.replug_id
                self.replug()
            if not state.plugged:
                self.unplug()
            if state.fault_id != self._fault_id:
                self._fault_id = state.fault_id
                if state.lost_at is not None:
                    self.fail_after(state.lost_at, recovers=state.lost_recovers)

    # -- the Camera protocol -------------------------------------------------------------

    @property
    def description(self) -> str:
        with self._lock:
            width, height = self._size
            if self._source is MockSource.SCENE and self._scene is not None:
                source = f"scene {self._scene.value}"
            elif self._source is MockSource.VIDEO:
                source = f"video {self._video_path}"
            elif self._source is MockSource.IMAGES:
                source = f"{len(self._frames)} image(s)"
            else:
                source = "generated frames"
            text = f"mock camera ({source}, {width}x{height})"
            if self._status is DeviceStatus.NOT_CONNECTED:
                text += ": unplugged"
            elif self._status is DeviceStatus.FAULT:
                text += f": {self._last_loss or 'fault'}"
            return text

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened

    def open(self) -> None:
        with self._lock:
            self._poll_control()
            if self._status is DeviceStatus.FAULT and self._recover_on_open:
                self._status = DeviceStatus.READY
                self._recover_on_open = False
            if self._status is DeviceStatus.NOT_CONNECTED:
                msg = "mock camera is not connected"
                raise CameraError(msg)
            if self._status is DeviceStatus.FAULT:
                msg = "mock camera is in fault state; replug it"
                raise CameraError(msg)
            self._opened = True

    def close(self) -> None:
        with self._lock:
            self._opened = False

    def read(self) -> Frame | None:
        with self._lock:
            self._poll_control()
            if not self._opened:
                return None
            if self._status in (DeviceStatus.FAULT, DeviceStatus.NOT_CONNECTED):
                self._opened = False
                msg = f"mock camera {self._status.value}"
                raise CameraLost(msg)
            frame = self._next_frame()
            delay = self._delay_s
        if delay > 0:
            self._sleep(delay)
        return frame

    # -- frames --------------------------------------------------------------------------

    def _lose(self, why: str) -> CameraLost:
        self._status = DeviceStatus.FAULT
        self._opened = False
        self._last_loss = why
        return CameraLost(f"mock camera {why}")

    def _next_frame(self) -> Frame:
        if self.fail_at_frame is not None and self.frames_read >= self.fail_at_frame:
            self.fail_at_frame = None
            raise self._lose(f"lost at frame {self.frames_read}")
        if self._source is MockSource.SCENE and self._scene is not None:
            scene = self._scenes.get(self._scene)
            if scene is None:
                scene = self._scene_builder(self._scene, self._size)
                self._scenes[self._scene] = scene
            if scene.lost_at is not None and self._scene_index == scene.lost_at:
                self._scene_index += 1  # after a replug the scene plays on
                raise self._lose(f"lost at frame {self.frames_read} (scene {scene.kind.value})")
            frame = scene.frame_at(self._scene_index).copy()
            self._scene_index += 1
        elif self._source is MockSource.VIDEO:
            frame = self._video_frame()
        elif self._source is MockSource.IMAGES:
            frame = self._frames[self.frames_read % len(self._frames)].copy()
        else:
            frame = generated_frame(self.frames_read, self._size)
        self.frames_read += 1
        return frame

    def _video_frame(self) -> Frame:
        if self._video is None:
            raise self._lose("has no video to play")
        ok, frame = self._video.read()
        if not ok:  # the end: loop from the start
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._video.read()
        if not ok or frame is None:
            raise self._lose(f"cannot read video {self._video_path}")
        return np.asarray(frame, dtype=np.uint8)

    def _release_video(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None
            self._video_path = None
