"""Staff login (R-HA-1): staff number from the keypad, password from the virtual keyboard.

The status line says whether the account service can be reached: offline, a staff member
who logged in online on this terminal before can log in against the cached hash.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController

STAFF_NO_MAX = 20


# A letter and digits (S0001): Latin capitals from the keyboard, digits from the keypad.
STAFF_NUMBER_HINTS = (
    Qt.InputMethodHint.ImhPreferLatin
    | Qt.InputMethodHint.ImhPreferUppercase
    | Qt.InputMethodHint.ImhNoPredictiveText
)


class StaffLoginScreen(FlowScreen):
    submitted = Signal(str, str)  # staff number, password

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._online: bool | None = None
        self.connection = QLabel(self.body)
        self.connection.setObjectName("connectionState")
        self.connection.setProperty("textRole", "notice")
        self.connection.setWordWrap(True)
        self.staff_no = FormatField(language, max_length=STAFF_NO_MAX, parent=self.body)
        self.staff_no.setObjectName("staffNo")
        self.staff_no.line_edit.setInputMethodHints(STAFF_NUMBER_HINTS)
        self.password = FormatField(
            language, keypad_mode=KeypadMode.DIGITS, secret=True, parent=self.body
        )
        self.password.setObjectName("staffPassword")
        self.keypad = DigitKeypad(KeypadMode.DIGITS, self.body)
        self.keypad.set_target(self.staff_no.line_edit)
        self.staff_no.focused.connect(lambda: self.keypad.set_target(self.staff_no.line_edit))
        self.password.focused.connect(lambda: self.keypad.set_target(self.password.line_edit))
        self.add_columns([self.connection, self.staff_no, self.password], [self.keypad])
        self.login_button = BigButton(role=ButtonRole.PRIMARY)
        self.login_button.clicked.connect(self.submit)
        self.set_main_action(self.login_button)
        self.disable_while_busy(self.staff_no, self.password, self.keypad)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Staff login")

    def help_text(self) -> str:
        return self.tr(
            "Hall staff only. Enter your staff number and password: digits from the keypad, "
            "letters from the on-screen keyboard that opens when you tap a field. Without a connection you can log in if you have logged "
            "in online on this terminal before."
        )

    def retranslate_screen(self) -> None:
        self.staff_no.set_label(self.tr("Staff number"))
        self.staff_no.set_hint(self.tr("As on your staff card, e.g. S0001"))
        self.password.set_label(self.tr("Password"))
        self.password.set_hint(self.tr("Tap the field to open the on-screen keyboard"))
        self.login_button.setText(self.tr("Log in"))
        self._render_connection()

    def set_online(self, online: bool | None) -> None:
        """None: not known yet (being checked)."""
        self._online = online
        self._render_connection()

    def _render_connection(self) -> None:
        if self._online is None:
            text = self.tr("Checking the connection to the account service…")
        elif self._online:
            text = self.tr("● Online — connected to the account service")
        else:
            text = self.tr(
                "○ Offline — the account service cannot be reached. Staff who have logged in "
                "online on this terminal before can log in; records are kept on this terminal."
            )
        self.connection.setText(text)

    def submit(self) -> None:
        self.submitted.emit(self.staff_no.text(), self.password.text())

    def has_entered_data(self) -> bool:
        return bool(self.staff_no.text() or self.password.text())

    def wipe(self) -> None:
        super().wipe()
        self.staff_no.clear()
        self.password.clear()
        self.keypad.set_target(self.staff_no.line_edit)
