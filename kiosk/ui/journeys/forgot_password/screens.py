"""忘记密码 (R-PW-4): the document, the SMS code to the default phone or a face check, the new
password.

Any registered document type may reset (R-ID-2 lists all 12): the type first, as large
buttons, then the number with the keypad. Works while the account is locked (R-LK-1):
a successful reset is the way out of the lock.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.screens.document_entry import DocumentEntryScreen
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.change_password import ChangePasswordScreen


class ForgotIdentityScreen(DocumentEntryScreen):
    """Step 1: which document, then its number."""

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of the document you registered with, enter its number and tap "
            "Next. Then prove it is you: a code to the default phone of your account, or a "
            "face check if the tax hall has collected your face. This also unlocks a locked "
            "account."
        )

    def how_text(self) -> str:
        return self.tr(
            "After this step a 6-digit code goes to the default phone number of your "
            "account, or, if the tax hall has collected your face, you may choose a face "
            "check. If that phone is no longer yours, ask the hall staff."
        )


class ForgotSmsScreen(SmsScreen):
    """Step 2: the code to the account's default phone (R-PW-4)."""

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Tap Get code. A 6-digit code is sent to the default phone number of your "
            "account; enter it and tap Next. If you no longer have that phone, ask the hall "
            "staff: face verification or real-name collection can help."
        )

    def action_text(self) -> str:
        return self.tr("Next")

    def notice_text(self) -> str:
        return self.tr(
            "The code goes to the default phone number of your account. If you no longer "
            "have that phone, ask the hall staff."
        )

    def phone_line_text(self, phone_masked: str | None) -> str:
        if phone_masked:
            return self.tr("The code will be sent to {phone}.").format(phone=phone_masked)
        return self.tr("Your account has no phone number for a code.")


class ForgotMethodScreen(FlowScreen):
    """Step 2 when both are offered: the person picks the SMS code or the face check."""

    sms_chosen = Signal()
    face_chosen = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._phone: str | None = None
        self.question = QLabel(self.body)
        self.question.setProperty("textRole", "body")
        self.question.setWordWrap(True)
        self.sms_button = BigButton(parent=self.body)
        self.sms_button.setObjectName("chooseSms")
        self.sms_button.clicked.connect(self.sms_chosen)
        self.sms_note = QLabel(self.body)
        self.sms_note.setProperty("textRole", "hint")
        self.sms_note.setWordWrap(True)
        self.face_button = BigButton(parent=self.body)
        self.face_button.setObjectName("chooseFace")
        self.face_button.clicked.connect(self.face_chosen)
        self.face_note = QLabel(self.body)
        self.face_note.setProperty("textRole", "hint")
        self.face_note.setWordWrap(True)
        self.body_layout.addWidget(
            column_of(
                self.body,
                [
                    self.question,
                    self.sms_button,
                    self.sms_note,
                    self.face_button,
                    self.face_note,
                    self.banner,
                    self.busy,
                ],
                spacing=16,
            ),
            1,
        )
        self.disable_while_busy(self.sms_button, self.face_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Choose how to prove it is you: a code sent to the default phone of your account, "
            "or a face check with the camera of this terminal."
        )

    def retranslate_screen(self) -> None:
        self.question.setText(self.tr("How do you want to verify that it is you?"))
        if self._phone:
            self.sms_button.setText(self.tr("SMS code to {phone}").format(phone=self._phone))
        else:
            self.sms_button.setText(self.tr("SMS code to my phone"))
        self.face_button.setText(self.tr("Face check with the camera"))
        self.sms_note.setText(
            self.tr("A 6-digit code goes to that phone; you type it in on the next screen.")
        )
        self.face_note.setText(
            self.tr(
                "Your face is compared with the one the tax hall collected. Only a code of your "
                "face is sent, never the picture."
            )
        )

    def prepare(self, phone_masked: str | None) -> None:
        self._phone = phone_masked
        self.banner.clear()
        self.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self._phone = None


class ForgotFaceScreen(FaceCheckScreen):
    """Step 2 by face (R-PW-4): the face the hall collected is the proof."""

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face is compared with the photo taken at the tax hall; only a code "
            "of your face is sent, never the picture. This also unlocks a locked account."
        )

    def intro_text(self) -> str:
        return self.tr(
            "Look at the camera and follow the instruction under the picture. Your face is "
            "compared with the one collected at the tax hall."
        )


class ResetPasswordScreen(ChangePasswordScreen):
    """Step 3: the new password (R-PW-2); it may equal the old one, not the initial one."""

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Choose a new personal password, enter it twice and tap Save new password. Tap a "
            "field to open the on-screen keyboard."
        )

    def why_text(self) -> str:
        return self.tr(
            "You have been verified. Set a new password; a locked account is unlocked at the "
            "same time."
        )


class PasswordResetDoneScreen(FlowScreen):
    """Step 4: done; log in with the new password."""

    log_in_requested = Signal()
    retrieve_phone_requested = Signal()  # R-PH-6: no phone on the account; add one next

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._unlocked = False
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.phone_notice = QLabel(self.body)
        self.phone_notice.setObjectName("phoneNotice")
        self.phone_notice.setProperty("textRole", "notice")
        self.phone_notice.setWordWrap(True)
        self.retrieve_phone_button = BigButton(parent=self.body)
        self.retrieve_phone_button.setObjectName("retrievePhone")
        self.retrieve_phone_button.clicked.connect(self.retrieve_phone_requested)
        self.body_layout.addWidget(self.phone_notice)
        self.body_layout.addWidget(self.retrieve_phone_button)
        self.body_layout.addStretch(1)
        self.offer_retrieve_phone(False)
        self.login_button = BigButton(role=ButtonRole.PRIMARY)
        self.login_button.clicked.connect(self.log_in_requested)
        self.set_main_action(self.login_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Password reset")

    def help_text(self) -> str:
        return self.tr("Tap Log in and use your new password.")

    def retranslate_screen(self) -> None:
        self.login_button.setText(self.tr("Log in"))
        self.phone_notice.setText(
            self.tr(
                "Your account has no phone number. Add one now with Retrieve phone number, "
                "so that codes can reach you next time."
            )
        )
        self.retrieve_phone_button.setText(self.tr("Retrieve phone number"))

    def offer_retrieve_phone(self, offered: bool) -> None:
        """R-PH-6: after a reset of an account without a phone, 找回手机号码 is the next step."""
        self.phone_notice.setVisible(offered)
        self.retrieve_phone_button.setVisible(offered)

    def announce(self, unlocked: bool) -> None:
        self._unlocked = unlocked

        def text() -> str:
            done = self.tr("Your password has been reset. Log in with your new password.")
            if self._unlocked:
                return done + " " + self.tr("Your account is unlocked.")
            return done

        self.banner.show_success(text)

    def wipe(self) -> None:
        super().wipe()
        self._unlocked = False
        self.offer_retrieve_phone(False)
