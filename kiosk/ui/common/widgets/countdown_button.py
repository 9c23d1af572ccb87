"""A resend button that counts down ("重新获取（58 秒）") while it may not be tapped.

The seconds come from the flow (``LoginFlow.resend_seconds_left``), which owns the clock;
the button only polls it once a second while it counts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole


class CountdownButton(BigButton):
    def __init__(
        self,
        seconds_left: Callable[[], int],
        *,
        role: ButtonRole = ButtonRole.SECONDARY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(role=role, parent=parent)
        self._seconds_left = seconds_left
        self._ready_text = ""
        self._waiting_text = "{seconds}"
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)

    def set_labels(self, ready: str, waiting: str) -> None:
        """``waiting`` is a template with ``{seconds}``."""
        self._ready_text = ready
        self._waiting_text = waiting
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh()

    def seconds(self) -> int:
        return self._seconds_left()

    def refresh(self) -> None:
        seconds = self._seconds_left()
        if seconds > 0:
            self.setText(self._waiting_text.format(seconds=seconds))
            if not self._timer.isActive():
                self._timer.start()
        else:
            self.setText(self._ready_text)
            self._timer.stop()
        self.setEnabled(seconds == 0 and not self._busy)

    def stop(self) -> None:
        self._timer.stop()
