"""Certificate journey, step 1: insert the medium (R-AC-3: it must be in).

Says what the card layer sees — no reader, the smart-card service down, a medium that is
not a tax certificate medium — and, with several readers, lets the person pick one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController

MAX_READER_BUTTONS = 4


class CertificateInsertScreen(FlowScreen):
    read_requested = Signal()
    reader_chosen = Signal(str)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._readers: list[str] = []
        self._chosen: str | None = None
        self.prompt = QLabel(self.body)
        self.prompt.setObjectName("insertPrompt")
        self.prompt.setProperty("textRole", "heading")
        self.prompt.setWordWrap(True)
        self.kinds = QLabel(self.body)
        self.kinds.setProperty("textRole", "body")
        self.kinds.setWordWrap(True)
        self.readers_heading = QLabel(self.body)
        self.readers_heading.setProperty("textRole", "label")
        self.reader_buttons: list[BigButton] = []
        for index in range(MAX_READER_BUTTONS):
            button = BigButton(parent=self.body)
            button.setObjectName(f"reader{index}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=index: self._choose(i))
            button.hide()
            self.reader_buttons.append(button)
        self.body_layout.addWidget(self.prompt)
        self.body_layout.addWidget(self.kinds)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(self.readers_heading)
        self.body_layout.addWidget(
            column_of(self.body, self.reader_buttons, spacing=12), 0, Qt.AlignmentFlag.AlignLeft
        )
        self.body_layout.addStretch(1)
        self.read_button = BigButton(role=ButtonRole.PRIMARY)
        self.read_button.clicked.connect(self.read_requested)
        self.set_main_action(self.read_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Tax digital certificate")

    def help_text(self) -> str:
        return self.tr(
            "Insert your Tax UKey, 金税盘 or 税控盘 into the reader. The certificate is read "
            "by itself; tap Read the medium if it was already in. Removing the medium ends "
            "the session at once."
        )

    def show_readers(self, readers: list[str], chosen: str | None) -> None:
        self._readers = readers[:MAX_READER_BUTTONS]
        self._chosen = chosen
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        self.prompt.setText(self.tr("Please insert your certificate medium"))
        self.kinds.setText(self.tr("Tax UKey (税务UKey), 金税盘 or 税控盘"))
        several = len(self._readers) > 1
        self.readers_heading.setVisible(several)
        self.readers_heading.setText(self.tr("Several readers: which one holds your medium?"))
        for index, button in enumerate(self.reader_buttons):
            if several and index < len(self._readers):
                button.setText(self._readers[index])
                button.setChecked(self._readers[index] == self._chosen)
                button.show()
            else:
                button.hide()
        self.read_button.setText(self.tr("Read the medium"))

    def _choose(self, index: int) -> None:
        if index < len(self._readers):
            self._chosen = self._readers[index]
            self.retranslate_screen()
            self.reader_chosen.emit(self._readers[index])
