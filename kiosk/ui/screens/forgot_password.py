"""忘记密码 (R-PW-4): the document, the SMS code to the default phone or a face check, the new
password.

Any registered document type may reset (R-ID-2 lists all 12): the type first, as large
buttons, then the number with the keypad. Works while the account is locked (R-LK-1):
a successful reset is the way out of the lock.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.documents import DocumentType, label
from kiosk.domain.messages import Lang
from kiosk.ui.collection_validators import document_feedback
from kiosk.ui.i18n import LanguageController
from kiosk.ui.screens.base import FlowScreen, column_of
from kiosk.ui.screens.change_password import ChangePasswordScreen
from kiosk.ui.screens.face_check import FaceCheckScreen
from kiosk.ui.screens.sms import SmsScreen
from kiosk.ui.widgets.adaptive_row import WIDE_WINDOW_PX, AdaptiveRow
from kiosk.ui.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.widgets.document_type_picker import (
    MEDIUM_COLUMNS,
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    WIDE_PX,
    DocumentTypePicker,
)
from kiosk.ui.widgets.format_field import Feedback, FormatField

# Numbers of these types are digits (and X): the keypad is enough; others add letters
# from the on-screen keyboard.
KEYPAD_TYPES: dict[DocumentType, KeypadMode] = {
    DocumentType.RESIDENT_ID: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_TRAVEL_PERMIT: KeypadMode.DIGITS,
}
DOCUMENT_NUMBER_MAX = 30


class ForgotIdentityScreen(FlowScreen):
    """Step 1: which document, then its number."""

    submitted = Signal(object, str)  # DocumentType, number
    left = Signal()  # back from the type choice: the journey ends

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._type: DocumentType | None = None
        self.pages = QStackedWidget(self.body)
        # page 1: the type
        self.picker = DocumentTypePicker(language, self.pages)
        self.picker.setObjectName("documentTypes")
        self.picker.chosen.connect(self.choose_type)
        self.pages.addWidget(self.picker)
        # page 2: the number
        number_page = QWidget(self.pages)
        self.type_line = QLabel(number_page)
        self.type_line.setProperty("textRole", "label")
        self.type_line.setObjectName("typeLine")
        self.type_line.setWordWrap(True)
        self.change_type = BigButton(parent=number_page)
        self.change_type.setObjectName("changeType")
        self.change_type.clicked.connect(self.show_types)
        self.number = FormatField(
            language,
            validator=self._feedback,
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=DOCUMENT_NUMBER_MAX,
            parent=number_page,
        )
        self.number.setObjectName("documentNumber")
        self.number.text_changed.connect(lambda _t: self.banner.clear())
        self.how = QLabel(number_page)
        self.how.setProperty("textRole", "notice")
        self.how.setWordWrap(True)
        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, number_page)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.number.line_edit)
        row = AdaptiveRow(number_page)
        row.add(
            column_of(
                number_page,
                [self.type_line, self.change_type, self.number, self.banner, self.busy],
                spacing=12,
            ),
            3,
        )
        row.add(column_of(number_page, [self.keypad, self.how], spacing=16), 2)
        page_layout = QVBoxLayout(number_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(row, 1)
        self.pages.addWidget(number_page)
        self._number_page = number_page
        self.body_layout.addWidget(self.pages, 1)

        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self.back_requested.connect(self._back)
        self.disable_while_busy(self.number, self.keypad, self.change_type)
        self.show_types()

    def title_text(self) -> str:
        return self.tr("Forgot password")

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of the document you registered with, enter its number and tap "
            "Next. Then prove it is you: a code to the default phone of your account, or a "
            "face check if the tax hall has collected your face. This also unlocks a locked "
            "account."
        )

    def retranslate_screen(self) -> None:
        doc_type = self._type
        if doc_type is not None:
            self.type_line.setText(
                self.tr("Document: {type}").format(type=label(doc_type, self.language.current))
            )
            self.number.set_label(self.tr("Document number"))
            self.number.set_hint(self._hint(doc_type))
        self.change_type.setText(self.tr("Choose another document type"))
        self.how.setText(
            self.tr(
                "After this step a 6-digit code goes to the default phone number of your "
                "account, or, if the tax hall has collected your face, you may choose a face "
                "check. If that phone is no longer yours, ask the hall staff."
            )
        )
        self.next_button.setText(self.tr("Next"))

    # -- what the person does -------------------------------------------------------------

    def choose_type(self, doc_type: DocumentType) -> None:
        self._type = doc_type
        mode = KEYPAD_TYPES.get(doc_type, KeypadMode.ID_NUMBER)
        self.number.keypad_mode = mode
        self.keypad.set_mode(mode)
        self.number.clear()
        self.banner.clear()
        self.pages.setCurrentWidget(self._number_page)
        self.next_button.show()
        self.retranslate()
        self.number.line_edit.setFocus()

    def show_types(self) -> None:
        self.pages.setCurrentWidget(self.picker)
        self.next_button.hide()  # the type buttons are the action on this page
        self.banner.clear()
        self.retranslate()

    def submit(self) -> None:
        if self._type is not None:
            self.submitted.emit(self._type, self.number.text())

    @property
    def document_type(self) -> DocumentType | None:
        return self._type

    def on_number_page(self) -> bool:
        return self.pages.currentWidget() is self._number_page

    def has_entered_data(self) -> bool:
        return bool(self.number.text())

    def wipe(self) -> None:
        super().wipe()
        self._type = None
        self.number.clear()
        self.show_types()

    @override
    def adapt(self, window_width: int) -> None:
        super().adapt(window_width)
        if window_width >= WIDE_PX:
            columns = WIDE_COLUMNS
        elif window_width >= WIDE_WINDOW_PX:
            columns = MEDIUM_COLUMNS
        else:
            columns = NARROW_COLUMNS
        self.picker.set_columns(columns)

    # -- internals ------------------------------------------------------------------------

    def _back(self) -> None:
        if self.on_number_page():
            self.show_types()
        else:
            self.left.emit()

    def _feedback(self, text: str) -> Feedback:
        return document_feedback(self._type or DocumentType.RESIDENT_ID, text)

    def _hint(self, doc_type: DocumentType) -> str:
        hints = {
            DocumentType.RESIDENT_ID: self.tr("18 characters, the last may be X"),
            DocumentType.TAIWAN_RESIDENCE_PERMIT: self.tr("18 characters, starting 830000"),
            DocumentType.HK_MACAO_RESIDENCE_PERMIT: self.tr(
                "18 characters, starting 810000 or 820000"
            ),
            DocumentType.HK_MACAO_TRAVEL_PERMIT: self.tr("H or M, then 8 or 10 digits"),
            DocumentType.TAIWAN_TRAVEL_PERMIT: self.tr("8 or 10 digits"),
            DocumentType.CHINESE_PASSPORT: self.tr("9 characters, starting E or G"),
            DocumentType.FOREIGN_PERMANENT_RESIDENT_ID: self.tr("15 or 18 characters"),
        }
        return hints.get(doc_type, self.tr("5-30 letters or digits"))


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

    def why_text(self, lang: Lang) -> str:
        del lang  # tr() follows the installed translator
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

        def text(lang: Lang) -> str:
            del lang  # tr() follows the installed translator
            done = self.tr("Your password has been reset. Log in with your new password.")
            if self._unlocked:
                return done + " " + self.tr("Your account is unlocked.")
            return done

        self.banner.show_success(text)

    def wipe(self) -> None:
        super().wipe()
        self._unlocked = False
        self.offer_retrieve_phone(False)
