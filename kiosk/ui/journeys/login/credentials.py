"""Login step 1 (R-LG-1): identifier (ID number, phone or username) and personal password;
for 企业业务 (R-EN-1) the enterprise's code first (USCC or taxpayer id, R-ID-5).

Digits and X come from the on-screen keypad; letters (usernames, passwords) from the virtual
keyboard that opens when a field is tapped; the enterprise code from a keypad of digits and
capital letters. No step needs a physical keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.enterprise_codes import is_taxpayer_id, normalize_enterprise_code
from kiosk.domain.uscc import LENGTH as USCC_LENGTH
from kiosk.domain.uscc import validate_uscc
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.coming_soon import ComingSoon
from kiosk.ui.common.validators import identifier_feedback
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.code_keypad import CodeKeypad
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import (
    KEYPAD_ONLY_HINTS,
    Feedback,
    FeedbackState,
    FormatField,
)
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.enterprise_screens import enterprise_title

IDENTIFIER_MAX = 30
TAXPAYER_ID_MIN, ENTERPRISE_CODE_MAX = 15, 20


def _code_ok() -> str:
    return QCoreApplication.translate("EnterpriseCodeField", "Code format is correct.")


def enterprise_code_feedback(raw: str) -> Feedback:
    """R-ID-5 as the person types the code: how far, then the reason (the service's test)."""
    text = normalize_enterprise_code(raw)
    count = len(text)
    if is_taxpayer_id(text):
        return Feedback(FeedbackState.OK, _code_ok)
    if count == USCC_LENGTH:
        # Most codes are USCCs: say which character is wrong (check character, alphabet).
        return Feedback.from_result(validate_uscc(text), _code_ok)
    if count < TAXPAYER_ID_MIN:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate(
                "EnterpriseCodeField",
                "{count} entered: a unified social credit code has 18 characters, a "
                "taxpayer id 15 to 20.",
            ).format(count=count),
        )
    return Feedback(
        FeedbackState.ERROR,
        lambda: QCoreApplication.translate(
            "EnterpriseCodeField",
            "Not a valid code: check it against the business licence or the tax "
            "registration certificate.",
        ),
        "R-ID-5",
    )


class CredentialsScreen(FlowScreen):
    submitted = Signal(str, str)  # identifier, password
    forgot_requested = Signal()
    qr_requested = Signal()  # 扫码登录 (R-QR-1)
    certificate_requested = Signal()  # 企业业务 by the enterprise's Tax UKey (seed 002 四11)
    enterprise = False  # 企业业务 (R-EN-1): the code field shows; ``set_enterprise``

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        # The enterprise code: digits and capital letters from the code keypad only, so no
        # keyboard opens for it (the keypad-only hints).
        self.code = FormatField(
            language,
            validator=enterprise_code_feedback,
            max_length=ENTERPRISE_CODE_MAX,
            parent=self.body,
        )
        self.code.setObjectName("enterpriseCode")
        self.code.line_edit.setInputMethodHints(KEYPAD_ONLY_HINTS)
        self.code.setVisible(False)
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
        # 税务数字证书登录: enterprise mode only, when the terminal has a card reader.
        self.certificate_button = BigButton(parent=self.body)
        self.certificate_button.setObjectName("certificateLogin")
        self.certificate_button.setVisible(False)
        self._certificate_available = False
        self.certificate_button.clicked.connect(self.certificate_requested)

        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, self.body)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.identifier.line_edit)
        self.code_keypad = CodeKeypad(self.body)
        self.code_keypad.setObjectName("codeKeypad")
        self.code_keypad.set_target(self.code.line_edit)
        self.code_keypad.setVisible(False)
        self.code.focused.connect(lambda: self._target(self.code))
        self.identifier.focused.connect(lambda: self._target(self.identifier))
        self.password.focused.connect(lambda: self._target(self.password))

        self.add_columns(
            [self.code, self.identifier, self.password, self.certificate_button],
            [self.keypad, self.code_keypad, self.phone_warning],
        )

        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.next_button), self.forgot_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.forgot_button), self.qr_button)
        self.disable_while_busy(
            self.code,
            self.identifier,
            self.password,
            self.keypad,
            self.code_keypad,
            self.forgot_button,
            self.qr_button,
            self.certificate_button,
        )
        self.retranslate()

    def title_text(self) -> str:
        if self.enterprise:
            return enterprise_title()
        return self.tr("Natural-person login")

    def help_text(self) -> str:
        if self.enterprise:
            return self.tr(
                "Enter the enterprise's unified social credit code (18 characters) or its "
                "taxpayer id with the keypad of digits and letters, then your own ID number, "
                "phone number or username and your personal password, and tap Next. You log "
                "in as yourself, for the enterprise you are related to (legal representative, "
                "finance head, tax handler...). A second check follows."
            )
        return self.tr(
            "Enter your ID number, your phone number or your username, then your personal "
            "password, and tap Next. Use the keypad for digits and X; tap a field to open "
            "the on-screen keyboard for letters. A code will then be sent to your phone."
        )

    def retranslate_screen(self) -> None:
        self.code.set_label(self.tr("Enterprise code (unified social credit code / taxpayer id)"))
        self.code.set_hint(
            self.tr("18 characters, or 15 to 20 for a taxpayer id: digits and capital letters")
        )
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
        self.certificate_button.setText(self.tr("Log in with Tax UKey"))
        self.next_button.setText(self.tr("Next"))

    def submit(self) -> None:
        self.submitted.emit(self.identifier.text(), self.password.text())

    def enterprise_code(self) -> str:
        return self.code.text()

    def has_entered_data(self) -> bool:
        return bool(self.code.text() or self.identifier.text() or self.password.text())

    def set_enterprise(self, enterprise: bool) -> None:
        """企业业务 (R-EN-1) or 自然人业务: the code field, its keypad, the title."""
        self.enterprise = enterprise
        self.code.setVisible(enterprise)
        self.certificate_button.setVisible(enterprise and self._certificate_available)
        self.retranslate()
        self._target(self.code if enterprise else self.identifier)

    def enable_forgot_password(self) -> None:
        """忘记密码 opens the forgot-password journey (when the service offers it)."""
        self._forgot_available = True

    def enable_certificate_login(self) -> None:
        """税务数字证书登录 in 企业业务 (when the terminal has the enterprise certificate login)."""
        self._certificate_available = True
        self.certificate_button.setVisible(self.enterprise)

    def enable_qr_login(self) -> None:
        """扫码登录 opens the QR login (when the terminal has the QR API)."""
        self.qr_button.setVisible(True)

    def _forgot(self) -> None:
        # Without the journey it says so (and keeps what was typed).
        if self._forgot_available:
            self.forgot_requested.emit()
        else:
            self.coming_soon.open()

    def focus_first(self) -> None:
        """企业业务 starts at the code, on its keypad (a field focused at the last visit
        would otherwise take the focus back as the screen shows)."""
        if self.enterprise and not self.code.text():
            self.code.line_edit.setFocus()
            self._target(self.code)

    def prefill(self, identifier: str, enterprise_code: str | None = None) -> None:
        """After a password change (or back from the second step) the person logs in again
        with the same identifier (and enterprise code)."""
        self.identifier.set_text(identifier)
        if enterprise_code is not None:
            self.code.set_text(enterprise_code)
        self.password.clear()
        if enterprise_code is not None:
            self._target(self.password)

    def wipe(self) -> None:
        super().wipe()
        self.coming_soon.close_overlay()
        self.code.clear()
        self.identifier.clear()
        self.password.clear()
        self._target(self.code if self.enterprise else self.identifier)

    def _target(self, field: FormatField) -> None:
        # The code has its own keypad (digits and letters); the others share the digit one.
        on_code = field is self.code
        self.code_keypad.setVisible(on_code)
        self.keypad.setVisible(not on_code)
        if on_code:
            return
        self.keypad.set_target(field.line_edit)
        self.keypad.set_mode(field.keypad_mode or KeypadMode.DIGITS)
