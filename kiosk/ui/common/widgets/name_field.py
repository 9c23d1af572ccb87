"""A name field typed with Qt Virtual Keyboard: Chinese names by Pinyin, foreign names in Latin.

The keyboard reads the focused field's input-method hints. A Chinese name must leave word
prediction on (Pinyin *is* prediction: letters in, characters chosen from candidates) and
must not ask for Latin; the field's locale is zh_CN. A foreign name asks for Latin upper-case
letters without prediction (names as printed in the passport's machine-readable zone).
"""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.common.widgets.format_field import FormatField, Validator, _no_check
from kiosk.ui.i18n import LangSource

NAME_MAX = 60


class NameScript(Enum):
    CHINESE = auto()  # 汉字, typed by Pinyin
    LATIN = auto()  # foreign names


CHINESE_HINTS = Qt.InputMethodHint.ImhNoAutoUppercase
LATIN_HINTS = (
    Qt.InputMethodHint.ImhPreferLatin
    | Qt.InputMethodHint.ImhPreferUppercase
    | Qt.InputMethodHint.ImhNoPredictiveText
)


class NameField(FormatField):
    def __init__(
        self,
        language: LangSource,
        *,
        script: NameScript = NameScript.CHINESE,
        validator: Validator = _no_check,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(language, validator=validator, max_length=NAME_MAX, parent=parent)
        self.script = script
        self.set_script(script)

    def set_script(self, script: NameScript) -> None:
        self.script = script
        edit = self.line_edit
        if script is NameScript.CHINESE:
            edit.setInputMethodHints(CHINESE_HINTS)
            edit.setLocale(QLocale("zh_CN"))
        else:
            edit.setInputMethodHints(LATIN_HINTS)
            edit.setLocale(QLocale("en_US"))
