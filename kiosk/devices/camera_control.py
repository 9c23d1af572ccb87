"""Tester control of a running mock camera: a small JSON file in the kiosk data dir.

The CLI (``kiosk camera ...``) and the demo's tester panel write
``<data_dir>/mock-camera.json`` atomically; the mock camera checks the file's stat
signature on every frame (one ``os.stat``) and applies a new revision. Like MOSIP's mock
device knobs: scene/profile, status (unplug/replug), delay, fault (lost at frame N).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from kiosk.devices.camera import SceneKind

CONTROL_FILE_NAME = "mock-camera.json"


class ControlState(BaseModel):
    """What the tester asked for. ``revision`` grows with every write."""

    revision: int = 0
    scene: SceneKind | None = None
    play: Path | None = Field(default=None, description="image or video file to play")
    delay_ms: int | None = Field(default=None, ge=0, description="None: the camera's own pace")
    plugged: bool = True
    lost_at: int | None = Field(default=None, ge=0, description="frames from now to the loss")
    lost_recovers: bool = Field(default=False, description="reopening works without a replug")
    fault_id: int = Field(default=0, description="grows with every new fault request")
    replug_id: int = Field(default=0, description="grows with every replug")

    def summary(self) -> str:
        source = f"play {self.play}" if self.play else f"scene {(self.scene or 'default')}"
        delay = "default" if self.delay_ms is None else f"{self.delay_ms} ms"
        fault = "none" if self.lost_at is None else f"lost at frame +{self.lost_at}"
        if self.lost_at is not None and self.lost_recovers:
            fault += " (recovers on reopen)"
        plugged = "plugged" if self.plugged else "unplugged"
        return f"{source}; delay {delay}; {plugged}; fault {fault}; revision {self.revision}"


class MockCameraControl:
    """Read and change the control file. Each change is one atomic write."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / CONTROL_FILE_NAME
        self._seen: tuple[int, int, int] | None = None

    def read(self) -> ControlState:
        """The current state; defaults when the file is missing or unreadable."""
        try:
            return ControlState.model_validate_json(self.path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return ControlState()

    def poll(self) -> ControlState | None:
        """The state when the file changed since the last poll, else None (one stat)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        signature = (st.st_mtime_ns, st.st_ino, st.st_size)
        if signature == self._seen:
            return None
        self._seen = signature
        return self.read()

    def _write(self, state: ControlState) -> ControlState:
        new = state.model_copy(update={"revision": state.revision + 1})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".mock-camera-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(new.model_dump(mode="json"), handle, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return new

    def _update(self, **changes: object) -> ControlState:
        return self._write(self.read().model_copy(update=changes))

    def set_scene(self, kind: SceneKind) -> ControlState:
        return self._update(scene=kind, play=None)

    def play(self, path: Path) -> ControlState:
        """Play an image or video file (checked by the camera when it applies it)."""
        if not path.is_file():
            msg = f"no such file: {path}"
            raise FileNotFoundError(msg)
        return self._update(play=path.resolve(), scene=None)

    def set_delay_ms(self, delay_ms: int | None) -> ControlState:
        if delay_ms is not None and delay_ms < 0:
            msg = "delay must be >= 0 ms"
            raise ValueError(msg)
        return self._update(delay_ms=delay_ms)

    def lost_at(self, frames: int, *, recovers: bool = False) -> ControlState:
        """The camera is lost ``frames`` frames after it applies this."""
        if frames < 0:
            msg = "frame count must be >= 0"
            raise ValueError(msg)
        state = self.read()
        return self._write(
            state.model_copy(
                update={
                    "lost_at": frames,
                    "lost_recovers": recovers,
                    "fault_id": state.fault_id + 1,
                }
            )
        )

    def clear_fault(self) -> ControlState:
        return self._update(lost_at=None, lost_recovers=False)

    def unplug(self) -> ControlState:
        return self._update(plugged=False)

    def replug(self) -> ControlState:
        """Plugged back in and healthy: also clears a pending or happened fault."""
        state = self.read()
        return self._write(
            state.model_copy(
                update={
                    "plugged": True,
                    "lost_at": None,
                    "lost_recovers": False,
                    "replug_id": state.replug_id + 1,
                }
            )
        )

    def reset(self) -> ControlState:
        return self._write(ControlState(revision=self.read().revision))
