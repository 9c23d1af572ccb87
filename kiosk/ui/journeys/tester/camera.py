"""Demo only: the mock camera's knobs on the tester panel (like MOSIP's mock device knobs).

Writes the same control file as ``kiosk camera ...``; the running mock camera applies a new
revision on its next frame: scene, lost after N frames, unplug / replug, a slow camera.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.devices.camera import SceneKind
from kiosk.devices.camera_control import ControlState
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole

SCENE_COLUMNS = 3
LOST_STEP = 5
LOST_DEFAULT = 30
SLOW_DELAY_MS = 200


class CameraKnobs(Protocol):
    """``kiosk.devices.camera_control.MockCameraControl`` (file-based, works across processes)."""

    def read(self) -> ControlState: ...

    def set_scene(self, kind: SceneKind) -> ControlState: ...

    def lost_at(self, frames: int, *, recovers: bool = False) -> ControlState: ...

    def unplug(self) -> ControlState: ...

    def replug(self) -> ControlState: ...

    def set_delay_ms(self, delay_ms: int | None) -> ControlState: ...


class CameraControls(QWidget):
    def __init__(self, knobs: CameraKnobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._knobs = knobs
        self._lost_after = LOST_DEFAULT
        self.heading = QLabel(self)
        self.heading.setProperty("textRole", "label")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("cameraControlState")
        self.state_label.setProperty("textRole", "hint")
        self.state_label.setWordWrap(True)
        self.scene_buttons: dict[SceneKind, BigButton] = {}
        scenes = QGridLayout()
        scenes.setSpacing(TOUCH_GAP_PX)
        for index, kind in enumerate(SceneKind):
            button = BigButton(role=ButtonRole.KEY, parent=self)
            button.setObjectName(f"scene_{kind.value}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=kind: self.choose_scene(k))
            scenes.addWidget(button, index // SCENE_COLUMNS, index % SCENE_COLUMNS)
            self.scene_buttons[kind] = button
        self.fewer = BigButton("−", role=ButtonRole.KEY, parent=self)
        self.fewer.clicked.connect(lambda: self.set_lost_after(self._lost_after - LOST_STEP))
        self.more = BigButton("+", role=ButtonRole.KEY, parent=self)
        self.more.clicked.connect(lambda: self.set_lost_after(self._lost_after + LOST_STEP))
        self.lose_button = BigButton(parent=self)
        self.lose_button.setObjectName("loseCamera")
        self.lose_button.clicked.connect(self.lose)
        self.unplug_button = BigButton(parent=self)
        self.unplug_button.setObjectName("unplugCamera")
        self.unplug_button.clicked.connect(self.unplug)
        self.replug_button = BigButton(parent=self)
        self.replug_button.setObjectName("replugCamera")
        self.replug_button.clicked.connect(self.replug)
        self.slow_button = BigButton(parent=self)
        self.slow_button.setObjectName("slowCamera")
        self.slow_button.setCheckable(True)
        self.slow_button.toggled.connect(self.set_slow)
        fault = QHBoxLayout()
        fault.setSpacing(TOUCH_GAP_PX)
        fault.addWidget(self.fewer)
        fault.addWidget(self.more)
        fault.addWidget(self.lose_button, 1)
        plug = QHBoxLayout()
        plug.setSpacing(TOUCH_GAP_PX)
        plug.addWidget(self.unplug_button, 1)
        plug.addWidget(self.replug_button, 1)
        plug.addWidget(self.slow_button, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(TOUCH_GAP_PX)
        column.addWidget(self.heading)
        column.addLayout(scenes)
        column.addLayout(fault)
        column.addLayout(plug)
        column.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        column.addStretch(1)
        self.retranslate()
        self.refresh()

    # -- knobs -----------------------------------------------------------------------------

    def choose_scene(self, kind: SceneKind) -> None:
        self._show(self._knobs.set_scene(kind))

    def set_lost_after(self, frames: int) -> None:
        self._lost_after = max(0, frames)
        self.retranslate()

    def lose(self) -> None:
        self._show(self._knobs.lost_at(self._lost_after))

    def unplug(self) -> None:
        self._show(self._knobs.unplug())

    def replug(self) -> None:
        self._show(self._knobs.replug())

    def set_slow(self, slow: bool) -> None:
        self._show(self._knobs.set_delay_ms(SLOW_DELAY_MS if slow else None))

    def refresh(self) -> None:
        self._show(self._knobs.read())

    # -- texts -----------------------------------------------------------------------------

    def scene_name(self, kind: SceneKind) -> str:
        names = {
            SceneKind.GOOD: self.tr("Good face"),
            SceneKind.NO_FACE: self.tr("No face"),
            SceneKind.TWO_FACES: self.tr("Two faces"),
            SceneKind.TOO_DARK: self.tr("Too dark"),
            SceneKind.BLURRED: self.tr("Blurred"),
            SceneKind.TOO_SMALL: self.tr("Too far"),
            SceneKind.OFF_CENTRE: self.tr("Off centre"),
            SceneKind.TURN_LEFT: self.tr("Turns left"),
            SceneKind.TURN_RIGHT: self.tr("Turns right"),
            SceneKind.COME_CLOSER: self.tr("Comes closer"),
            SceneKind.STILL_PHOTO: self.tr("Still photo"),
            SceneKind.CAMERA_LOST: self.tr("Lost at frame 30"),
        }
        return names[kind]

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Mock camera"))
        for kind, button in self.scene_buttons.items():
            button.setText(self.scene_name(kind))
        self.lose_button.setText(
            self.tr("Lose after {count} frames").format(count=self._lost_after)
        )
        self.unplug_button.setText(self.tr("Unplug"))
        self.replug_button.setText(self.tr("Replug"))
        self.slow_button.setText(self.tr("Slow (5 fps)"))

    def _show(self, state: ControlState) -> None:
        for kind, button in self.scene_buttons.items():
            button.setChecked(state.scene is kind)
        self.state_label.setText(state.summary())

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
