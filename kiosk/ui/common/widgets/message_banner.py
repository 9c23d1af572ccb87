"""A message strip: error (red, "!" icon and the word 错误/Error), success (green), or note.

An error comes from its home (``kiosk.ui.common.text``): the shared catalog, a validator's
reason, or the screen's own words; the rule id is printed small for hall staff. The banner
keeps what it shows and renders it again on a language switch.
"""

from __future__ import annotations

import html
from enum import StrEnum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.ui.common.text import Shown, Text, render, rule_of
from kiosk.ui.common.widgets.status_icon import IconKind, StatusIcon
from kiosk.ui.i18n import LangSource
from kiosk.ui.theme import restyle


class BannerKind(StrEnum):
    NONE = "none"
    ERROR = "error"
    SUCCESS = "success"
    INFO = "info"


_ICONS = {
    BannerKind.ERROR: IconKind.ERROR,
    BannerKind.SUCCESS: IconKind.SUCCESS,
    BannerKind.INFO: IconKind.INFO,
}


class MessageBanner(QFrame):
    def __init__(self, language: LangSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._kind = BannerKind.NONE
        self._plain = ""
        self._shown: Shown | None = None
        self._rule: str | None = None
        self.setProperty("bannerKind", BannerKind.INFO.value)

        self._icon = StatusIcon(IconKind.INFO, self)
        self._word = ""
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setProperty("textRole", "body")
        self._text.setTextFormat(Qt.TextFormat.RichText)  # the bold word, then the message
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._small = QLabel(self)
        self._small.setProperty("textRole", "smallprint")

        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(self._text)
        column.addWidget(self._small)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(16)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    # -- what to show ------------------------------------------------------------------

    def show_error(self, error: Shown, *, rule: str | None = None) -> None:
        """A catalog error, a validator's reason, or the screen's own words (``rule``: the
        rule those apply, when it is not the catalog's)."""
        self._show(BannerKind.ERROR, error, rule or rule_of(error))

    def show_success(self, text: Text) -> None:
        self._show(BannerKind.SUCCESS, text, None)

    def show_info(self, text: Text) -> None:
        self._show(BannerKind.INFO, text, None)

    def clear(self) -> None:
        self._kind = BannerKind.NONE
        self._shown = None
        self._rule = None
        self._plain = ""
        self._text.clear()
        self._small.clear()
        self.hide()

    # -- reading back (tests, walkthrough) -----------------------------------------------

    @property
    def kind(self) -> BannerKind:
        return self._kind

    @property
    def rule(self) -> str | None:
        return self._rule

    def text(self) -> str:
        """The message as plain text (without the word 错误/Error)."""
        return self._plain

    def word(self) -> str:
        return self._word

    def small_print(self) -> str:
        return self._small.text()

    # -- internals ---------------------------------------------------------------------

    def _show(self, kind: BannerKind, shown: Shown, rule: str | None) -> None:
        self._kind = kind
        self._shown = shown
        self._rule = rule
        self.setProperty("bannerKind", kind.value)
        self._icon.set_kind(_ICONS[kind])
        for widget in (self, self._icon, self._text, self._small):
            restyle(widget)
        self._render()
        self.show()

    def _render(self) -> None:
        if self._shown is None:
            return
        self._word = {
            BannerKind.ERROR: self.tr("Error"),
            BannerKind.SUCCESS: self.tr("Done"),
            BannerKind.INFO: self.tr("Note"),
            BannerKind.NONE: "",
        }[self._kind]
        self._plain = render(self._shown, self._language.current)
        # The word goes with the colour and the icon, so colour never carries meaning alone.
        self._text.setText(f"<b>{html.escape(self._word)}</b>&emsp;{html.escape(self._plain)}")
        self._small.setText(self.tr("Rule {rule}").format(rule=self._rule) if self._rule else "")
        self._small.setVisible(bool(self._rule))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
