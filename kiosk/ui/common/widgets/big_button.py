"""Touch-sized buttons: at least 60 px high (ui.md), styled by role from the theme."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget
from typing_extensions import override

MIN_TOUCH_PX = 60
TOUCH_GAP_PX = 12


class ButtonRole(StrEnum):
    PRIMARY = "primary"  # the one main action of a screen, bottom right, the largest
    SECONDARY = "secondary"
    TILE = "tile"  # home screen entries
    KEY = "key"  # keypad keys
    TOPBAR = "topbar"  # language toggle, help


class BigButton(QPushButton):
    def __init__(
        self,
        text: str = "",
        *,
        role: ButtonRole = ButtonRole.SECONDARY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setProperty("role", role.value)
        self.setMinimumHeight(MIN_TOUCH_PX)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Buttons never take the focus from a field: the keypad types into the field.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    @override
    def minimumSizeHint(self) -> QSize:
        # Never narrower than the text: a squeezed touch button would clip its label.
        return self.sizeHint()

    @property
    def role(self) -> ButtonRole:
        return ButtonRole(str(self.property("role")))
