"""Staff mode: look at and lift a lock (R-LK-1). A person by what they log in with, or a
colleague by staff number; the answer shows masked names and today's failures only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.flows.staff_locks import LockSubject
from kiosk.protocol.messages import Lang
from kiosk.protocol.staff import LockView
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.validators import identifier_feedback
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.login import STAFF_NUMBER_HINTS

IDENTIFIER_MAX = 30


class StaffLockSearchScreen(FlowScreen):
    submitted = Signal(str, str)  # LockSubject value, what was typed

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.subject = LockSubject.PERSON
        self.person_button = BigButton(parent=self.body)
        self.person_button.setObjectName("lockPerson")
        self.person_button.setCheckable(True)
        self.staff_button = BigButton(parent=self.body)
        self.staff_button.setObjectName("lockStaff")
        self.staff_button.setCheckable(True)
        self.person_button.clicked.connect(lambda: self.choose(LockSubject.PERSON))
        self.staff_button.clicked.connect(lambda: self.choose(LockSubject.STAFF))
        self.field = FormatField(
            language,
            validator=identifier_feedback,
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=IDENTIFIER_MAX,
            parent=self.body,
        )
        self.field.setObjectName("lockIdentifier")
        self._person_hints = self.field.line_edit.inputMethodHints()
        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, self.body)
        self.keypad.set_target(self.field.line_edit)
        self.note = QLabel(self.body)
        self.note.setProperty("textRole", "notice")
        self.note.setWordWrap(True)
        self.add_columns(
            [self.person_button, self.staff_button, self.field], [self.keypad, self.note]
        )
        self.search_button = BigButton(role=ButtonRole.PRIMARY)
        self.search_button.clicked.connect(self.submit)
        self.set_main_action(self.search_button)
        self.disable_while_busy(self.field, self.keypad, self.person_button, self.staff_button)
        self.choose(LockSubject.PERSON)
        self.retranslate()

    def choose(self, subject: LockSubject) -> None:
        self.subject = subject
        self.person_button.setChecked(subject is LockSubject.PERSON)
        self.staff_button.setChecked(subject is LockSubject.STAFF)
        self.field.clear()
        if subject is LockSubject.PERSON:
            self.field.set_validator(identifier_feedback)
            self.field.line_edit.setInputMethodHints(self._person_hints)
            self.keypad.set_mode(KeypadMode.ID_NUMBER)
        else:  # S0001, as at the staff login: no person's identifier rules
            self.field.set_validator(None)
            self.field.line_edit.setInputMethodHints(STAFF_NUMBER_HINTS)
            self.keypad.set_mode(KeypadMode.DIGITS)
        self.retranslate_screen()

    def title_text(self) -> str:
        return self.tr("Staff · account locks")

    def help_text(self) -> str:
        return self.tr(
            "Choose a person's account or a staff account, enter the ID number, phone "
            "number or username (or the staff number) and tap Look up. A lock ends by itself "
            "at 00:00; the person can also lift it with Forgot password. Lifting it here is "
            "recorded with your staff number."
        )

    def retranslate_screen(self) -> None:
        # The chosen one is said with a mark, not by colour alone.
        person, staff = self.tr("A person's account"), self.tr("A staff account")
        chosen_person = self.subject is LockSubject.PERSON
        self.person_button.setText(f"✓ {person}" if chosen_person else person)
        self.staff_button.setText(staff if chosen_person else f"✓ {staff}")
        if self.subject is LockSubject.PERSON:
            self.field.set_label(self.tr("ID number / phone number / username"))
            self.field.set_hint(
                self.tr("ID number: 18 characters (last may be X) · phone: 11 digits")
            )
        else:
            self.field.set_label(self.tr("Staff number"))
            self.field.set_hint(self.tr("For example S0001"))
        self.note.setText(
            self.tr(
                "Only a masked name and today's failed attempts are shown. Lifting a lock is "
                "recorded with your staff number and this terminal."
            )
        )
        self.search_button.setText(self.tr("Look up"))

    def submit(self) -> None:
        self.submitted.emit(self.subject.value, self.field.text())

    def has_entered_data(self) -> bool:
        return bool(self.field.text())

    def wipe(self) -> None:
        super().wipe()
        self.choose(LockSubject.PERSON)


class StaffLockScreen(FlowScreen):
    """The lock found, or lifted: who (masked), the state, today's failures by method."""

    clear_requested = Signal()
    done_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._view: LockView | None = None
        self._cleared = False
        self.who = QLabel(self.body)
        self.who.setProperty("textRole", "heading")
        self.who.setWordWrap(True)
        self.state = QLabel(self.body)
        self.state.setObjectName("lockState")
        self.state.setWordWrap(True)
        self.failures = QLabel(self.body)
        self.failures.setWordWrap(True)
        for widget in (self.who, self.state, self.failures, self.banner, self.busy):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.clear_button = BigButton(role=ButtonRole.PRIMARY)
        self.clear_button.setObjectName("clearLock")
        self.clear_button.clicked.connect(self._main)
        self.set_main_action(self.clear_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Staff · account locks")

    def help_text(self) -> str:
        return self.tr(
            "Lift the lock only for the person in front of you, after checking their "
            "document. The person then logs in as usual; today's failed attempts start again "
            "from zero."
        )

    def show_view(self, view: LockView, *, cleared: bool) -> None:
        self._view = view
        self._cleared = cleared
        if cleared:
            self.banner.show_success(lambda: self.tr("The lock was lifted."))
        else:
            self.banner.clear()
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        view = self._view
        lang = self.language.current
        if view is None:
            for label in (self.who, self.state, self.failures):
                label.clear()
        else:
            who = view.staff_no or view.id_number_masked or ""
            self.who.setText(f"{view.name_masked}  {who}")
            if view.locked:
                when = view.unlock_text if lang is Lang.ZH else view.unlock_text_en
                self.state.setText(
                    self.tr("⚠ Locked: lifts by itself at {when}.").format(when=when or "")
                )
            else:
                self.state.setText(self.tr("✓ Not locked."))
            self.failures.setText(self._failures_text(view))
        locked = view is not None and view.locked and not self._cleared
        self.clear_button.setText(self.tr("Lift the lock") if locked else self.tr("Done"))

    def _failures_text(self, view: LockView) -> str:
        names = {
            "password": self.tr("password"),
            "sms": self.tr("SMS code"),
            "face": self.tr("face"),
        }
        if not view.failures_today:
            return self.tr("No failed attempts today.")
        parts = ", ".join(
            f"{names.get(method, method)} {count}" for method, count in view.failures_today.items()
        )
        return self.tr("Failed attempts today: {parts}").format(parts=parts)

    def _main(self) -> None:
        view = self._view
        if view is not None and view.locked and not self._cleared:
            self.clear_requested.emit()
        else:
            self.done_requested.emit()

    def wipe(self) -> None:
        super().wipe()
        self._view = None
        self._cleared = False
        self.retranslate_screen()
