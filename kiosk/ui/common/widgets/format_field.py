"""A labelled text field that shows its format ("18 位") and validates as the person types.

The reason is always written out next to the field, with a ✓/✗ mark, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.validation import ValidationResult
from kiosk.protocol.messages import Lang
from kiosk.ui.common.text import Shown, Text, render
from kiosk.ui.common.widgets.digit_keypad import KeypadMode
from kiosk.ui.common.widgets.secret_field import SecretField
from kiosk.ui.i18n import LangSource
from kiosk.ui.theme import restyle

KEYPAD_ONLY_HINTS = Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhNoPredictiveText
LETTERS_AND_DIGITS_HINTS = (
    Qt.InputMethodHint.ImhPreferLatin
    | Qt.InputMethodHint.ImhNoAutoUppercase
    | Qt.InputMethodHint.ImhNoPredictiveText
)
USERNAME_HINTS = LETTERS_AND_DIGITS_HINTS  # R-ID-6 usernames: letters, digits, symbols


class FeedbackState(StrEnum):
    NONE = "none"  # nothing typed yet
    NEUTRAL = "neutral"  # typing, not yet complete ("已输入 9 位")
    OK = "ok"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the field says under itself: a validator's reason (an error) or the field's
    own words (``Text``: progress, or why it is fine)."""

    state: FeedbackState
    shown: Shown | None = None
    rule: str | None = None

    def text(self, lang: Lang) -> str:
        return render(self.shown, lang) if self.shown is not None else ""

    @classmethod
    def none(cls) -> Feedback:
        return cls(FeedbackState.NONE)

    @classmethod
    def from_result(cls, result: ValidationResult, ok_text: Text) -> Feedback:
        if result.ok:
            return cls(FeedbackState.OK, ok_text, result.rule)
        return cls(FeedbackState.ERROR, result, result.rule)


Validator = Callable[[str], Feedback]


def _no_check(_text: str) -> Feedback:
    return Feedback.none()


class FormatField(QWidget):
    text_changed = Signal(str)
    focused = Signal()

    def __init__(
        self,
        language: LangSource,
        *,
        validator: Validator = _no_check,
        keypad_mode: KeypadMode | None = None,
        max_length: int = 32,
        secret: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._validator = validator
        self.keypad_mode = keypad_mode
        self._feedback = Feedback.none()
        self.setProperty("revealAsOne", True)  # label, field and reason scroll into view together

        self.label = QLabel(self)
        self.label.setProperty("textRole", "label")
        # A secret field is masked, has a show toggle and clears itself when hidden.
        self.secret = SecretField(self) if secret else None
        self.line_edit = self.secret.line_edit if self.secret else QLineEdit(self)
        self.line_edit.setMaxLength(max_length)
        self.line_edit.installEventFilter(self)
        if keypad_mode is not None and self.secret is None:
            # Digits come from the screen's keypad alone (no keyboard opens); a document
            # number or a login name may also hold letters: the Latin keyboard opens.
            # (A password keeps SecretField's Latin hints: it needs letters as well, R-PW-2.)
            self.line_edit.setInputMethodHints(
                KEYPAD_ONLY_HINTS if keypad_mode is KeypadMode.DIGITS else LETTERS_AND_DIGITS_HINTS
            )
        self.label.setBuddy(self.line_edit)
        self.hint = QLabel(self)
        self.hint.setProperty("textRole", "hint")
        self.hint.setWordWrap(True)
        self.feedback_label = QLabel(self)
        self.feedback_label.setObjectName("feedback")
        self.feedback_label.setWordWrap(True)
        self.feedback_label.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.label)
        column.addWidget(self.secret if self.secret is not None else self.line_edit)
        column.addWidget(self.hint)
        column.addWidget(self.feedback_label)
        self.line_edit.textChanged.connect(self._changed)

    # -- API -----------------------------------------------------------------------------

    def set_label(self, text: str) -> None:
        self.label.setText(text)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self._render()

    def text(self) -> str:
        return self.line_edit.text()

    def set_text(self, text: str) -> None:
        self.line_edit.setText(text)

    def clear(self) -> None:
        if self.secret is not None:
            self.secret.clear()
        else:
            self.line_edit.clear()

    def feedback(self) -> Feedback:
        return self._feedback

    def feedback_text(self) -> str:
        return self.feedback_label.text()

    def revalidate(self) -> None:
        self._changed(self.line_edit.text())

    def set_validator(self, validator: Validator | None) -> None:
        """Check what is typed from now on with ``validator`` (None: no check)."""
        self._validator = validator or _no_check
        self.revalidate()

    def show_feedback(self, feedback: Feedback) -> None:
        """A reason found elsewhere (the flow on Next); the next keystroke re-checks."""
        self._feedback = feedback
        self._render()

    # -- internals -----------------------------------------------------------------------

    def _changed(self, text: str) -> None:
        self._feedback = self._validator(text) if text else Feedback.none()
        self._render()
        self.text_changed.emit(text)

    def _render(self) -> None:
        state = self._feedback.state
        body = self._feedback.text(self._language.current)
        # The format hint gives way to the feedback, which says the same and more.
        self.hint.setVisible(bool(self.hint.text()) and self.feedback_label.isHidden())
        if state is FeedbackState.NONE or not body:
            self.feedback_label.hide()
            self.hint.setVisible(bool(self.hint.text()))
        else:
            mark = {FeedbackState.OK: "✓ ", FeedbackState.ERROR: "✗ "}.get(state, "")
            self.feedback_label.setText(mark + body)
            self.feedback_label.setProperty("feedback", state.value)
            restyle(self.feedback_label)
            self.feedback_label.show()
            self.hint.hide()
        self.line_edit.setProperty("valid", "false" if state is FeedbackState.ERROR else "true")
        restyle(self.line_edit)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        return False

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
