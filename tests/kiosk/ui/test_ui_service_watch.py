"""The home screen says when the service cannot be reached, and when it is back (issue 15)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.home import HomeScreen
from kiosk.ui.i18n import LanguageController
from kiosk.ui.service_watch import ServiceWatch


class Health:
    def __init__(self) -> None:
        self.up = True
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.up


@pytest.mark.expected_log(r"^kiosk\.ui\.service_watch: the account service cannot be reached")
def test_the_home_screen_follows_the_service(qtbot: QtBot, language: LanguageController) -> None:
    health = Health()
    home = HomeScreen(language)
    qtbot.addWidget(home)
    watch = ServiceWatch(health, interval_s=3600)
    watch.reachable_changed.connect(home.set_service_reachable)
    with qtbot.waitSignal(watch.reachable_changed, timeout=5000) as first:
        watch.start()
    assert first.args == [True]
    assert home.banner.kind is BannerKind.NONE
    health.up = False
    with qtbot.waitSignal(watch.reachable_changed, timeout=5000) as down:
        watch.check()
    assert down.args == [False]
    assert home.service_down
    assert home.banner.kind is BannerKind.ERROR
    assert "暂时无法连接账户服务" in home.banner.text()
    home.wipe()  # a session ended: still said
    assert home.banner.kind is BannerKind.ERROR
    with qtbot.assertNotEmitted(watch.reachable_changed, wait=200):
        watch.check()  # still down: said once, not again
    health.up = True
    with qtbot.waitSignal(watch.reachable_changed, timeout=5000):
        watch.check()
    assert home.banner.kind is BannerKind.NONE
    watch.stop()
    assert health.calls == 4
