"""QR login (扫码登录, R-QR-1) and QR verification (扫码验证, R-QR-2): the QR code screen.

``kiosk.ui.journeys.qr_login.journey`` drives it from ``kiosk.flows.qr_login.QrLoginFlow``:
``show_code(payload, purpose)`` at SHOW_QR, the countdown every second from
``flow.seconds_left()``, ``show_expired()`` at EXPIRED; a worker loops ``flow.poll()`` while
the screen is up. Nothing to touch while the code is valid: the app's scan is seen by
itself, so 刷新二维码 appears only once the code has expired (or could not be made).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.protocol.qr import QrPurpose
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import WIDE_WINDOW_PX, relayout_up
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.qr_code_view import QrCodeView
from kiosk.ui.i18n import LanguageController

STRIP_GAP_PX = 48  # between the code and the side panel


class QrLoginScreen(FlowScreen):
    refresh_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._purpose = QrPurpose.LOGIN
        self._seconds: int | None = None
        self._expired = False
        self.prompt = QLabel(self.body)
        self.prompt.setObjectName("qrPrompt")
        self.prompt.setProperty("textRole", "heading")
        self.prompt.setWordWrap(True)
        self.code = QrCodeView(self.body)
        self.countdown = QLabel(self.body)
        self.countdown.setObjectName("qrCountdown")
        self.countdown.setProperty("textRole", "body")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body_layout.addWidget(self.prompt)
        self.body_layout.addWidget(self.code, 1)
        self.body_layout.addWidget(self.countdown)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.refresh_button = BigButton(role=ButtonRole.PRIMARY)
        self.refresh_button.setObjectName("qrRefresh")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.set_main_action(self.refresh_button)
        self.refresh_button.setVisible(False)
        self.side_panel: QWidget | None = None
        self._code_row: QBoxLayout | None = None
        self.retranslate()

    def add_side_panel(self, panel: QWidget) -> None:
        """A panel beside the code (under it in portrait): the demo's tax-app simulator."""
        if self.side_panel is not None:
            raise RuntimeError("the QR screen has a side panel already")
        index = self.body_layout.indexOf(self.code)
        # The countdown moves under the code, so the panel has the full height beside them.
        self.body_layout.removeWidget(self.code)
        self.body_layout.removeWidget(self.countdown)
        code_column = QVBoxLayout()
        code_column.setSpacing(0)
        code_column.addWidget(self.code, 1)
        code_column.addWidget(self.countdown)
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(STRIP_GAP_PX)
        row.addLayout(code_column, 1)
        row.addWidget(panel, 1)
        self.body_layout.insertLayout(index, row, 1)
        panel.setParent(self.body)
        self.side_panel = panel
        self._code_row = row
        self.adapt(self.window().width())

    @override
    def adapt(self, window_width: int) -> None:
        super().adapt(window_width)
        if self._code_row is None:
            return
        wide = window_width >= WIDE_WINDOW_PX
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._code_row.direction() is not direction:
            self._code_row.setDirection(direction)
            # Side by side they share the width; stacked, the code takes the spare height.
            self._code_row.setStretch(1, 1 if wide else 0)
            relayout_up(self.code)

    def title_text(self) -> str:
        if self._purpose is QrPurpose.VERIFY:
            return self.tr("QR code verification")
        return self.tr("QR code login")

    def help_text(self) -> str:
        return self.tr(
            "Open the e-tax bureau app (电子税务局) or the IIT app (个人所得税), tap Scan and "
            "point the phone at the code. The terminal continues by itself. Each code works "
            "once and only for two minutes; tap Refresh for a new one."
        )

    def show_code(self, payload: str, purpose: QrPurpose) -> None:
        self._purpose = purpose
        self._expired = False
        self.banner.clear()
        self.code.show_payload(payload)
        self.refresh_button.setVisible(False)
        self.retranslate()

    def set_seconds_left(self, seconds: int) -> None:
        self._seconds = seconds
        self.retranslate_screen()

    def show_expired(self) -> None:
        self._expired = True
        self._seconds = None
        self.code.clear()
        self.refresh_button.setVisible(True)
        self.retranslate_screen()

    def offer_refresh(self) -> None:
        """After a failure (service unreachable): 刷新二维码 tries again."""
        self.refresh_button.setVisible(True)

    def retranslate_screen(self) -> None:
        if self._purpose is QrPurpose.VERIFY:
            self.prompt.setText(
                self.tr("Scan with your tax app to confirm it is you (second step of login)")
            )
        else:
            self.prompt.setText(self.tr("Scan with your tax app to log in"))
        if self._expired:
            self.countdown.setText(self.tr("The QR code has expired. Tap Refresh for a new one."))
        elif self._seconds is not None:
            self.countdown.setText(
                self.tr("Valid for {seconds} more seconds").format(seconds=self._seconds)
            )
        else:
            self.countdown.clear()
        self.refresh_button.setText(self.tr("Refresh QR code"))

    def wipe(self) -> None:
        super().wipe()
        self.code.clear()
        self._seconds = None
        self._expired = False
        self._purpose = QrPurpose.LOGIN
        self.refresh_button.setVisible(False)
        self.retranslate_screen()
