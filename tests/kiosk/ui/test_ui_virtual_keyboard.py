"""No step may need a physical keyboard: letters come from Qt Virtual Keyboard.

The keyboard is QML; its components link QtMultimedia, which needs Debian's libpulse0.
Without it the kiosk silently shows no keyboard at all ("No module named
QtQuick.VirtualKeyboard"), which only a real window would reveal — so load it here.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from pytestqt.qtbot import QtBot

from kiosk.ui.common.widgets.digit_keypad import KeypadMode
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController


# QtMultimedia probes for PipeWire, absent on a kiosk without audio: harmless.
@pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) pipewire")
def test_virtual_keyboard_qml_module_loads(qtbot: QtBot) -> None:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    # Importing resolves the module and loads its plugins (where libpulse0 is needed);
    # creating an InputPanel would also start audio back-ends that warn on a server.
    component.setData(b"import QtQuick\nimport QtQuick.VirtualKeyboard\nItem { }", QUrl())
    assert component.isReady(), component.errorString()


def test_password_field_asks_for_latin_letters_not_the_numbers_layout(
    qtbot: QtBot, language: LanguageController
) -> None:
    """R-PW-2 passwords mix letters, digits and specials: the keyboard opens on letters."""
    field = FormatField(language, keypad_mode=KeypadMode.DIGITS, secret=True)
    qtbot.addWidget(field)
    hints = field.line_edit.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhPreferLatin
    assert hints & Qt.InputMethodHint.ImhHiddenText
    assert not hints & Qt.InputMethodHint.ImhPreferNumbers
