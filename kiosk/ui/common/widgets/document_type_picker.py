"""The 12 document types (R-ID-2) as large touch buttons, in two groups: the 7 that may
register directly and the 5 that need hall collection first. Names from the domain."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.documents import DIRECT_TYPES, HALL_FIRST_TYPES, DocumentType, label
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.i18n import LangSource

WIDE_COLUMNS = 4  # 1920 px and wider
MEDIUM_COLUMNS = 3  # 1280 px
NARROW_COLUMNS = 2  # portrait
WIDE_PX = 1600


class DocumentTypePicker(QWidget):
    chosen = Signal(object)  # DocumentType

    def __init__(self, language: LangSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._columns = 0
        self.buttons: dict[DocumentType, BigButton] = {}
        self.direct_heading = QLabel(self)
        self.direct_heading.setProperty("textRole", "label")
        self.hall_heading = QLabel(self)
        self.hall_heading.setProperty("textRole", "label")
        for heading in (self.direct_heading, self.hall_heading):
            heading.setWordWrap(True)
        self._grids: list[tuple[QGridLayout, tuple[DocumentType, ...]]] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(TOUCH_GAP_PX)
        for heading, types in (
            (self.direct_heading, DIRECT_TYPES),
            (self.hall_heading, HALL_FIRST_TYPES),
        ):
            holder = QWidget(self)
            grid = QGridLayout(holder)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(TOUCH_GAP_PX)
            for doc_type in types:
                button = BigButton(role=ButtonRole.SECONDARY, parent=holder)
                button.setObjectName(f"doc_{doc_type.value.lower()}")
                button.setProperty("choice", "document")
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                button.clicked.connect(lambda _c=False, t=doc_type: self.chosen.emit(t))
                self.buttons[doc_type] = button
            self._grids.append((grid, types))
            column.addWidget(heading)
            column.addWidget(holder)
        self.set_columns(WIDE_COLUMNS)
        self.retranslate()

    def set_columns(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for grid, types in self._grids:
            for index, doc_type in enumerate(types):
                button = self.buttons[doc_type]
                grid.removeWidget(button)
                grid.addWidget(button, index // columns, index % columns)
            for col in range(max(WIDE_COLUMNS, columns)):
                grid.setColumnStretch(col, 1 if col < columns else 0)

    def retranslate(self) -> None:
        lang = self._language.current
        self.direct_heading.setText(self.tr("Documents that can also register directly"))
        self.hall_heading.setText(self.tr("Documents that need hall collection first"))
        for doc_type, button in self.buttons.items():
            # Long English names wrap onto two lines instead of widening the screen.
            button.setText(_wrap(label(doc_type, lang)))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


LATIN_LINE = 24  # characters per line of an English name
CJK_LINE = 8  # characters per line of a Chinese name


def _wrap(text: str) -> str:
    """Lines short enough for a button in a 3- or 4-column grid, balanced in length."""
    if " " not in text:  # Chinese: no spaces, break between characters
        lines = -(-len(text) // CJK_LINE)
        size = -(-len(text) // lines)
        return "\n".join(text[i : i + size] for i in range(0, len(text), size))
    return "\n".join(textwrap.wrap(text, LATIN_LINE))
