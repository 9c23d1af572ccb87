"""账户中心 (logged in): the overview with the real-name level (R-RN-1/2), the phones
(R-PH-1/2/7) and the SMS confirmation of a change (``SmsScreen`` reused). Username,
password, deregistration and history are in ``account_settings``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.realname import RealNameLevel, description, label
from kiosk.protocol.account import AccountView, ConfirmationAction, ConfirmationStarted, PhoneEntry
from kiosk.protocol.messages import Lang
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.validators import PHONE_LENGTH, phone_feedback
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.notices import notices_text

USERNAME_MAX = 20
HISTORY_LIST_MAX_PX = 420  # longer histories scroll


def text_label(parent: QWidget, role: str, name: str = "") -> QLabel:
    widget = QLabel(parent)
    widget.setProperty("textRole", role)
    widget.setWordWrap(True)
    if name:
        widget.setObjectName(name)
    return widget


def logout_confirm_texts() -> tuple[str, str]:
    """Home from anywhere in the account center logs the person out: say so."""
    return (
        QCoreApplication.translate("AccountCenter", "Log out and go to the home screen?"),
        QCoreApplication.translate(
            "AccountCenter", "You will be logged out and everything shown here will be cleared."
        ),
    )


def level_texts(level_value: int, lang: Lang) -> tuple[str, str]:
    """R-RN-1/2: the level's name and what it allows (the number alone if unknown)."""
    try:
        level = RealNameLevel(level_value)
    except ValueError:
        return str(level_value), ""
    return label(level, lang), description(level, lang)


# -- overview ------------------------------------------------------------------------------


class AccountOverviewScreen(FlowScreen):
    phones_requested = Signal()
    username_requested = Signal()
    password_requested = Signal()
    history_requested = Signal()
    deregister_requested = Signal()
    done_requested = Signal()
    level_requested = Signal()  # 提升实名等级: the face check (R-RN-3)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._account: AccountView | None = None
        self._face_possible = False  # this terminal has the camera for the check
        card = QFrame(self.body)
        card.setProperty("panel", "card")
        self.name_line = text_label(card, "heading", "nameLine")
        self.id_line = text_label(card, "body", "idLine")
        self.level_line = text_label(card, "label", "levelLine")
        self.level_meaning = text_label(card, "body", "levelMeaning")
        self.phone_line = text_label(card, "body", "phoneLine")
        self.username_line = text_label(card, "body", "usernameLine")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 24)
        inner.setSpacing(12)
        for widget in (
            self.name_line,
            self.id_line,
            self.level_line,
            self.level_meaning,
            self.phone_line,
            self.username_line,
        ):
            inner.addWidget(widget)
        self.notices = MessageBanner(language, self.body)
        self.notices.setObjectName("notices")
        self.phones_button = BigButton(parent=self.body)
        self.phones_button.setObjectName("openPhones")
        self.phones_button.clicked.connect(self.phones_requested)
        self.username_button = BigButton(parent=self.body)
        self.username_button.setObjectName("openUsername")
        self.username_button.clicked.connect(self.username_requested)
        self.password_button = BigButton(parent=self.body)
        self.password_button.setObjectName("openPassword")
        self.password_button.clicked.connect(self.password_requested)
        self.history_button = BigButton(parent=self.body)
        self.history_button.setObjectName("openHistory")
        self.history_button.clicked.connect(self.history_requested)
        self.deregister_button = BigButton(parent=self.body)
        self.deregister_button.setObjectName("openDeregister")
        self.deregister_button.clicked.connect(self.deregister_requested)
        self.level_button = BigButton(parent=self.body)
        self.level_button.setObjectName("raiseLevel")
        self.level_button.clicked.connect(self.level_requested)
        self.level_button.hide()
        buttons = [
            self.level_button,
            self.phones_button,
            self.username_button,
            self.password_button,
            self.history_button,
            self.deregister_button,
        ]
        self.add_columns([card, self.notices], buttons)
        self.done_button = BigButton(role=ButtonRole.PRIMARY)
        self.done_button.clicked.connect(self.done_requested)
        self.set_main_action(self.done_button)
        self.disable_while_busy(*buttons)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Account center")

    def help_text(self) -> str:
        return self.tr(
            "Here you see your real-name level and what it allows, and manage your phone "
            "numbers, username and password. Changes to phone numbers are confirmed by an SMS "
            "code. History lists what happened to your account."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def retranslate_screen(self) -> None:
        account = self._account
        lang = self.language.current
        if account is None:
            for line in (
                self.name_line,
                self.id_line,
                self.level_line,
                self.level_meaning,
                self.phone_line,
                self.username_line,
            ):
                line.clear()
        else:
            person = account.person
            self.name_line.setText(person.name_masked)
            self.id_line.setText(
                self.tr("ID number: {number}").format(number=person.id_number_masked)
            )
            level_name, meaning = level_texts(account.real_name_level, lang)
            self.level_line.setText(level_name)  # the label names itself ("四级实名")
            self.level_meaning.setText(meaning)
            default = account.default_phone
            if default is None:
                self.phone_line.setText(self.tr("No phone number on the account."))
            else:
                self.phone_line.setText(
                    self.tr("Default phone: {phone} ({count} of {limit} numbers)").format(
                        phone=default.phone_masked,
                        count=len(account.phones),
                        limit=account.phone_limit,
                    )
                )
            self.username_line.setText(
                self.tr("Username: {name}").format(name=account.username)
                if account.username
                else self.tr("Username: not set")
            )
        self.level_button.setText(self.tr("Raise to level 4 (face check)"))
        self.phones_button.setText(self.tr("Phone numbers"))
        self.username_button.setText(self.tr("Username"))
        self.password_button.setText(self.tr("Change password"))
        self.history_button.setText(self.tr("History"))
        self.deregister_button.setText(self.tr("Deregister account"))
        self.done_button.setText(self.tr("Done"))

    def allow_face_check(self, possible: bool) -> None:
        """Whether this terminal can run the face check (camera and models present)."""
        self._face_possible = possible

    def show_account(self, account: AccountView) -> None:
        self._account = account
        # R-RN-3: level 3 raises to 4 by a face check; 5 comes only from the hall.
        self.level_button.setVisible(
            self._face_possible and account.real_name_level < int(RealNameLevel.L4)
        )
        if account.notices:
            notices = account.notices
            self.notices.show_info(lambda: notices_text(notices, self.language.current))
        else:
            self.notices.clear()
        self.retranslate()

    def has_entered_data(self) -> bool:
        return True  # logged in: leaving logs out

    def wipe(self) -> None:
        super().wipe()
        self._account = None
        self.notices.clear()
        self.retranslate()


# -- phones ----------------------------------------------------------------------------------


class PhoneRow(QFrame):
    """One number: masked, 默认 when default, and its two actions."""

    def __init__(self, entry: PhoneEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setProperty("panel", "card")
        self.setObjectName(f"phone_{entry.phone_id}")
        self.number = text_label(self, "label")
        self.number.setWordWrap(False)
        self.default_button = BigButton(parent=self)
        self.default_button.setObjectName("makeDefault")
        self.remove_button = BigButton(parent=self)
        self.remove_button.setObjectName("remove")
        self.default_button.setVisible(not entry.is_default)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(TOUCH_GAP_PX)
        row.addWidget(self.number, 1)
        row.addWidget(self.default_button)
        row.addWidget(self.remove_button)

    def retranslate(self, default_word: str, make_default: str, remove: str) -> None:
        mark = f"  ✓ {default_word}" if self.entry.is_default else ""
        self.number.setText(self.entry.phone_masked + mark)
        self.default_button.setText(make_default)
        self.remove_button.setText(remove)


class PhonesScreen(FlowScreen):
    add_requested = Signal(str)  # the new number
    remove_requested = Signal(int)  # phone_id
    default_requested = Signal(int)  # phone_id

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._account: AccountView | None = None
        self.rows: list[PhoneRow] = []
        self.list_holder = QWidget(self.body)
        self.list_layout = QVBoxLayout(self.list_holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(TOUCH_GAP_PX)
        self.count_line = text_label(self.body, "label", "countLine")
        self.phone = FormatField(
            language,
            validator=phone_feedback,
            keypad_mode=KeypadMode.DIGITS,
            max_length=PHONE_LENGTH,
            parent=self.body,
        )
        self.phone.setObjectName("newPhone")
        self.phone.text_changed.connect(lambda _t: self.banner.clear())
        self.keypad = DigitKeypad(KeypadMode.DIGITS, self.body)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.phone.line_edit)
        # R-PH-7: both warnings where numbers are added and chosen.
        self.warning = text_label(self.body, "notice", "phoneWarning")
        self.add_columns(
            [self.count_line, self.list_holder, self.phone], [self.keypad, self.warning]
        )
        self.add_button = BigButton(role=ButtonRole.PRIMARY)
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.phone.text()))
        self.set_main_action(self.add_button)
        self.disable_while_busy(self.phone, self.keypad, self.list_holder)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Phone numbers")

    def help_text(self) -> str:
        return self.tr(
            "To add a number, enter it with the keypad and tap Add number: a code goes to that "
            "number. Removing a number or making another one the default is confirmed by a "
            "code too."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def retranslate_screen(self) -> None:
        account = self._account
        if account is not None:
            self.count_line.setText(
                self.tr("{count} of {limit} numbers on your account").format(
                    count=len(account.phones), limit=account.phone_limit
                )
            )
        for row in self.rows:
            row.retranslate(self.tr("Default"), self.tr("Make default"), self.tr("Remove"))
        self.phone.set_label(self.tr("Add a phone number"))
        self.phone.set_hint(self.tr("11 digits; a code is sent to it"))
        self.warning.setText(
            self.tr(
                "For the safety of your account, do not bind your account to another person's "
                "phone number. When you log in, choose a phone number that can receive SMS "
                "codes."
            )
        )
        self.add_button.setText(self.tr("Add number"))

    def show_account(self, account: AccountView) -> None:
        self._account = account
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for entry in account.phones:
            row = PhoneRow(entry, self.list_holder)
            row.default_button.clicked.connect(
                lambda _c=False, pid=entry.phone_id: self.default_requested.emit(pid)
            )
            row.remove_button.clicked.connect(
                lambda _c=False, pid=entry.phone_id: self.remove_requested.emit(pid)
            )
            self.list_layout.addWidget(row)
            self.rows.append(row)
        self.phone.clear()
        self.retranslate()

    def row_for(self, phone_masked: str) -> PhoneRow:
        return next(r for r in self.rows if r.entry.phone_masked == phone_masked)

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self._account = None
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self.phone.clear()
        self.count_line.clear()


# -- the SMS confirmation --------------------------------------------------------------------


class ConfirmScreen(SmsScreen):
    """The code for a pending phone change or the deregistration (sent when it started)."""

    def __init__(
        self,
        language: LanguageController,
        resend_seconds_left: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        # Set first: the base constructor already calls the text hooks.
        self._pending: ConfirmationStarted | None = None
        super().__init__(language, resend_seconds_left, parent)

    def title_text(self) -> str:
        return self.tr("Account center · confirm by SMS")

    def help_text(self) -> str:
        return self.tr(
            "A 6-digit code has been sent to the number shown. Enter it with the keypad and "
            "tap Confirm. Tap Back to cancel; nothing is changed then."
        )

    def action_text(self) -> str:
        pending = self._pending
        if pending is not None and pending.action is ConfirmationAction.DEREGISTER:
            return self.tr("Deregister now")
        return self.tr("Confirm")

    def notice_text(self) -> str:
        pending = self._pending
        if pending is None:
            return ""
        what = {
            ConfirmationAction.ADD_PHONE: self.tr(
                "Adding a number: the code goes to the new number, to prove it is yours. Do "
                "not bind your account to another person's phone number."
            ),
            ConfirmationAction.REMOVE_PHONE: self.tr(
                "Removing a number: the code goes to your default number."
            ),
            ConfirmationAction.SET_DEFAULT_PHONE: self.tr(
                "Making a number the default: the code goes to that number, which must "
                "receive SMS codes for your logins."
            ),
            ConfirmationAction.DEREGISTER: self.tr(
                "Deregistering: the code goes to your default number. After it you can no "
                "longer log in with this account."
            ),
        }
        return what[pending.action]

    def phone_line_text(self, phone_masked: str | None) -> str:
        if phone_masked:
            return self.tr("The code was sent to {phone}.").format(phone=phone_masked)
        return ""

    def show_pending(self, pending: ConfirmationStarted) -> None:
        self._pending = pending
        self.prepare(pending.phone_masked)

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        self._pending = None
        super().wipe()
