"""Collection step 2: the document's data. Which fields depend on the type: a Chinese name
(typed by Pinyin) for Chinese documents, a Latin name and nationality for foreign ones; the
number checks as it is typed (R-ID-2, R-ID-5); dates are picked by touch.

The flow checks again on Next; its errors appear under the field they concern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QWidget

from kiosk.domain.documents import DocumentType, label, normalize_document_number
from kiosk.domain.id_numbers import validate_resident_id
from kiosk.flows.collection import FOREIGN_TYPES, DocumentData, DocumentField, FieldError
from kiosk.services.store.records import Sex
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.date_picker import DatePicker
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import Feedback, FeedbackState, FormatField
from kiosk.ui.common.widgets.name_field import NameField, NameScript
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.collection_validators import (
    chinese_name_feedback,
    document_feedback,
    latin_name_feedback,
)

# Numbers of these types are digits (and X): the keypad is enough.
_KEYPAD_TYPES = {
    DocumentType.RESIDENT_ID: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: KeypadMode.ID_NUMBER,
    DocumentType.TAIWAN_TRAVEL_PERMIT: KeypadMode.DIGITS,
}
DEFAULT_BIRTH = date(1980, 1, 1)
EARLIEST_BIRTH = date(1900, 1, 1)


class CollectionDataScreen(FlowScreen):
    submitted = Signal(object)  # DocumentData

    def __init__(
        self,
        language: LanguageController,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(language, parent)
        self._today = today
        self._type = DocumentType.RESIDENT_ID
        self._birth: date | None = None
        self.document_heading = QLabel(self.body)
        self.document_heading.setProperty("textRole", "label")
        self.document_heading.setWordWrap(True)
        self.number = FormatField(
            language,
            validator=lambda text: document_feedback(self._type, text, self._today()),
            keypad_mode=KeypadMode.ID_NUMBER,
            max_length=30,
            parent=self.body,
        )
        self.number.setObjectName("documentNumber")
        self.number.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.number.text_changed.connect(self._number_changed)
        self.name = NameField(language, script=NameScript.CHINESE, parent=self.body)
        self.name.setObjectName("name")
        self.name_latin = NameField(language, script=NameScript.LATIN, parent=self.body)
        self.name_latin.setObjectName("nameLatin")
        self.name_latin.set_validator(latin_name_feedback)
        self.nationality = FormatField(language, max_length=3, parent=self.body)
        self.nationality.setObjectName("nationality")
        self.nationality.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhUppercaseOnly | Qt.InputMethodHint.ImhNoPredictiveText
        )

        # sex: two large toggle buttons with a label
        self.sex_label = QLabel(self.body)
        self.sex_label.setProperty("textRole", "label")
        self.male = BigButton(parent=self.body)
        self.male.setObjectName("sexMale")
        self.female = BigButton(parent=self.body)
        self.female.setObjectName("sexFemale")
        self._sex_group = QButtonGroup(self)
        for button in (self.male, self.female):
            button.setCheckable(True)
            button.setProperty("choice", "toggle")
            self._sex_group.addButton(button)
            button.toggled.connect(lambda _on: self._render_sex())
        self.sex_feedback = QLabel(self.body)
        self.sex_feedback.setWordWrap(True)
        self.sex_feedback.setProperty("feedback", FeedbackState.ERROR.value)
        self.sex_feedback.hide()

        # birth date: a button showing the date; tapping it opens the touch date picker
        self.birth_label = QLabel(self.body)
        self.birth_label.setProperty("textRole", "label")
        self.birth_button = BigButton(parent=self.body)
        self.birth_button.setObjectName("birthDate")
        self.birth_button.clicked.connect(self.open_birth_picker)
        self.birth_feedback = QLabel(self.body)
        self.birth_feedback.setWordWrap(True)
        self.birth_feedback.setProperty("feedback", FeedbackState.ERROR.value)
        self.birth_feedback.hide()
        self.date_picker = DatePicker(
            initial=DEFAULT_BIRTH, earliest=EARLIEST_BIRTH, latest=today()
        )
        self.date_picker.setObjectName("datePicker")
        self.birth_overlay = Overlay(
            self,
            title=lambda: self.tr("Date of birth"),
            body=lambda: self.tr("Tap − and + to set the year, month and day as on the document."),
            actions=(
                OverlayAction("cancel", lambda: self.tr("Cancel"), lambda: None),
                OverlayAction(
                    "done", lambda: self.tr("Use this date"), self._birth_chosen, ButtonRole.PRIMARY
                ),
            ),
            extra=self.date_picker,
        )

        sex_row = _row(self.body, [self.sex_label, self.male, self.female])
        birth_row = _row(self.body, [self.birth_label, self.birth_button])

        self.keypad = DigitKeypad(KeypadMode.ID_NUMBER, self.body)
        self.keypad.set_target(self.number.line_edit)
        self.number.focused.connect(lambda: self.keypad.set_target(self.number.line_edit))
        self.add_columns(
            [
                self.document_heading,
                self.number,
                self.name,
                self.name_latin,
                self.nationality,
                self.sex_feedback,
                self.birth_feedback,
            ],
            [self.keypad, sex_row, birth_row],
        )
        self.next_button = BigButton(role=ButtonRole.PRIMARY)
        self.next_button.clicked.connect(self.submit)
        self.set_main_action(self.next_button)
        self.disable_while_busy(self.number, self.name, self.name_latin, self.keypad)
        self.set_document_type(DocumentType.RESIDENT_ID)

    # -- hooks -----------------------------------------------------------------------------

    def title_text(self) -> str:
        return self.tr("Real-name collection")

    def help_text(self) -> str:
        return self.tr(
            "Copy the data from the document. Use the keypad for digits and X; tap a name "
            "field to open the on-screen keyboard (Pinyin for Chinese names, Latin letters for "
            "foreign names). Tap the date to change it."
        )

    def retranslate_screen(self) -> None:
        lang = self.language.current
        self.document_heading.setText(
            self.tr("Document: {name}").format(name=label(self._type, lang))
        )
        self.number.set_label(self.tr("Document number"))
        self.number.set_hint(self._number_hint())
        self.name.set_label(self.tr("Name (Chinese characters)"))
        self.name.set_hint(self.tr("Tap to type Pinyin, then choose the characters"))
        self.name_latin.set_label(self.tr("Name (Latin letters, as in the document)"))
        self.name_latin.set_hint(self.tr("Surname, then given names, e.g. SMITH JOHN"))
        self.nationality.set_label(self.tr("Nationality (3-letter code)"))
        self.nationality.set_hint(self.tr("As in the document, e.g. USA, GBR, DEU"))
        self.sex_label.setText(self.tr("Sex"))
        self._render_sex()
        self.birth_label.setText(self.tr("Date of birth"))
        self._render_birth()
        self.next_button.setText(self.tr("Next: face photo"))

    def has_entered_data(self) -> bool:
        return bool(self.number.text() or self.name.text() or self.name_latin.text())

    # -- API -------------------------------------------------------------------------------

    def set_document_type(self, doc_type: DocumentType) -> None:
        self._type = doc_type
        foreign = doc_type in FOREIGN_TYPES
        self.name.setVisible(not foreign)
        self.name.set_validator(chinese_name_feedback)
        self.name_latin.setVisible(foreign)
        self.nationality.setVisible(foreign)
        mode = _KEYPAD_TYPES.get(doc_type, KeypadMode.ID_NUMBER)
        self.number.keypad_mode = mode
        self.keypad.set_mode(mode)
        self.number.revalidate()
        self.retranslate()

    @property
    def document_type(self) -> DocumentType:
        return self._type

    def set_birth_date(self, value: date | None) -> None:
        self._birth = value
        self._render_birth()

    def open_birth_picker(self) -> None:
        self.date_picker.set_range(EARLIEST_BIRTH, self._today())
        self.date_picker.set_date(self._birth or DEFAULT_BIRTH)
        self.birth_overlay.open()

    def form(self) -> DocumentData:
        sex = Sex.MALE if self.male.isChecked() else Sex.FEMALE if self.female.isChecked() else None
        foreign = self._type in FOREIGN_TYPES
        return DocumentData(
            document_number=normalize_document_number(self.number.text()),
            name="" if foreign else self.name.text().strip(),
            name_latin=self.name_latin.text().strip().upper() if foreign else "",
            nationality=self.nationality.text().strip().upper() if foreign else "",
            sex=sex,
            birth_date=self._birth,
        )

    def choose_sex(self, sex: Sex) -> None:
        (self.male if sex is Sex.MALE else self.female).setChecked(True)

    def submit(self) -> None:
        self.clear_field_errors()
        self.submitted.emit(self.form())

    def show_field_errors(self, errors: Sequence[FieldError]) -> None:
        """The flow's reasons, each under its field (with ✗, never colour alone)."""
        self.clear_field_errors()
        fields: dict[DocumentField, FormatField] = {
            DocumentField.DOCUMENT_NUMBER: self.number,
            DocumentField.NAME: self.name,
            DocumentField.NAME_LATIN: self.name_latin,
            DocumentField.NATIONALITY: self.nationality,
        }
        for error in errors:
            field = error.field
            if field in fields:
                fields[field].show_feedback(Feedback(FeedbackState.ERROR, error, error.rule))
            elif field is DocumentField.SEX:
                self.sex_feedback.setText("✗ " + error.reason(self.language.current))
                self.sex_feedback.show()
            elif field is DocumentField.BIRTH_DATE:
                self.birth_feedback.setText("✗ " + error.reason(self.language.current))
                self.birth_feedback.show()

    def clear_field_errors(self) -> None:
        self.sex_feedback.hide()
        self.birth_feedback.hide()

    def wipe(self) -> None:
        super().wipe()
        self.birth_overlay.close_overlay()
        for field in (self.number, self.name, self.name_latin, self.nationality):
            field.clear()
        self._sex_group.setExclusive(False)
        self.male.setChecked(False)
        self.female.setChecked(False)
        self._sex_group.setExclusive(True)
        self._birth = None
        self.clear_field_errors()
        self._render_birth()

    # -- internals -------------------------------------------------------------------------

    def _number_hint(self) -> str:
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
        return hints.get(self._type, self.tr("5-30 letters or digits"))

    def _number_changed(self, text: str) -> None:
        # A resident ID number holds the birth date: fill it in once the number is valid.
        if self._type is not DocumentType.RESIDENT_ID:
            return
        normalized = normalize_document_number(text)
        if len(normalized) == 18 and validate_resident_id(normalized).ok:
            digits = normalized[6:14]
            self.set_birth_date(date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])))
            self.choose_sex(Sex.MALE if int(normalized[16]) % 2 else Sex.FEMALE)

    def _render_sex(self) -> None:
        # The chosen one says so with a mark, not only with its colour.
        for button, text in ((self.male, self.tr("Male")), (self.female, self.tr("Female"))):
            button.setText(("✓ " if button.isChecked() else "") + text)

    def _birth_chosen(self) -> None:
        self.set_birth_date(self.date_picker.date())

    def _render_birth(self) -> None:
        if self._birth is None:
            self.birth_button.setText(self.tr("Choose…"))
        else:
            self.birth_button.setText(self._birth.isoformat())


def _row(parent: QWidget, widgets: Sequence[QWidget]) -> QWidget:
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(TOUCH_GAP_PX)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder
