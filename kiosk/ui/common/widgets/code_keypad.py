"""On-screen keypad for enterprise codes (R-EN-1, R-ID-5): digits and capital letters.

A unified social credit code or a taxpayer id is read off a business licence: 18 (or 15-20)
digits and capital letters. The Latin keyboard would offer lower case, symbols and a Shift
key an elderly person must find; this keypad has exactly the characters a code may hold,
digits first, then the letters in alphabetical order. Like
``DigitKeypad`` it types into a target ``QLineEdit`` and its keys never take the focus.
"""

from __future__ import annotations

import string

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QSizePolicy, QWidget
from typing_extensions import override

from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import BACKSPACE, CLEAR

COLUMNS = 7
_DIGITS = "1234567890"


def _layout() -> tuple[tuple[str, int, int, int], ...]:
    """Six rows of seven, so the keypad fits beside the fields at 1280x800: digits 1-7,
    then 8 9 0 and Delete, then A-Z four rows down, and Clear after Z (each wide key
    spans cells enough for its words in both languages)."""
    keys: list[tuple[str, int, int, int]] = [
        (digit, index // COLUMNS, index % COLUMNS, 1) for index, digit in enumerate(_DIGITS)
    ]
    keys += [(BACKSPACE, 1, 3, 4), (CLEAR, 5, 5, 2)]
    keys += [
        (letter, 2 + index // COLUMNS, index % COLUMNS, 1)
        for index, letter in enumerate(string.ascii_uppercase)
    ]
    return tuple(keys)


LAYOUT = _layout()


class CodeKeypad(QWidget):
    key_pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target: QLineEdit | None = None
        self._buttons: dict[str, BigButton] = {}
        grid = self._grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(TOUCH_GAP_PX)
        rows = 0
        for key, row, column, span in LAYOUT:
            button = BigButton(key, role=ButtonRole.KEY, parent=self)
            button.setObjectName(f"key_{key}")
            # A wide key's text must not widen its columns: the columns stay equal.
            wide = QSizePolicy.Policy.Ignored if span > 1 else QSizePolicy.Policy.Expanding
            button.setSizePolicy(wide, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            grid.addWidget(button, row, column, 1, span)
            self._buttons[key] = button
            rows = max(rows, row + 1)
        grid.setRowStretch(rows, 1)  # keys stay together at the top
        # Its full height, always: where the room is short the screen's body scrolls
        # instead of squeezing the last row of keys.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

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
            else:
                target.insert(key)
        self.key_pressed.emit(key)

    def retranslate(self) -> None:
        self._buttons[BACKSPACE].setText(self.tr("⌫ Delete"))
        self._buttons[CLEAR].setText(self.tr("Clear"))
        # Equal columns, each as wide as the widest single key, so letters line up.
        widest = max(b.sizeHint().width() for k, b in self._buttons.items() if len(k) == 1)
        for column in range(COLUMNS):
            self._grid.setColumnMinimumWidth(column, widest)
            self._grid.setColumnStretch(column, 1)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
