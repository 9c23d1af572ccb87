"""A masked field with a "show" toggle; it forgets its text whenever it leaves the screen.

ui.md: secrets never survive a screen change or a logout. Hiding the widget (the stacked
screen changes, the window closes) clears it, so no screen has to remember to do it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget
from typing_extensions import override

from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton

MAX_SECRET_LENGTH = 32  # longer than any valid password, so the length error can be shown


class SecretField(QWidget):
    text_changed = Signal(str)
    focused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setMaxLength(MAX_SECRET_LENGTH)
        # No prediction, no history: the input method must not learn passwords.
        self.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
            | Qt.InputMethodHint.ImhPreferLatin
        )
        self.line_edit.textChanged.connect(self.text_changed)
        self.line_edit.installEventFilter(self)
        self.toggle = BigButton(parent=self)
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._reveal)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(TOUCH_GAP_PX)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.toggle)
        self.retranslate()

    def text(self) -> str:
        return self.line_edit.text()

    def set_text(self, text: str) -> None:
        self.line_edit.setText(text)

    def clear(self) -> None:
        self.line_edit.clear()
        self.toggle.setChecked(False)

    def is_revealed(self) -> bool:
        return self.line_edit.echoMode() is QLineEdit.EchoMode.Normal

    def set_placeholder(self, text: str) -> None:
        self.line_edit.setPlaceholderText(text)

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.line_edit.setEchoMode(mode)
        self.retranslate()

    def retranslate(self) -> None:
        self.toggle.setText(self.tr("Hide") if self.toggle.isChecked() else self.tr("Show"))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        return False

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the screen (or the window closing) forgets the secret.
        if not event.spontaneous():
            self.clear()
        super().hideEvent(event)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
