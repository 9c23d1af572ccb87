"""Touch input that works for every field (issue 15, ui.md "Input"): the kiosk's own
on-screen keyboard, typed on key by key as a person would, against the real service.

Reproduced before: the keyboard opened in Pinyin with no Shift key, so ``Zhang@2024`` could
not be typed; it listed forty languages; it covered the field and the 下一步 bar at 1280x800;
and the next person found the last person's language. Run offscreen here, and in a real X
window by ``test_the_keyboard_works_in_a_real_x_window`` (Xvfb).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import KeyboardHands, tap, type_on_keypad, wait_for
from kiosk.domain.documents import DocumentType
from kiosk.domain.passwords import SPECIALS
from kiosk.flows.login import LoginFlow
from kiosk.protocol.messages import Lang
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.touch_keyboard import KeyboardLayout, TouchKeyboard, key_kind, keys
from kiosk.ui.i18n import LanguageController
from kiosk.ui.main_window import EndReason, MainWindow

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
SIZES = [(1280, 800), (1920, 1080), (1080, 1920)]  # ui.md: landscape, full HD, portrait


@pytest.fixture
def window(
    qtbot: QtBot,
    language: LanguageController,
    kiosk_session: KioskSession,
    live_api: HttpAccountClient,
) -> Iterator[MainWindow]:
    window = MainWindow(
        flow=LoginFlow(live_api),
        session=kiosk_session,
        language=language,
        self_service=live_api,
        keyboard=TouchKeyboard(),
    )
    qtbot.addWidget(window)
    window.resize_for(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.shutdown()


def in_popup_list(item: QQuickItem) -> bool:
    parent = item.parentItem()
    while parent is not None:
        if key_kind(parent) == "PopupList":
            return True
        parent = parent.parentItem()
    return False


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def assert_in_view_above_the_keyboard(window: MainWindow, *widgets: QWidget) -> None:
    keyboard = window.keyboard
    assert keyboard is not None and keyboard.isVisible()
    top_of_keyboard = global_rect(keyboard).top()
    inside = global_rect(window)
    for widget in widgets:
        rect = global_rect(widget)
        assert widget.isVisible()
        assert inside.contains(rect), f"{widget.objectName()} {rect} outside {inside}"
        assert rect.bottom() < top_of_keyboard, f"{widget.objectName()} under the keyboard"
        # and not scrolled out of the body's view
        screen = window.current_screen()
        if screen.body.isAncestorOf(widget):
            viewport = global_rect(screen.body_scroll.viewport())
            assert viewport.contains(rect), f"{widget.objectName()} scrolled out of view"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_zhang_at_2024_is_typed_with_the_keyboard_alone_and_logs_in(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, width: int, height: int
) -> None:
    """R-PW-2: the password field opens the Latin layout, with Shift and the symbols; the
    field and 下一步 stay in view above the keyboard."""
    window.resize_for(width, height)
    hands = KeyboardHands(window.keyboard or TouchKeyboard())
    window.start_login()
    credentials = window.login.credentials
    tap(credentials.identifier.line_edit)
    type_on_keypad(credentials.keypad, ZHANG.document_number)
    password = credentials.password.line_edit
    hands.type(password, ZHANG.password)
    assert ZHANG.password == "Zhang@2024"
    assert password.text() == "Zhang@2024"
    assert_in_view_above_the_keyboard(window, password, credentials.next_button)
    assert (window.width(), window.height()) == (width, height)
    window.grab().save(str(tmp_path / f"password-{width}x{height}.png"))
    with qtbot.waitSignal(window.runner.task_finished, timeout=15_000):
        tap(credentials.next_button)
    assert window.current_screen() in (window.login.sms, window.login.factor_choice)


def test_every_r_pw_2_special_character_can_be_typed(window: MainWindow) -> None:
    hands = KeyboardHands(window.keyboard or TouchKeyboard())
    window.start_login()
    password = window.login.credentials.password.line_edit
    text = "Ab1" + "".join(sorted(SPECIALS))
    hands.type(password, text)
    assert password.text() == text


def test_a_chinese_name_is_typed_in_pinyin_and_the_keyboard_offers_only_two_languages(
    window: MainWindow, tmp_path: Path
) -> None:
    keyboard = window.keyboard
    assert keyboard is not None
    hands = KeyboardHands(keyboard)
    window.journeys.registration.start()
    registration = window.registration
    assert registration is not None
    registration.document.choose_type(DocumentType.RESIDENT_ID)
    name = registration.document.name.line_edit
    hands.type_pinyin(name, "zhang", "张")
    hands.type_pinyin(name, "san", "三")
    assert name.text() == "张三"
    assert_in_view_above_the_keyboard(window, name)
    window.grab().save(str(tmp_path / "pinyin-name-1280x800.png"))
    # The language key offers 中文 and English: never a list of forty.
    hands.press_key_of_kind("ChangeLanguageKey")

    def choices() -> list[QQuickItem]:
        return [
            item
            for item in keys(keyboard)
            if key_kind(item) == "SelectionListItem" and in_popup_list(item)
        ]

    wait_for(lambda: len(choices()) > 0, "the list of languages", 5.0)
    names = {
        str(text.property("text"))
        for choice in choices()
        for text in choice.childItems()
        if key_kind(text) == "QQuickText"
    }
    assert len(choices()) == 2
    assert names == {"简体中文", "American English"}


def test_digit_fields_use_the_keypad_and_open_no_keyboard(window: MainWindow) -> None:
    window.start_login()
    credentials = window.login.credentials
    type_on_keypad(credentials.keypad, ZHANG.document_number)
    hands = KeyboardHands(window.keyboard or TouchKeyboard())
    hands.type(credentials.password.line_edit, ZHANG.password)
    credentials.submit()
    login = window.login
    wait_for(lambda: window.current_screen() in (login.sms, login.factor_choice), "the SMS step")
    if window.current_screen() is login.factor_choice:
        from kiosk.flows.login import Factor  # noqa: PLC0415

        login.choose_factor(Factor.SMS)
        wait_for(lambda: window.current_screen() is login.sms, "the SMS step")
    tap(login.sms.code.line_edit)
    assert window.keyboard is not None
    assert not window.keyboard.isVisible()


def test_a_new_session_after_an_idle_logout_starts_in_chinese_with_the_default_layout(
    window: MainWindow, language: LanguageController
) -> None:
    keyboard = window.keyboard
    assert keyboard is not None
    window.set_language(Lang.EN)
    window.start_login()
    KeyboardHands(keyboard).type(window.login.credentials.password.line_edit, "abc")
    assert keyboard.layout_in_use is KeyboardLayout.LATIN
    window.end_session(EndReason.IDLE)
    assert language.current is Lang.ZH
    assert keyboard.layout_in_use is KeyboardLayout.PINYIN
    assert not keyboard.isVisible()
    assert window.login.credentials.password.text() == ""


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None and not os.environ.get("CI"),
    reason="no xvfb-run (Debian xvfb; ./dev installs it): CI fails instead",
)
def test_the_keyboard_works_in_a_real_x_window(tmp_path: Path) -> None:
    """The same tests in a real X11 window (Xvfb, the xcb platform), not offscreen."""
    if os.environ.get("KIOSK_KEYBOARD_IN_XVFB"):
        pytest.skip("already running inside Xvfb")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "KIOSK_KEYBOARD_IN_XVFB": "1",
    }
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "pytest",
         "-q", "-p", "no:cacheprovider", __file__, "-k", "not real_x_window"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "7 passed" in done.stdout
