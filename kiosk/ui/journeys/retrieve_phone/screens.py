"""找回手机号码 (R-PH-5): the personal password proves the person, then a new number is
confirmed by a code sent to it and becomes the default (R-PH-2 moves it if someone else
had it). R-PH-7's warning stands where the number is entered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.protocol.account import PhoneBound
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.credentials import CredentialsScreen


class RetrievePasswordScreen(CredentialsScreen):
    """Step 1: document number or username, and the personal password (not the initial)."""

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.forgot_button.hide()  # the catalog's texts name 忘记密码 where it helps

    def title_text(self) -> str:
        return self.tr("Retrieve phone number")

    def help_text(self) -> str:
        return self.tr(
            "Enter your ID number or username and the personal password you set yourself "
            "(the initial password is not accepted), then tap Next. Then enter the new phone "
            "number and confirm it with the code sent to it."
        )

    def retranslate_screen(self) -> None:
        super().retranslate_screen()
        self.identifier.set_label(self.tr("ID number / username"))
        self.identifier.set_hint(self.tr("ID number: 18 characters (last may be X)"))


class RetrieveNewPhoneScreen(SmsScreen):
    """Step 2: the new number, its code (R-PH-5), R-PH-7's warnings."""

    def title_text(self) -> str:
        return self.tr("Retrieve phone number")

    def help_text(self) -> str:
        return self.tr(
            "Enter the new phone number with the keypad and tap Get code. Enter the 6-digit "
            "code sent to that number and tap Confirm. The number becomes the default number "
            "of your account."
        )

    def action_text(self) -> str:
        return self.tr("Confirm")

    def notice_text(self) -> str:
        # R-PH-7: both warnings, where a number is bound.
        return self.tr(
            "For the safety of your account, do not bind your account to another person's "
            "phone number. Choose a number that can receive SMS codes: you will log in "
            "with it."
        )

    def phone_line_text(self, phone_masked: str | None) -> str:
        if phone_masked:
            return self.tr("The code was sent to {phone}.").format(phone=phone_masked)
        return ""


class PhoneBoundScreen(FlowScreen):
    """Step 3: the number is bound; log in with it."""

    log_in_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._bound: PhoneBound | None = None
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.login_button = BigButton(role=ButtonRole.PRIMARY)
        self.login_button.clicked.connect(self.log_in_requested)
        self.set_main_action(self.login_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Phone number retrieved")

    def help_text(self) -> str:
        return self.tr("Tap Log in; the code of the next login goes to this number.")

    def retranslate_screen(self) -> None:
        self.login_button.setText(self.tr("Log in"))

    def announce(self, bound: PhoneBound) -> None:
        self._bound = bound

        def text() -> str:
            done = self.tr("{phone} is now the default phone number of your account.").format(
                phone=bound.phone_masked
            )
            if bound.moved_from_another_person:
                # R-PH-2: say it plainly; the other account is told at its next login.
                done += " " + self.tr("It was bound to another account, which no longer has it.")
            return done

        self.banner.show_success(text)

    @property
    def bound(self) -> PhoneBound | None:
        return self._bound

    def wipe(self) -> None:
        super().wipe()
        self._bound = None
