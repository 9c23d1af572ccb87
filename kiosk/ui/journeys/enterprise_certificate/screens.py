"""企业业务 by the enterprise's certificate on screens (R-EN-1): the medium (the certificate
journey's insert screen), its password (the agent login's screen, tries left shown before
entry), then the person's own identifier under the enterprise's name."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.protocol.enterprise import EnterpriseInfo
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.validators import identifier_feedback
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.agent.screens import AgentPasswordScreen
from kiosk.ui.journeys.certificate.insert import CertificateInsertScreen

IDENTIFIER_MAX = 30


class EnterpriseCertificateInsertScreen(CertificateInsertScreen):
    def title_text(self) -> str:
        return self.tr("Enterprise services · certificate login")


class EnterpriseCertificatePasswordScreen(AgentPasswordScreen):
    def title_text(self) -> str:
        return self.tr("Enterprise services · certificate login")

    def help_text(self) -> str:
        return self.tr(
            "Enter the certificate password of the enterprise's medium (金税盘, 税控盘 or "
            "税务UKey). The terminal signs a one-time challenge with it; then you say who you "
            "are, and a second check follows on your own phone or face."
        )


class EnterpriseIdentifierScreen(FlowScreen):
    """The enterprise the medium stands for, and the person's identifier: no password (the
    medium and its password were the first factor)."""

    submitted = Signal(str)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._enterprise: EnterpriseInfo | None = None
        self.enterprise = QLabel(self.body)
        self.enterprise.setObjectName("certificateEnterprise")
        self.enterprise.setProperty("textRole", "heading")
        self.enterprise.setWordWrap(True)
        self.identifier = FormatField(
            language,
            validator=identifier_feedback,
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=IDENTIFIER_MAX,
            parent=self.body,
        )
        self.identifier.setObjectName("identifier")
        self.identifier.text_changed.connect(lambda _t: self.banner.clear())
        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, self.body)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.identifier.line_edit)
        self.add_columns([self.enterprise, self.identifier], [self.keypad])
        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self.disable_while_busy(self.identifier, self.keypad)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Enterprise services · certificate login")

    def help_text(self) -> str:
        return self.tr(
            "The certificate belongs to the enterprise shown. Enter your own ID number, phone "
            "number or username: you log in as yourself, for this enterprise, if you are "
            "related to it (legal representative, finance head, tax handler...). A code then "
            "goes to your phone, or you check your face."
        )

    def show_enterprise(self, enterprise: EnterpriseInfo | None) -> None:
        self._enterprise = enterprise
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        enterprise = self._enterprise
        self.enterprise.setText(
            self.tr("Enterprise: {name} ({code})").format(
                name=enterprise.name, code=enterprise.code
            )
            if enterprise is not None
            else ""
        )
        self.identifier.set_label(self.tr("Your ID number / phone number / username"))
        self.identifier.set_hint(
            self.tr("ID number: 18 characters (last may be X) · phone: 11 digits")
        )
        self.next_button.setText(self.tr("Next"))

    def submit(self) -> None:
        self.submitted.emit(self.identifier.text())

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self.identifier.clear()
        self._enterprise = None
        self.retranslate_screen()
