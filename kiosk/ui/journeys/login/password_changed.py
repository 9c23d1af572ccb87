"""After the forced change (R-PW-3): the person logs in again with the new password."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController


class PasswordChangedScreen(FlowScreen):
    log_in_again_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.again_button = BigButton(role=ButtonRole.PRIMARY)
        self.again_button.clicked.connect(self.log_in_again_requested)
        self.set_main_action(self.again_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Password changed")

    def help_text(self) -> str:
        return self.tr("Tap Log in again and use your new password.")

    def retranslate_screen(self) -> None:
        self.again_button.setText(self.tr("Log in again"))

    def announce(self) -> None:
        def text() -> str:
            return self.tr(
                "Your password has been changed. Please log in again with your new password."
            )

        self.banner.show_success(text)
