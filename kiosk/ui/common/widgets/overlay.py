"""An in-window dialog: a dimmed backdrop over its host with a card of text and big buttons.

Not a modal ``QDialog``: nothing blocks the event loop (the idle timer keeps running, tests
never hang), and it is part of the window, so screenshots show it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.ui.common.text import Text  # evaluated at render time: a switch re-translates it
from kiosk.ui.common.widgets.adaptive_row import relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole


@dataclass(frozen=True, slots=True)
class OverlayAction:
    name: str
    text: Text
    on_click: Callable[[], None]
    role: ButtonRole = ButtonRole.SECONDARY
    closes: bool = True


class Overlay(QWidget):
    def __init__(
        self,
        host: QWidget,
        *,
        title: Text,
        body: Text,
        actions: Sequence[OverlayAction],
        extra: QWidget | None = None,
        max_card_width: int = 960,
    ) -> None:
        super().__init__(host)
        self.setProperty("overlay", "backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._host = host
        self._title_text = title
        self._body_text = body
        self._actions = list(actions)

        self.card = QFrame(self)
        self.card.setProperty("panel", "card")
        self.card.setMaximumWidth(max_card_width)
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._title = QLabel(self.card)
        self._title.setProperty("textRole", "heading")
        self._title.setWordWrap(True)
        self._body = QLabel(self.card)
        self._body.setProperty("textRole", "body")
        self._body.setWordWrap(True)
        column = QVBoxLayout(self.card)
        column.setContentsMargins(40, 32, 40, 32)
        column.setSpacing(24)
        column.addWidget(self._title)
        column.addWidget(self._body)
        if extra is not None:
            column.addWidget(extra)
        buttons = QHBoxLayout()
        buttons.setSpacing(TOUCH_GAP_PX * 2)
        buttons.addStretch(1)
        self._buttons: dict[str, BigButton] = {}
        for action in self._actions:
            button = BigButton(role=action.role, parent=self.card)
            button.setObjectName(f"overlay_{action.name}")
            button.clicked.connect(lambda _checked=False, a=action: self._activate(a))
            buttons.addWidget(button)
            self._buttons[action.name] = button
        column.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        host.installEventFilter(self)
        self.retranslate()
        self.hide()

    def button(self, name: str) -> BigButton:
        return self._buttons[name]

    def title(self) -> str:
        return self._title.text()

    def body(self) -> str:
        return self._body.text()

    def open(self) -> None:
        self.setGeometry(self._host.rect())
        self.retranslate()
        self.show()
        self.raise_()
        relayout_up(self.card)  # its texts changed while hidden; size the card for them

    def close_overlay(self) -> None:
        self.hide()

    def retranslate(self) -> None:
        self._title.setText(self._title_text())
        self._body.setText(self._body_text())
        for action in self._actions:
            self._buttons[action.name].setText(action.text())

    def _activate(self, action: OverlayAction) -> None:
        if action.closes:
            self.hide()
        action.on_click()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
