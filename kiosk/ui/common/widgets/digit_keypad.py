"""On-screen keypad: digits (phone numbers, codes) or digits and X (ID numbers), ui.md.

The keypad types into a target ``QLineEdit``; its keys never take the focus, so the field
keeps its cursor. The field's own validator and maximum length still apply.
"""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QSizePolicy, QWidget
from typing_extensions import override

from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole


class KeypadMode(Enum):
    DIGITS = auto()
    ID_NUMBER = auto()  # digits and the check character X


BACKSPACE = "backspace"
CLEAR = "clear"
_LAYOUT: tuple[tuple[str, int, int, int], ...] = (
    ("1", 0, 0, 1), ("2", 0, 1, 1), ("3", 0, 2, 1),
    ("4", 1, 0, 1), ("5", 1, 1, 1), ("6", 1, 2, 1),
    ("7", 2, 0, 1), ("8", 2, 1, 1), ("9", 2, 2, 1),
    ("X", 3, 0, 1), ("0", 3, 1, 1), (BACKSPACE, 3, 2, 1),
    (CLEAR, 4, 0, 3),
)  # fmt: skip


class DigitKeypad(QWidget):
    key_pressed = Signal(str)

    def __init__(self, mode: KeypadMode = KeypadMode.DIGITS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target: QLineEdit | None = None
        self._buttons: dict[str, BigButton] = {}
        grid = self._grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(TOUCH_GAP_PX)
        for key, row, column, span in _LAYOUT:
            button = BigButton(key, role=ButtonRole.KEY, parent=self)
            button.setObjectName(f"key_{key}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            grid.addWidget(button, row, column, 1, span)
            self._buttons[key] = button
        grid.setRowStretch(len(_LAYOUT) // 3 + 1, 1)  # keys stay together at the top
        # Keep the grid's shape when X is hidden, so digits stay where fingers expect them.
        policy = self._buttons["X"].sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self._buttons["X"].setSizePolicy(policy)
        self._mode = mode
        self.set_mode(mode)
        self.retranslate()

    @property
    def mode(self) -> KeypadMode:
        return self._mode

    def set_mode(self, mode: KeypadMode) -> None:
        self._mode = mode
        self._buttons["X"].setVisible(mode is KeypadMode.ID_NUMBER)

    def set_target(self, target: QLineEdit | None) -> None:
        self._target = target

    def target(self) -> QLineEdit | None:
        return self._target

    def button(self, key: str) -> BigButton:
        return self._buttons[key]

    def press(self, key: str) -> None:
        target = self._target
        if target is not None and target.isEnabled():
            if key == BACKSPACE:
                target.backspace()
            elif key == CLEAR:
                target.clear()
            elif key != "X" or self._mode is KeypadMode.ID_NUMBER:
                target.insert(key)
        self.key_pressed.emit(key)

    def retranslate(self) -> None:
        self._buttons[BACKSPACE].setText(self.tr("⌫ Delete"))
        self._buttons[CLEAR].setText(self.tr("Clear"))
        # Equal columns, each as wide as the widest single key ("⌫ Delete").
        widest = max(b.sizeHint().width() for k, b in self._buttons.items() if k != CLEAR)
        for column in range(3):
            self._grid.setColumnMinimumWidth(column, widest)
            self._grid.setColumnStretch(column, 1)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
