"""Guards the PySide6 pin: 6.12.0 on CPython 3.11 drops one reference to None per void Qt
call (measured: 1000 QLabel.setText calls → getrefcount(None) 1000 lower), and a kiosk that
runs all day then aborts with "Fatal Python error: none_dealloc"."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("办税")
    # A few references may come and go with unrelated objects; a leak would be ~2000.
    assert abs(sys.getrefcount(None) - before) < 100
