"""The document step every public journey shares (忘记密码, 用户注册): the 12 types (R-ID-2) as
large buttons, then the number with the keypad and what a journey adds under it (the name).

Subclasses give their texts and, through ``extra_fields`` / ``extra_notes``, the widgets of
the number page; ``choose_type`` and ``wipe`` call ``type_chosen`` / ``clear_extra`` for them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.documents import DocumentType, label
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.widgets.adaptive_row import WIDE_WINDOW_PX, AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.document_type_picker import (
    MEDIUM_COLUMNS,
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    WIDE_PX,
    DocumentTypePicker,
)
from kiosk.ui.common.widgets.format_field import Feedback, FormatField
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.collection_validators import document_feedback

# Numbers of these types are digits (and X): the keypad is enough; others add letters
# from the on-screen keyboard.
KEYPAD_TYPES: dict[DocumentType, KeypadMode] = {
    DocumentType.RESIDENT_ID: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_TRAVEL_PERMIT: KeypadMode.DIGITS,
}
DOCUMENT_NUMBER_MAX = 30


class DocumentEntryScreen(FlowScreen):
    # DocumentType, number; a journey that asks more (the name) redefines both this signal
    # and ``submit``.
    submitted = Signal(object, str)
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
        # page 2: the number (and what the journey adds)
        page = QWidget(self.pages)
        self.type_line = QLabel(page)
        self.type_line.setProperty("textRole", "label")
        self.type_line.setObjectName("typeLine")
        self.type_line.setWordWrap(True)
        self.change_type = BigButton(parent=page)
        self.change_type.setObjectName("changeType")
        self.change_type.clicked.connect(self.show_types)
        self.number = FormatField(
            language,
            validator=self._number_feedback,
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=DOCUMENT_NUMBER_MAX,
            parent=page,
        )
        self.number.setObjectName("documentNumber")
        self.number.text_changed.connect(lambda _t: self.banner.clear())
        self.how = QLabel(page)
        self.how.setProperty("textRole", "notice")
        self.how.setWordWrap(True)
        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, page)
        self.keypad.setObjectName("keypad")
        self.keypad.set_target(self.number.line_edit)
        fields = [self.type_line, self.change_type, self.number, *self.extra_fields(page)]
        row = AdaptiveRow(page)
        row.add(column_of(page, [*fields, self.banner, self.busy], spacing=12), 3)
        notes = [self.keypad, *self.extra_notes(page), self.how]
        row.add(column_of(page, notes, spacing=16), 2)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(row, 1)
        self.pages.addWidget(page)
        self._number_page = page
        self.body_layout.addWidget(self.pages, 1)

        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self.back_requested.connect(self._back)
        self.disable_while_busy(self.number, self.keypad, self.change_type, *fields[3:])
        self.show_types()

    # -- what a journey's screen adds ----------------------------------------------------------

    def extra_fields(self, page: QWidget) -> list[QWidget]:
        """Widgets under the number (created here, parented to ``page``)."""
        del page
        return []

    def extra_notes(self, page: QWidget) -> list[QWidget]:
        """Notices under the keypad, above ``how``."""
        del page
        return []

    def how_text(self) -> str:
        return ""

    def type_chosen(self, doc_type: DocumentType) -> None:
        """The extra widgets follow the chosen type (a name's script, a note)."""

    def clear_extra(self) -> None:
        """Forget what the extra widgets hold."""

    def retranslate_extra(self, doc_type: DocumentType | None) -> None:
        """Texts of the extra widgets."""

    # -- shared ---------------------------------------------------------------------------------

    def retranslate_screen(self) -> None:
        doc_type = self._type
        if doc_type is not None:
            self.type_line.setText(
                self.tr("Document: {type}").format(type=label(doc_type, self.language.current))
            )
            self.number.set_label(self.tr("Document number"))
            self.number.set_hint(self._hint(doc_type))
        self.retranslate_extra(doc_type)
        self.change_type.setText(self.tr("Choose another document type"))
        self.how.setText(self.how_text())
        self.next_button.setText(self.tr("Next"))

    def choose_type(self, doc_type: DocumentType) -> None:
        self._type = doc_type
        mode = KEYPAD_TYPES.get(doc_type, KeypadMode.ID_NUMBER)
        self.number.keypad_mode = mode
        self.keypad.set_mode(mode)
        self.number.clear()
        self.type_chosen(doc_type)
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
        self.clear_extra()
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

    def _number_feedback(self, text: str) -> Feedback:
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
