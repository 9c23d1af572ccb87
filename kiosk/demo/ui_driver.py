"""A person's hands on the kiosk window, for the walkthrough, the UI tests and the
end-to-end driver: tap, type on the screen's keypad or on the on-screen keyboard (Latin
with Shift and symbols, or Pinyin and a candidate), and wait for a screen or for the
worker's answers on their signals while the event loop runs."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer, SignalInstance
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.ui.common.widgets.big_button import BigButton
from kiosk.ui.common.widgets.touch_keyboard import KeyboardLayout, TouchKeyboard, key_kind, keys
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.main_window import MainWindow

STEP_TIMEOUT_S = 30.0
KEY_SETTLE_MS = 30  # a key press is handled, the layout redrawn


class DriverError(AssertionError):
    """The screen did not do what the person expected; the text says what and where."""


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = STEP_TIMEOUT_S) -> None:
    """Run the event loop until ``condition`` holds (worker answers arrive as events)."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise DriverError(f"timed out waiting for {what}")
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def wait_on(
    signals: SignalInstance | Sequence[SignalInstance],
    condition: Callable[[], bool],
    what: str | Callable[[], str],
    timeout_s: float = STEP_TIMEOUT_S,
) -> None:
    """Run the event loop until ``condition`` holds, checking it each time one of
    ``signals`` fires."""
    if condition():
        return
    watched = [signals] if isinstance(signals, SignalInstance) else list(signals)
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if condition():
            loop.quit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    for signal in watched:
        signal.connect(check)
    try:
        # The condition may hold for a moment only (an answer shown, then the next call
        # started): it is checked again once the loop is back here.
        while not condition() and time.monotonic() < deadline:
            timer.start(max(1, int((deadline - time.monotonic()) * 1000)))
            loop.exec()
    finally:
        timer.stop()
        for signal in watched:
            signal.disconnect(check)
    if not condition():
        said = what if isinstance(what, str) else what()
        raise DriverError(f"timed out waiting for {said}")


def wait_until_idle(runner: TaskRunner, timeout_s: float = STEP_TIMEOUT_S) -> None:
    """Every flow call's answer is on screen (the worker said it is no longer busy)."""
    wait_on(runner.busy_changed, lambda: not runner.busy, "the worker's answers", timeout_s)


def wait_for_screen(window: MainWindow, screen: QWidget, timeout_s: float = STEP_TIMEOUT_S) -> None:
    """``screen`` is the one shown (the window said so)."""
    wait_on(
        window.screen_changed,
        lambda: window.current_screen() is screen,
        lambda: f"{type(screen).__name__} (showing {type(window.current_screen()).__name__})",
        timeout_s,
    )


def pump(ms: int = KEY_SETTLE_MS) -> None:
    deadline = time.monotonic() + ms / 1000
    loop = QEventLoop()
    while time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def tap(widget: QWidget, settle_ms: int = KEY_SETTLE_MS) -> None:
    """Press and release on ``widget``; then the event loop runs ``settle_ms`` (0: the
    caller looks at the state right after the tap)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    if settle_ms:
        pump(settle_ms)


class Keypad(Protocol):
    def button(self, key: str) -> BigButton: ...


def type_on_keypad(keypad: Keypad, text: str) -> None:
    for key in text:
        tap(keypad.button(key))


class KeyboardHands:
    """Types with the on-screen keyboard only, as a person would."""

    def __init__(self, keyboard: TouchKeyboard) -> None:
        self.keyboard = keyboard

    def open_on(self, field: QLineEdit) -> None:
        """Tap the field: the keyboard opens in the layout the field asks for."""
        tap(field)
        wait_for(self.keyboard.isVisible, "the on-screen keyboard to open", 5.0)

    def type(self, field: QLineEdit, text: str) -> None:
        """Letters, digits and the R-PW-2 symbols on the Latin layout."""
        self.open_on(field)
        if self.keyboard.layout_in_use is not KeyboardLayout.LATIN:
            raise DriverError(f"the keyboard opened in {self.keyboard.layout_in_use.name}")
        for char in text:
            self._type_char(char)

    def type_pinyin(self, field: QLineEdit, pinyin: str, hanzi: str) -> None:
        """Spell ``pinyin`` on the Pinyin layout and choose the candidate ``hanzi``."""
        self.open_on(field)
        if self.keyboard.layout_in_use is not KeyboardLayout.PINYIN:
            raise DriverError(f"the keyboard opened in {self.keyboard.layout_in_use.name}")
        for char in pinyin:
            self._press(self._letter(char))
        self._press(self._key(lambda item: key_kind(item) == "QQuickText" and _text(item) == hanzi))

    def press_key_of_kind(self, kind: str) -> None:
        """A function key by its QML type: ``ShiftKey``, ``ChangeLanguageKey``, ..."""
        self._press(self._key(lambda item: key_kind(item) == kind))

    # -- keys ------------------------------------------------------------------------------

    def _type_char(self, char: str) -> None:
        if char.isalpha():
            self._letters_page()
            if char.isupper() != self._uppercase():
                self._press(self._key(lambda item: key_kind(item) == "ShiftKey"))
            self._press(self._key(lambda item: _is_key(item) and _text(item) == char.lower()))
            return
        found = self._find(lambda item: _is_key(item) and _text(item) == char)
        if found is None and char not in " .,":
            self._symbols_page(char)
            found = self._key(lambda item: _is_key(item) and _text(item) == char)
        if found is None:
            found = self._key(lambda item: _is_key(item) and _text(item) == char)
        self._press(found)

    def _letter(self, char: str) -> QQuickItem:
        return self._key(lambda item: _is_key(item) and _text(item) == char)

    def _letters_page(self) -> None:
        if self._find(lambda item: _is_key(item) and _text(item) == "q") is None:
            self._press(self._key(lambda item: key_kind(item) == "SymbolModeKey"))

    def _symbols_page(self, char: str) -> None:
        if self._find(lambda item: _is_key(item) and _text(item) == "q") is not None:
            self._press(self._key(lambda item: key_kind(item) == "SymbolModeKey"))
        for _page in range(3):
            if self._find(lambda item: _is_key(item) and _text(item) == char) is not None:
                return
            self._press(self._key(lambda item: "/" in str(item.property("displayText") or "")))

    def _uppercase(self) -> bool:
        letter = self._key(lambda item: _is_key(item) and _text(item) == "q")
        return bool(letter.property("uppercased"))

    def _find(self, wanted: Callable[[QQuickItem], bool]) -> QQuickItem | None:
        return next((item for item in keys(self.keyboard) if wanted(item)), None)

    def _key(self, wanted: Callable[[QQuickItem], bool]) -> QQuickItem:
        found = self._find(wanted)
        if found is None:
            shown = sorted({_text(item) for item in keys(self.keyboard) if _is_key(item)})
            raise DriverError(f"no such key on the keyboard now; it shows {shown}")
        return found

    def _press(self, item: QQuickItem) -> None:
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        QTest.mouseClick(
            self.keyboard,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(int(centre.x()), int(centre.y())),
        )
        pump()


def _text(item: QQuickItem) -> str:
    value = item.property("text")
    return value if isinstance(value, str) else ""


def _is_key(item: QQuickItem) -> bool:
    return key_kind(item) in {"Key", "FlickKey"} and item.property("enabled") is not False
