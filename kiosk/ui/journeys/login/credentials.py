"""Login step 1 (R-LG-1): identifier (ID number, phone or username) and personal password.

Digits and X come from the on-screen keypad; letters (usernames, passwords) from the virtual
keyboard that opens when a field is tapped. No step needs a physical keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.coming_soon import ComingSoon
from kiosk.ui.common.validators import identifier_feedback
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController

IDENTIFIER_MAX = 30


class CredentialsScreen(FlowScreen):
    submitted = Signal(str, str)  # identifier, password
    forgot_requested = Signal()
    qr_requested = Signal()  # 扫码登录 (R-QR-1)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.identifier = FormatField(
            language,
            validator=identifier_feedback,
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=IDENTIFIER_MAX,
            parent=self.body,
        )
        self.identifier.setObjectName("identifier")
        self.password = FormatField(
            language, keypad_mode=KeypadMode.DIGITS, secret=True, parent=self.body
        )
        self.password.setObjectName("password")
        self.phone_warning = QLabel(self.body)
        self.phone_warning.setProperty("textRole", "notice")
        self.phone_warning.setWordWrap(True)
        self.forgot_button = BigButton(parent=self.bottom_bar)
        self.forgot_button.setObjectName("forgotPassword")
        self.coming_soon = ComingSoon(self)
        self._forgot_available = False
        self.forgot_button.clicked.connect(self._forgot)
        # 扫码登录: shown only when the terminal has the QR login (enable_qr_login).
        self.qr_button = BigButton(parent=self.bottom_bar)
        self.qr_button.setObjectName("qrLogin")
        self.qr_button.setVisible(False)
        self.qr_button.clicked.connect(self.qr_requested)

        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, self.body)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.identifier.line_edit)
        self.identifier.focused.connect(lambda: self._target(self.identifier))
        self.password.focused.connect(lambda: self._target(self.password))

        self.add_columns([self.identifier, self.password], [self.keypad, self.phone_warning])

        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.next_button), self.forgot_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.forgot_button), self.qr_button)
        self.disable_while_busy(
            self.identifier, self.password, self.keypad, self.forgot_button, self.qr_button
        )
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Natural-person login")

    def help_text(self) -> str:
        return self.tr(
            "Enter your ID number, your phone number or your username, then your personal "
            "password, and tap Next. Use the keypad for digits and X; tap a field to open "
            "the on-screen keyboard for letters. A code will then be sent to your phone."
        )

    def retranslate_screen(self) -> None:
        self.identifier.set_label(self.tr("ID number / phone number / username"))
        self.identifier.set_hint(
            self.tr("ID number: 18 characters (last may be X) · phone: 11 digits")
        )
        self.password.set_label(self.tr("Personal password"))
        self.password.set_hint(self.tr("8-16 characters, case-sensitive"))
        # R-PH-7: the warning the terminal shows at login.
        self.phone_warning.setText(
            self.tr(
                "For the safety of your account, do not bind your account to another "
                "person's phone number."
            )
        )
        self.forgot_button.setText(self.tr("Forgot password"))
        self.qr_button.setText(self.tr("Log in by QR code"))
        self.next_button.setText(self.tr("Next"))

    def submit(self) -> None:
        self.submitted.emit(self.identifier.text(), self.password.text())

    def has_entered_data(self) -> bool:
        return bool(self.identifier.text() or self.password.text())

    def enable_forgot_password(self) -> None:
        """忘记密码 opens the forgot-password journey (when the service offers it)."""
        self._forgot_available = True

    def enable_qr_login(self) -> None:
        """扫码登录 opens the QR login (when the terminal has the QR API)."""
        self.qr_button.setVisible(True)

    def _forgot(self) -> None:
        # Without the journey it says so (and keeps what was typed).
        if self._forgot_available:
            self.forgot_requested.emit()
        else:
            self.coming_soon.open()

    def prefill(self, identifier: str) -> None:
        """After a password change the person logs in again with the same identifier."""
        self.identifier.set_text(identifier)
        self.password.clear()

    def wipe(self) -> None:
        super().wipe()
        self.coming_soon.close_overlay()
        self.identifier.clear()
        self.password.clear()
        self._target(self.identifier)

    def _target(self, field: FormatField) -> None:
        self.keypad.set_target(field.line_edit)
        self.keypad.set_mode(field.keypad_mode or KeypadMode.DIGITS)
