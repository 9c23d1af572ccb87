"""The end of a collection: saved (with the record kept on this terminal), or the
exception path where staff write down why no usable face photo could be taken."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController

REASON_MAX = 500


class CollectionSavedScreen(FlowScreen):
    next_person_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._record = ""
        self._exception = False
        self._online = False
        self._waiting = 0
        self.details = QLabel(self.body)
        self.details.setObjectName("savedDetails")
        self.details.setProperty("textRole", "body")
        self.details.setWordWrap(True)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.details)
        self.body_layout.addStretch(1)
        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.next_person_requested)
        self.set_main_action(self.next_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Real-name collection")

    def show_saved(self, record_id: str, *, exception: bool, online: bool, waiting: int) -> None:
        self._record = record_id
        self._exception = exception
        self._online = online
        self._waiting = waiting
        self.banner.show_success(
            lambda: (
                self.tr("Saved with the exception noted.")
                if self._exception
                else self.tr("The record is saved.")
            )
        )
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        where = (
            self.tr("It will be sent to the account service shortly.")
            if self._online
            else self.tr("The terminal is offline: the record is kept here and sent later.")
        )
        self.details.setText(
            self.tr("Record number: {record}").format(record=self._record[:8])
            + "\n"
            + where
            + "\n"
            + self.tr("{count} record(s) waiting on this terminal.").format(count=self._waiting)
        )
        self.next_button.setText(self.tr("Next person"))

    def wipe(self) -> None:
        super().wipe()
        self._record = ""
        self.details.clear()


class CollectionExceptionScreen(FlowScreen):
    submitted = Signal(str)  # the reason, as typed

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self.explanation = QLabel(self.body)
        self.explanation.setProperty("textRole", "body")
        self.explanation.setWordWrap(True)
        self.reason = FormatField(language, max_length=REASON_MAX, parent=self.body)
        self.reason.setObjectName("exceptionReason")
        # Staff may write Chinese (Pinyin) or English: leave prediction on.
        self.reason.line_edit.setInputMethodHints(Qt.InputMethodHint.ImhNone)
        self.body_layout.addWidget(self.explanation)
        self.body_layout.addWidget(self.reason)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.save_button = BigButton(role=ButtonRole.PRIMARY)
        self.save_button.clicked.connect(self.submit)
        self.set_main_action(self.save_button)
        self.disable_while_busy(self.reason)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Real-name collection · exception")

    def help_text(self) -> str:
        return self.tr(
            "No usable face photo could be taken. Write down why (for example: camera "
            "broken, the person cannot turn the head), then tap Save with exception."
        )

    def retranslate_screen(self) -> None:
        self.explanation.setText(
            self.tr(
                "No usable face photo could be taken. The document data will be saved with "
                "your note; the person may need to come back."
            )
        )
        self.reason.set_label(self.tr("Reason (required)"))
        self.reason.set_hint(self.tr("Tap the field to open the on-screen keyboard"))
        self.save_button.setText(self.tr("Save with exception"))

    def submit(self) -> None:
        self.submitted.emit(self.reason.text())

    def has_entered_data(self) -> bool:
        return True  # the document data is not saved yet

    def wipe(self) -> None:
        super().wipe()
        self.reason.clear()
