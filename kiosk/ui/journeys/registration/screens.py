"""用户注册 (R-ID-1): the document and name, the phone by SMS code, the face check, the
password with an optional username, and the summary; plus the refusals that end the kiosk
part of a registration and say where to go next (hall staff, login, 忘记密码).

The document step is the forgot-password one's shape: the 12 types as large buttons, then
the number with the keypad, here with the name under it (Chinese by Pinyin, or Latin
letters for a foreign document, Qt Virtual Keyboard).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.domain.documents import DocumentType, needs_hall_collection
from kiosk.domain.usernames import check_username
from kiosk.flows.registration import Refusal
from kiosk.protocol.errors import UserError
from kiosk.protocol.people import PersonSummary
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.screens.document_entry import DocumentEntryScreen
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import USERNAME_HINTS, Feedback, FormatField
from kiosk.ui.common.widgets.name_field import NameField, NameScript
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.change_password import ChangePasswordScreen
from kiosk.ui.journeys.staff.collection_validators import (
    chinese_name_feedback,
    latin_name_feedback,
)

USERNAME_MAX = 20

# Names on these documents are printed in Latin letters (foreigners); the others in Chinese.
LATIN_NAME_TYPES = frozenset(
    {
        DocumentType.FOREIGN_PERMANENT_RESIDENT_ID,
        DocumentType.FOREIGN_PASSPORT,
        DocumentType.FOREIGN_WORK_PERMIT_A,
        DocumentType.FOREIGN_WORK_PERMIT_B,
        DocumentType.FOREIGN_WORK_PERMIT_C,
    }
)


def name_script(doc_type: DocumentType) -> NameScript:
    return NameScript.LATIN if doc_type in LATIN_NAME_TYPES else NameScript.CHINESE


class RegisterDocumentScreen(DocumentEntryScreen):
    """Step 1 (身份信息校验): which document, then its number and the name on it."""

    submitted = Signal(object, str, str)  # DocumentType, number, name

    def extra_fields(self, page: QWidget) -> list[QWidget]:
        self.name = NameField(self.language, validator=chinese_name_feedback, parent=page)
        self.name.setObjectName("personName")
        self.name.text_changed.connect(lambda _t: self.banner.clear())
        return [self.name]

    def extra_notes(self, page: QWidget) -> list[QWidget]:
        # R-ID-2: said before the person types, not only after the service refused.
        self.hall_note = QLabel(page)
        self.hall_note.setObjectName("hallFirstNote")
        self.hall_note.setProperty("textRole", "notice")
        self.hall_note.setWordWrap(True)
        return [self.hall_note]

    def title_text(self) -> str:
        return self.tr("User registration")

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of your document, enter its number with the keypad and your name "
            "as printed on it (tap the name field for the keyboard), then tap Next. Next come "
            "your mobile phone number, a face check and your password. Foreign passports and "
            "work permits need real-name collection by the hall staff first."
        )

    def how_text(self) -> str:
        return self.tr(
            "Your name and document number are checked with the public-security records. "
            "Nothing is saved until you finish the last step."
        )

    def retranslate_extra(self, doc_type: DocumentType | None) -> None:
        if doc_type is not None:
            if self.name.script is NameScript.LATIN:
                self.name.set_label(self.tr("Name (Latin letters, as in the document)"))
                self.name.set_hint(self.tr("For example ZHANG SAN or SMITH JOHN"))
            else:
                self.name.set_label(self.tr("Name (as on the document)"))
                self.name.set_hint(self.tr("Chinese characters: type Pinyin, then choose"))
            self.hall_note.setVisible(needs_hall_collection(doc_type))
        self.hall_note.setText(
            self.tr(
                "This document type must first have real-name collection by the hall staff "
                "(实名信息采集). If that is done, continue; if not, the staff counter can do it "
                "now."
            )
        )

    def type_chosen(self, doc_type: DocumentType) -> None:
        script = name_script(doc_type)
        self.name.set_script(script)
        self.name.set_validator(
            latin_name_feedback if script is NameScript.LATIN else chinese_name_feedback
        )
        self.name.clear()

    def clear_extra(self) -> None:
        self.name.clear()

    def submit(self) -> None:
        if self._type is not None:
            self.submitted.emit(self._type, self.number.text(), self.name.text())

    def has_entered_data(self) -> bool:
        return bool(self.number.text() or self.name.text())


class RegistrationRefusedScreen(FlowScreen):
    """Where the kiosk part of a registration ends, and what to do instead: never a dead
    end. HALL: ask the staff for real-name collection (or use another document);
    REGISTERED: log in, or reset the password."""

    log_in_requested = Signal()
    forgot_password_requested = Signal()
    other_document_requested = Signal()
    finished = Signal()  # done here: home

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        self.kind = Refusal.HALL  # the frame's help overlay reads it while being built
        super().__init__(language, parent)
        self.heading = QLabel(self.body)
        self.heading.setObjectName("refusalHeading")
        self.heading.setProperty("textRole", "heading")
        self.heading.setWordWrap(True)
        self.next_steps = QLabel(self.body)
        self.next_steps.setObjectName("refusalNextSteps")
        self.next_steps.setProperty("textRole", "body")
        self.next_steps.setWordWrap(True)
        self.forgot_button = BigButton(parent=self.body)
        self.forgot_button.setObjectName("forgotPassword")
        self.forgot_button.clicked.connect(self.forgot_password_requested)
        self.other_button = BigButton(parent=self.body)
        self.other_button.setObjectName("otherDocument")
        self.other_button.clicked.connect(self.other_document_requested)
        self.body_layout.addWidget(
            column_of(
                self.body,
                [self.heading, self.banner, self.next_steps, self.forgot_button, self.other_button],
                spacing=20,
            ),
            1,
        )
        self.main_button = BigButton(role=ButtonRole.PRIMARY)
        self.main_button.clicked.connect(self._main)
        self.set_main_action(self.main_button)
        self.back_requested.connect(self.other_document_requested)
        self.show_kind(Refusal.HALL)

    def title_text(self) -> str:
        return self.tr("User registration")

    def help_text(self) -> str:
        if self.kind is Refusal.REGISTERED:
            return self.tr(
                "You already have an account. Tap Log in and use your password; if you forgot "
                "it, tap Forgot password to set a new one."
            )
        return self.tr(
            "Registration at the terminal needs a check the hall staff do first. Go to the "
            "staff counter with your document: they collect your real-name information and "
            "face (实名信息采集). Then register here again, without the face check."
        )

    def retranslate_screen(self) -> None:
        if self.kind is Refusal.REGISTERED:
            self.heading.setText(self.tr("You are already registered"))
            self.next_steps.setText(
                self.tr(
                    "Log in with your document number, phone number or username. If you "
                    "forgot your password, reset it with Forgot password."
                )
            )
            self.main_button.setText(self.tr("Log in"))
        else:
            self.heading.setText(self.tr("Please ask the hall staff"))
            self.next_steps.setText(
                self.tr(
                    "Take your document to the staff counter for real-name collection "
                    "(实名信息采集). It takes a few minutes; afterwards you can register here "
                    "without the face check, at the highest real-name level (5)."
                )
            )
            self.main_button.setText(self.tr("Done"))
        self.forgot_button.setText(self.tr("Forgot password"))
        self.other_button.setText(self.tr("Use another document"))

    def show_kind(self, kind: Refusal) -> None:
        self.kind = kind
        self.forgot_button.setVisible(kind is Refusal.REGISTERED)
        self.retranslate()

    def show_refusal(self, kind: Refusal, error: UserError) -> None:
        """The catalog's text (why, with the rule id) under the heading of what to do."""
        self.show_kind(kind)
        self.show_error(error)

    def wipe(self) -> None:
        super().wipe()
        self.show_kind(Refusal.HALL)

    def _main(self) -> None:
        if self.kind is Refusal.REGISTERED:
            self.log_in_requested.emit()
        else:
            self.finished.emit()


class RegisterSmsScreen(SmsScreen):
    """Step 2 (基本信息填写): the mobile number, proved by a code (R-PH-2)."""

    def title_text(self) -> str:
        return self.tr("User registration")

    def help_text(self) -> str:
        return self.tr(
            "Enter your mobile phone number with the keypad and tap Get code. A 6-digit code "
            "is sent to it; enter the code and tap Next. This number becomes the default "
            "number of your account."
        )

    def action_text(self) -> str:
        return self.tr("Next")

    def notice_text(self) -> str:
        # R-PH-2 and R-PH-7: the number moves to whoever verifies it; it must receive codes.
        return self.tr(
            "Use a number you keep and that receives SMS: codes for logging in go to it. If "
            "the number was on someone else's account, it moves to yours when you enter the "
            "code."
        )

    def phone_line_text(self, phone_masked: str | None) -> str:
        if phone_masked:
            return self.tr("The code was sent to {phone}.").format(phone=phone_masked)
        return ""

    def show_hall_collected(self) -> None:
        """R-ID-3: the hall already collected this person, so no face check follows (until
        the code goes out; the step count and the done screen say it too)."""
        self.banner.show_info(self._hall_text)

    def _hall_text(self) -> str:
        return self.tr(
            "Your real-name information was collected at the tax hall: no face check is "
            "needed, and you will be registered at level 5."
        )


class RegisterFaceScreen(FaceCheckScreen):
    """Step 3 (人脸识别认证, R-RN-4): compared with the public-security reference photo."""

    def title_text(self) -> str:
        return self.tr("User registration")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face is compared with your photo in the public-security records; "
            "only a code of your face is sent, never the picture. If it keeps failing, the "
            "hall staff can collect your real-name information instead."
        )

    def intro_text(self) -> str:
        return self.tr(
            "Look at the camera and follow the instruction under the picture. Your face is "
            "compared with your photo in the public-security records."
        )


def username_feedback(text: str) -> Feedback:
    """R-UN-1, optional: an empty field is fine."""
    if not text:
        return Feedback.none()
    return Feedback.from_result(
        check_username(text),
        lambda: QCoreApplication.translate(
            "RegisterPasswordScreen", "This username meets the rules."
        ),
    )


class RegisterPasswordScreen(ChangePasswordScreen):
    """Step 4: the password twice (R-PW-2) and an optional username (R-UN-1)."""

    registration_submitted = Signal(str, str, str)  # password, confirmation, username

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.username = FormatField(
            language, validator=username_feedback, max_length=USERNAME_MAX, parent=self.body
        )
        self.username.setObjectName("username")
        self.username.line_edit.setInputMethodHints(USERNAME_HINTS)  # the Latin keyboard
        self.username.text_changed.connect(lambda _t: self.banner.clear())
        fields = self.new_password.parentWidget()
        layout = fields.layout() if fields is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(self.new_password) + 2, self.username)
        self.disable_while_busy(self.username)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("User registration")

    def help_text(self) -> str:
        return self.tr(
            "Choose your personal password, enter it twice, and if you like a username to log "
            "in with; then tap Register. Tap a field to open the on-screen keyboard."
        )

    def why_text(self) -> str:
        return self.tr(
            "Last step. Do not use your birthday, document number or phone number in the "
            "password: it would be easy to guess."
        )

    def save_text(self) -> str:
        return self.tr("Register")

    def retranslate_screen(self) -> None:
        super().retranslate_screen()
        if hasattr(self, "username"):
            self.username.set_label(self.tr("Username (optional)"))
            self.username.set_hint(
                self.tr("6-20 letters or digits, starting with a letter; may stay empty")
            )
        self.new_password.set_label(self.tr("Password"))
        self.confirm.set_label(self.tr("Password again"))

    def submit(self) -> None:
        self.registration_submitted.emit(
            self.new_password.text(), self.confirm.text(), self.username.text()
        )

    def wipe(self) -> None:
        super().wipe()
        self.username.clear()


class RegistrationDoneScreen(FlowScreen):
    """Registered and logged in: what the account is, and a way on into the services."""

    continue_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._person: PersonSummary | None = None
        self.lines: dict[str, QLabel] = {}
        labels: list[QWidget] = [self.banner]
        for key in ("name", "level", "level_note", "phone", "username"):
            line = QLabel(self.body)
            line.setObjectName(f"summary_{key}")
            line.setProperty("textRole", "notice" if key == "level_note" else "body")
            line.setWordWrap(True)
            self.lines[key] = line
            labels.append(line)
        self.body_layout.addWidget(column_of(self.body, [*labels, self.busy], spacing=16), 1)
        self.continue_button = BigButton(role=ButtonRole.PRIMARY)
        self.continue_button.clicked.connect(self.continue_requested)
        self.set_main_action(self.continue_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Registration complete")

    def help_text(self) -> str:
        return self.tr(
            "You are registered and logged in. Tap the button at the bottom right to go on "
            "to the natural-person services; log out when you are done."
        )

    def retranslate_screen(self) -> None:
        self.continue_button.setText(self.tr("Continue to my services"))
        person = self._person
        if person is None:
            for line in self.lines.values():
                line.clear()
            return
        self.lines["name"].setText(self.tr("Name: {name}").format(name=person.name_masked))
        level = person.real_name_level
        self.lines["level"].setText(self.tr("Real-name level: {level}").format(level=level))
        if level >= 5:
            note = self.tr(
                "Level 5, the highest: your real-name information was collected at the tax "
                "hall. Every natural-person service is open to you."
            )
        else:
            note = self.tr(
                "Level 4: your face was verified. You can use the natural-person services at "
                "this terminal and online; real-name collection at the hall raises it to 5."
            )
        self.lines["level_note"].setText(note)
        self.lines["phone"].setText(
            self.tr("Default phone number: {phone}").format(phone=person.phone_masked or "—")
        )
        username = self.lines["username"]
        username.setVisible(person.username is not None)
        username.setText(self.tr("Username: {username}").format(username=person.username or ""))

    def show_person(self, person: PersonSummary) -> None:
        self._person = person
        self.banner.show_success(lambda: self.tr("You are registered and logged in. Welcome!"))
        self.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self._person = None
        self.retranslate()
