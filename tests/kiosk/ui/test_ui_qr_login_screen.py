"""The QR code screen alone (R-QR-1, R-QR-2): code, countdown, expiry, refresh, wipe."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.protocol.messages import Lang
from kiosk.protocol.qr import QrPurpose
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.qr_login.screen import QrLoginScreen


def test_R_QR_1_screen_shows_code_countdown_and_expiry(
    qtbot: QtBot, language: LanguageController, tmp_path: Path
) -> None:
    language.set_language(Lang.EN)
    screen = QrLoginScreen(language)  # made in English: its texts come from the start
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.show_code("taxkiosk-qr:v1:abc", QrPurpose.VERIFY)
    screen.set_seconds_left(97)
    assert screen.code.has_code
    assert "97" in screen.countdown.text()
    assert "second step" in screen.prompt.text()
    # Nothing to touch while the code is valid: the scan is seen by itself.
    assert not screen.refresh_button.isVisible()
    screen.grab().save(str(tmp_path / "qr.png"))
    screen.show_expired()
    assert not screen.code.has_code
    assert "expired" in screen.countdown.text()
    assert screen.refresh_button.isVisible()
    with qtbot.waitSignal(screen.refresh_requested):
        screen.refresh_button.click()
    language.set_language(Lang.ZH)  # LanguageChange is posted: wait for it
    qtbot.waitUntil(lambda: screen.refresh_button.text() == "刷新二维码")
    assert "失效" in screen.countdown.text()
    screen.wipe()
    assert screen.countdown.text() == ""
    assert not screen.refresh_button.isVisible()
