"""Every screen rendered offscreen: Chinese glyphs really drawn, nothing clipped at 1280x800,
text sizes from ui.md, and theme contrast (WCAG AA)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator

import pytest
from kiosk_ui_fakes import ZHANG_PERSON, FakeApi
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFontInfo, QFontMetrics, QImage, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.exceptions import TimeoutError as QtBotTimeout
from pytestqt.qtbot import QtBot

from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.account_api import AccountApi
from kiosk.ui.fonts import FAMILY
from kiosk.ui.main_window import MainWindow
from kiosk.ui.paths import THEME_FILE
from kiosk.ui.theme import apply_theme, load_stylesheet

WindowFactory = Callable[[AccountApi], MainWindow]
SIZES = ((1280, 800), (1920, 1080), (1080, 1920))


def screens_with_content(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Each screen filled the way a person meets it (errors and all)."""
    window.go_home()
    window.home.banner.show_success(
        lambda: QCoreApplication.translate(
            "MainWindow", "You have logged out. Nothing of your visit is kept."
        )
    )
    yield "home", window.home
    login = window.login
    login.start()
    login.credentials.identifier.set_text("110105194912310021")
    login.credentials.banner.show_error(
        UserError(ErrorCode.ACCOUNT_LOCKED, {"unlock_at": "2026-11-23T00:00:00+08:00"})
    )
    yield "credentials", login.credentials
    login.sms.prepare("138****0001")
    login.sms.code_sent(SmsSent(phone_masked="138****0001", resend_after_s=60, expires_in_s=300))
    login.sms.code.set_text("1234")
    window.show_screen(login.sms)
    yield "sms", login.sms
    login.sms.banner.show_error(UserError(ErrorCode.SMS_CODE_VOID))
    yield "sms-error", login.sms
    change = login.change_password
    change.new_password.set_text("abc def")  # every R-PW-2 problem at once, as typed
    change.confirm.set_text("abc")
    window.show_screen(change)
    yield "change-password", change
    change.new_password.set_text("Li076528@")  # valid form, refused by the service
    change.confirm.set_text("Li076528@")
    change.banner.show_error(UserError(ErrorCode.PASSWORD_SAME_AS_INITIAL))
    yield "change-password-error", change
    login.password_changed.announce()
    window.show_screen(login.password_changed)
    yield "password-changed", login.password_changed
    window.logged_in.screen.show_person(ZHANG_PERSON)
    window.show_screen(window.logged_in.screen)
    yield "logged-in", window.logged_in.screen
    window.idle.warning.show_seconds(20)
    yield "idle-warning", window.idle.warning
    window.idle.warning.close_overlay()
    assert window.tester_panel is not None
    window.show_screen(window.tester_panel)
    yield "tester-panel", window.tester_panel


def clipped(root: QWidget) -> list[str]:
    """Visible text widgets smaller than their text needs (sizeHint vs size)."""
    found = []
    for widget in root.findChildren(QWidget):
        # Line edits scroll their text rather than clip it; labels and buttons must fit.
        if not widget.isVisibleTo(root) or not isinstance(widget, QLabel | QAbstractButton):
            continue
        need = widget.minimumSizeHint()
        need_height = (
            widget.heightForWidth(widget.width()) if widget.hasHeightForWidth() else need.height()
        )
        text = widget.text()
        if widget.width() < need.width() or widget.height() < need_height:
            found.append(f"{type(widget).__name__} {text!r}: {widget.size()} < {need}")
    return found


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_screen_is_clipped_or_grows_beyond_the_display(
    qtbot: QtBot,
    make_window: WindowFactory,
    fake_api: FakeApi,
    lang: Lang,
    size: tuple[int, int],
) -> None:
    window = make_window(fake_api)
    window.set_language(lang)
    window.resize_for(*size)
    for name, screen in screens_with_content(window):
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        window.resize_for(*size)
        # Language and layout changes arrive as posted events: wait for them to settle.
        with contextlib.suppress(QtBotTimeout):
            qtbot.waitUntil(lambda s=screen: clipped(s) == [], timeout=2000)
        assert clipped(screen) == [], name
        assert window.size().toTuple() == size, name


def test_chinese_glyphs_render_in_the_explicit_font(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    window = make_window(fake_api)
    tile = next(iter(window.home.tiles.values()))
    assert tile.text() == "自然人业务"
    font = tile.font()
    assert QFontInfo(font).family() == FAMILY
    metrics = QFontMetrics(font)
    raw = QRawFont.fromFont(font)
    for char in "自然人业务办税自助终端，。（）：“”":
        assert metrics.inFontUcs4(ord(char)), char
        assert raw.supportsCharacter(ord(char)), char

    for name, screen in screens_with_content(window):
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        labels = [
            w
            for w in screen.findChildren(QLabel)
            if w.isVisibleTo(screen) and re.search(r"[\u4e00-\u9fff]", w.text())
        ]
        assert labels, name
        for label in labels:
            for char in set(re.findall(r"[\u4e00-\u9fff]", label.text())):
                assert QFontMetrics(label.font()).inFontUcs4(ord(char)), (name, char)
        title = screen.findChild(QLabel, "screenTitle") if name != "idle-warning" else None
        target = title if title is not None else labels[0]
        assert ink_pixels(target.grab().toImage()) > 200, name


def ink_pixels(image: QImage) -> int:
    """How many pixels differ clearly from the corner colour (the background)."""
    background = QColor(image.pixel(0, 0))
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = QColor(image.pixel(x, y))
            if abs(pixel.lightness() - background.lightness()) > 60:
                count += 1
    return count


def test_text_sizes_follow_the_conventions(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    """ui.md: body text at least 24 px, titles at least 36 px (small print excepted)."""
    window = make_window(fake_api)
    for name, screen in screens_with_content(window):
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        for widget in screen.findChildren(QWidget):
            if not isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                continue
            if not widget.isVisibleTo(screen) or widget.property("textRole") == "smallprint":
                continue
            size = QFontInfo(widget.font()).pixelSize()
            minimum = 36 if widget.property("textRole") in ("title", "heading") else 24
            assert size >= minimum, (name, type(widget).__name__, widget.objectName(), size)


def relative_luminance(hex_colour: str) -> float:
    colour = QColor(hex_colour)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_theme_text_contrast_is_at_least_4_5() -> None:
    """ui.md: text contrast >= 4.5:1 for every rule that sets both colours."""
    qss = THEME_FILE.read_text(encoding="utf-8")
    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background-color:\s*(#[0-9a-fA-F]{6})", body)
        if fg and bg:
            checked += 1
            ratio = contrast(fg.group(1), bg.group(1))
            assert ratio >= 4.5, (selector.strip(), ratio)
    assert checked >= 15


def test_large_type_scales_every_size_by_1_25() -> None:
    normal = load_stylesheet(1.0)
    large = load_stylesheet(1.25)
    assert "font-size: 24px" in normal and "font-size: 30px" in large
    assert "min-height: 60px" in normal and "min-height: 75px" in large


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
def test_large_type_fits_the_design_resolution(
    qtbot: QtBot, qapp: QApplication, make_window: WindowFactory, fake_api: FakeApi, lang: Lang
) -> None:
    """ui.md: the large-type setting scales everything by 1.25; at 1920x1080 nothing clips."""
    apply_theme(qapp, large_type=True)
    try:
        window = make_window(fake_api)
        window.set_language(lang)
        for name, screen in screens_with_content(window):
            qtbot.waitUntil(lambda s=screen: s.isVisible())
            window.resize_for(1920, 1080)
            with contextlib.suppress(QtBotTimeout):
                qtbot.waitUntil(lambda s=screen: clipped(s) == [], timeout=2000)
            assert clipped(screen) == [], name
            assert window.size().toTuple() == (1920, 1080), name
        body = window.home.intro
        assert QFontInfo(body.font()).pixelSize() >= 32  # 26 px x 1.25
    finally:
        apply_theme(qapp)
