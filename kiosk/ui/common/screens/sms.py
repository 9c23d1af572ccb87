"""Login step 2 (R-2F-1..3): the SMS code sent to the phone the service names.

The resend button counts down from the flow's clock (60 s); a new password attempt voids
the old code, and the catalog's texts say what to do for each failure.

The self-service journeys reuse it: subclasses override the text hooks (title, action,
notice), and ``phone_entry=True`` adds a phone-number field above the code (retrieve phone,
add a phone), the keypad typing into whichever field was tapped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.protocol.auth import SmsSent
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.validators import (
    PHONE_LENGTH,
    SMS_CODE_LENGTH,
    phone_feedback,
    sms_code_feedback,
)
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.countdown_button import CountdownButton
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController


class SmsScreen(FlowScreen):
    code_requested = Signal()
    code_submitted = Signal(str)

    def __init__(
        self,
        language: LanguageController,
        resend_seconds_left: Callable[[], int],
        parent: QWidget | None = None,
        *,
        phone_entry: bool = False,
    ) -> None:
        super().__init__(language, parent)
        self._phone_masked: str | None = None
        self.phone: FormatField | None = None
        if phone_entry:
            self.phone = FormatField(
                language,
                validator=phone_feedback,
                keypad_mode=KeypadMode.DIGITS,
                max_length=PHONE_LENGTH,
                parent=self.body,
            )
            self.phone.setObjectName("phone")
        self.phone_line = QLabel(self.body)
        self.phone_line.setProperty("textRole", "body")
        self.phone_line.setObjectName("phoneLine")
        self.phone_line.setWordWrap(True)
        self.phone_hint = QLabel(self.body)
        self.phone_hint.setProperty("textRole", "notice")
        self.phone_hint.setWordWrap(True)
        self.request_button = CountdownButton(resend_seconds_left, parent=self.body)
        self.request_button.setObjectName("requestCode")
        self.request_button.clicked.connect(self.code_requested)
        self.code = FormatField(
            language,
            validator=sms_code_feedback,
            keypad_mode=KeypadMode.DIGITS,
            max_length=SMS_CODE_LENGTH,
            parent=self.body,
        )
        self.code.setObjectName("code")
        self.keypad = DigitKeypad(KeypadMode.DIGITS, self.body)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.code.line_edit)
        self.code.focused.connect(lambda: self.keypad.set_target(self.code.line_edit))

        phone = self.phone
        if phone is not None:
            phone.focused.connect(lambda: self.keypad.set_target(phone.line_edit))
            self.keypad.set_target(phone.line_edit)
            first: list[QWidget] = [phone, self.phone_line]
            self.phone_line.hide()  # shown once a code went out
        else:
            first = [self.phone_line]
        self.add_columns([*first, self.request_button, self.code], [self.keypad, self.phone_hint])

        self.login_button = BigButton(role=ButtonRole.PRIMARY)
        self.login_button.clicked.connect(self.submit)
        self.set_main_action(self.login_button)
        self.disable_while_busy(self.code, self.keypad, *([phone] if phone else []))
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Natural-person login")

    def help_text(self) -> str:
        return self.tr(
            "Tap Get code. A 6-digit code is sent by SMS to the phone number shown; enter it "
            "with the keypad and tap Log in. If that phone is no longer yours, use "
            "找回手机号码 (retrieve phone number) at the hall counter."
        )

    # -- text hooks (the self-service screens override them) -----------------------------

    def action_text(self) -> str:
        return self.tr("Log in")

    def notice_text(self) -> str:
        # R-PH-7: the second warning the terminal shows.
        return self.tr(
            "When you log in, choose a phone number that can receive SMS codes. If you "
            "no longer have this phone, use 找回手机号码 (retrieve phone number)."
        )

    def phone_line_text(self, phone_masked: str | None) -> str:
        if phone_masked:
            return self.tr("The code will be sent to {phone}.").format(phone=phone_masked)
        return self.tr("The code will be sent to your bound phone.")

    def retranslate_screen(self) -> None:
        self.phone_line.setText(self.phone_line_text(self._phone_masked))
        self.phone_hint.setText(self.notice_text())
        self.request_button.set_labels(self.tr("Get code"), self.tr("Get a new code ({seconds} s)"))
        self.code.set_label(self.tr("SMS code"))
        self.code.set_hint(self.tr("6 digits"))
        if self.phone is not None:
            self.phone.set_label(self.tr("Mobile phone number"))
            self.phone.set_hint(self.tr("11 digits, a mainland mobile number"))
        self.login_button.setText(self.action_text())

    # -- journey API -----------------------------------------------------------------------

    def prepare(self, phone_masked: str | None) -> None:
        """Entering the step for a new attempt: no old code, the countdown from the flow."""
        self._phone_masked = phone_masked
        self.code.clear()
        if self.phone is not None:
            self.phone.clear()
            self.phone_line.hide()
            self.keypad.set_target(self.phone.line_edit)
        self.banner.clear()
        self.retranslate()

    def code_sent(self, sent: SmsSent) -> None:
        self._phone_masked = sent.phone_masked
        minutes = max(1, sent.expires_in_s // 60)

        def text() -> str:
            return self.tr("A code was sent to {phone}. It is valid for {minutes} minutes.").format(
                phone=sent.phone_masked, minutes=minutes
            )

        self.banner.show_success(text)
        self.request_button.refresh()
        self.phone_line.show()
        self.retranslate()
        self.code.line_edit.setFocus()
        self.keypad.set_target(self.code.line_edit)

    def phone_text(self) -> str:
        return self.phone.text() if self.phone is not None else ""

    def submit(self) -> None:
        self.code_submitted.emit(self.code.text())

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None:
        super().set_busy(busy, sentence)
        self.request_button.set_busy(busy)

    def has_entered_data(self) -> bool:
        return True  # a login is under way: leaving abandons it

    def wipe(self) -> None:
        super().wipe()
        self._phone_masked = None
        self.code.clear()
        if self.phone is not None:
            self.phone.clear()
            self.phone_line.hide()
            self.keypad.set_target(self.phone.line_edit)
        self.request_button.stop()
        self.retranslate()
