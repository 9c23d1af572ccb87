"""Which layout each kind of field opens (ui.md "Input"): a pure choice from the hints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.common.widgets.format_field import (
    KEYPAD_ONLY_HINTS,
    LETTERS_AND_DIGITS_HINTS,
    USERNAME_HINTS,
)
from kiosk.ui.common.widgets.name_field import CHINESE_HINTS, LATIN_HINTS
from kiosk.ui.common.widgets.touch_keyboard import KeyboardLayout, layout_for
from kiosk.ui.journeys.staff.login import STAFF_NUMBER_HINTS

H = Qt.InputMethodHint
PASSWORD_HINTS = H.ImhHiddenText | H.ImhSensitiveData | H.ImhNoPredictiveText | H.ImhPreferLatin


@pytest.mark.parametrize(
    ("hints", "layout"),
    [
        (KEYPAD_ONLY_HINTS, None),  # phone numbers, SMS codes: the keypad
        (PASSWORD_HINTS, KeyboardLayout.LATIN),  # R-PW-2: letters, digits, symbols
        (USERNAME_HINTS, KeyboardLayout.LATIN),
        (LETTERS_AND_DIGITS_HINTS, KeyboardLayout.LATIN),  # document numbers, login names
        (STAFF_NUMBER_HINTS, KeyboardLayout.LATIN),
        (LATIN_HINTS, KeyboardLayout.LATIN),  # a foreigner's name
        (CHINESE_HINTS, KeyboardLayout.PINYIN),
        (H.ImhNone, KeyboardLayout.PINYIN),  # free text: an exception's reason
    ],
)
def test_each_field_opens_the_layout_its_content_needs(
    hints: Qt.InputMethodHint, layout: KeyboardLayout | None
) -> None:
    assert layout_for(hints) is layout
