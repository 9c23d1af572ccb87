"""What every journey screen adds to the frame: a message banner and a wait indicator."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.protocol.errors import UserError
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.busy_indicator import BusyIndicator
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.common.widgets.screen_frame import ScreenFrame
from kiosk.ui.i18n import LanguageController


class FlowScreen(ScreenFrame):
    def __init__(
        self,
        language: LanguageController,
        parent: QWidget | None = None,
        *,
        show_back: bool = True,
        show_home: bool = True,
    ) -> None:
        super().__init__(language, parent, show_back=show_back, show_home=show_home)
        self.banner = MessageBanner(language, self.body)
        self.banner.setObjectName("banner")
        self.busy = BusyIndicator(self.body)
        self.busy.setObjectName("busy")
        self._busy_widgets: list[QWidget] = []

    def add_columns(self, fields: Sequence[QWidget], pad: Sequence[QWidget]) -> None:
        """The journey layout: fields (then the banner and spinner) on the left, the keypad
        and its notices on the right; side by side in landscape, stacked in portrait."""
        row = AdaptiveRow(self.body)
        row.add(_column(self.body, [*fields, self.banner, self.busy], spacing=12), 3)
        row.add(_column(self.body, pad, spacing=16), 2)
        self.body_layout.addWidget(row, 1)

    def disable_while_busy(self, *widgets: QWidget) -> None:
        self._busy_widgets.extend(widgets)

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None:
        if busy:
            self.banner.clear()
            self.busy.start(sentence)
        else:
            self.busy.stop()
        for widget in self._busy_widgets:
            widget.setEnabled(not busy)
        if self.main_action is not None:
            self.main_action.setEnabled(not busy)
        self.back_button.setEnabled(not busy)

    def show_error(self, error: UserError) -> None:
        self.banner.show_error(error)

    def wipe(self) -> None:
        super().wipe()
        self.set_busy(False)
        self.banner.clear()


def column_of(
    parent: QWidget, widgets: Sequence[QWidget], *, spacing: int, stretch: bool = True
) -> QWidget:
    """The widgets one under the other; ``stretch`` keeps them together at the top."""
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    for widget in widgets:
        column.addWidget(widget)
    if stretch:
        column.addStretch(1)
    return holder


_column = column_of
