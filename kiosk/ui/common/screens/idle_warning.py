"""R-SE-1: "are you still there?" with a countdown; at 0 the session is closed and wiped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.widgets.big_button import ButtonRole
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction


class IdleWarning(Overlay):
    continue_chosen = Signal()

    def __init__(self, host: QWidget) -> None:
        self._seconds = 0
        self.countdown = QLabel()
        self.countdown.setProperty("textRole", "countdown")
        self.countdown.setObjectName("idleSeconds")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        super().__init__(
            host,
            title=lambda: self.tr("Are you still there?"),
            body=lambda: self.tr(
                "For your privacy, this session ends in {seconds} seconds: you will be "
                "logged out and everything entered will be cleared."
            ).format(seconds=self._seconds),
            actions=(
                OverlayAction(
                    "continue",
                    lambda: self.tr("Continue"),
                    self._continue,
                    ButtonRole.PRIMARY,
                ),
            ),
            extra=self.countdown,
        )
        self.setObjectName("idleWarning")

    def _continue(self) -> None:
        # A plain method: the signal does not exist yet when the action list is built.
        self.continue_chosen.emit()

    @property
    def seconds(self) -> int:
        return self._seconds

    def show_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self.countdown.setText(str(seconds))
        # The big digits must never be squeezed by the card's word-wrapped text above.
        self.countdown.setMinimumHeight(self.countdown.sizeHint().height())
        self.retranslate()
        if not self.isVisible():
            self.open()
