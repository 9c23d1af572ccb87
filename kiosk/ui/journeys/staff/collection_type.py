"""Collection step 1: which document the person brought (all 12 types, R-ID-2)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import WIDE_WINDOW_PX
from kiosk.ui.common.widgets.document_type_picker import (
    MEDIUM_COLUMNS,
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    WIDE_PX,
    DocumentTypePicker,
)
from kiosk.ui.i18n import LanguageController


class CollectionTypeScreen(FlowScreen):
    chosen = Signal(object)  # DocumentType

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.picker = DocumentTypePicker(language, self.body)
        self.picker.chosen.connect(self.chosen)
        self.body_layout.addWidget(self.picker)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.disable_while_busy(self.picker)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Real-name collection")

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of the document the person shows you. Foreign passports, work "
            "permits and other documents must be collected here before the person can register."
        )

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
