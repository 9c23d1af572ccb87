"""企业业务: no relation with that enterprise (R-RE-8, seed 002 16 and 24). The service's
words name the two ways out and the phone-number cause; the screen offers them: back to
the login (to try another enterprise, or the ID number instead of a phone number), or
自然人业务 to reach 同步数据."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.protocol.errors import UserError
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.enterprise_screens import enterprise_title


class NoRelationScreen(FlowScreen):
    natural_person_requested = Signal()  # 自然人业务, for 同步数据 in the account center

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.natural_button = BigButton(parent=self.bottom_bar)
        self.natural_button.setObjectName("naturalPersonLogin")
        self.natural_button.clicked.connect(self.natural_person_requested)
        self._bottom.addWidget(self.natural_button)  # after the stretch, before the main action
        self.again_button = BigButton(role=ButtonRole.PRIMARY)
        self.again_button.clicked.connect(self.back_requested)
        self.set_main_action(self.again_button)
        self.retranslate()

    def title_text(self) -> str:
        return enterprise_title()

    def help_text(self) -> str:
        return self.tr(
            "The tax bureau has no relation between you and this enterprise. Ask its legal "
            "representative or finance head to add you, or log in through Natural person "
            "and tap Sync data under Enterprise authorizations."
        )

    def retranslate_screen(self) -> None:
        self.natural_button.setText(self.tr("Natural person login"))
        self.again_button.setText(self.tr("Back to the login"))

    def show_refusal(self, error: UserError) -> None:
        self.banner.show_error(error)
