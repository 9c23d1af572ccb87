"""R-SE-1: the idle countdown, "continue", and the wipe of screens and memory at 0."""

from __future__ import annotations

from collections.abc import Callable

from kiosk_ui_fakes import FakeApi, IdleClock
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.flows.login import LoginStep
from kiosk.services.account_api import AccountApi
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.main_window import EndReason, MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]


def test_idle_warning_counts_down_and_continue_keeps_the_entries(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi, idle_clock: IdleClock
) -> None:
    window = make_window(fake_api)
    window.start_login()
    screen = window.login.credentials
    screen.identifier.set_text("11010519491231002X")
    idle_clock.advance(75)
    window.idle.poll()
    assert window.idle.warning.isVisible()
    assert window.idle.warning.countdown.text() == "15"
    assert "15 秒后将自动退出" in window.idle.warning.body()
    assert screen.idle_label.isVisible() and "15" in screen.idle_label.text()
    qtbot.mouseClick(window.idle.warning.button("continue"), Qt.MouseButton.LeftButton)
    assert not window.idle.warning.isVisible()
    window.idle.poll()
    assert not window.idle.warning.isVisible() and not screen.idle_label.isVisible()
    assert screen.identifier.text() == "11010519491231002X"


def test_idle_expiry_logs_out_and_wipes_screens_and_memory(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi, idle_clock: IdleClock
) -> None:
    window = make_window(fake_api)
    flow = window.login.flow
    window.start_login()
    credentials = window.login.credentials
    credentials.identifier.set_text("11010519491231002X")
    credentials.password.set_text("Zhang@2024")
    credentials.submit()
    wait_for_screen(window, window.login.sms)
    tap(window.login.sms.request_button)
    wait_until_idle(window.runner)
    window.login.sms.code.set_text("123456")
    window.login.sms.submit()
    wait_for_screen(window, window.logged_in.screen)
    assert window.session.logged_in and flow.state.logged_in is not None

    idle_clock.advance(71)
    window.idle.poll()
    assert window.idle.warning.isVisible() and window.idle.warning.seconds == 19
    idle_clock.advance(19)
    with qtbot.waitSignal(window.session_ended) as ended:
        window.idle.poll()
    assert ended.args == [EndReason.IDLE]
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    assert not window.idle.warning.isVisible()
    assert window.home.banner.kind is BannerKind.INFO
    # memory: the session, the flow
    assert not window.session.logged_in
    assert flow.state.logged_in is None and flow.step is LoginStep.CREDENTIALS
    assert fake_api.calls[-1] == "logout"  # the service session is ended too
    # screens: nothing of the person remains
    assert window.logged_in.screen.person is None
    assert window.logged_in.screen.greeting.text() == ""
    assert credentials.identifier.text() == "" and credentials.password.text() == ""
    assert window.login.sms.code.text() == ""


def test_no_countdown_on_the_home_screen(
    make_window: WindowFactory, fake_api: FakeApi, idle_clock: IdleClock
) -> None:
    window = make_window(fake_api)
    idle_clock.advance(500)
    window.idle.poll()
    assert not window.idle.warning.isVisible()
    assert window.current_screen() is window.home


def test_home_asks_before_dropping_entered_data(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    window = make_window(fake_api)
    window.start_login()
    screen = window.login.credentials
    screen.identifier.set_text("1101")
    qtbot.mouseClick(screen.home_button, Qt.MouseButton.LeftButton)
    assert screen.home_confirm.isVisible()
    assert "清除" in screen.home_confirm.body()
    qtbot.mouseClick(screen.home_confirm.button("stay"), Qt.MouseButton.LeftButton)
    assert window.current_screen() is screen and screen.identifier.text() == "1101"
    qtbot.mouseClick(screen.home_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.home_confirm.button("leave"), Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.home
    assert screen.identifier.text() == ""


def test_coming_soon_entries_say_so_politely(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    window = make_window(fake_api)
    for entry, tile in list(window.home.tiles.items())[1:]:
        assert "即将开放" in tile.text()
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert window.home.coming_soon.isVisible(), entry
        assert "请咨询大厅工作人员" in window.home.coming_soon.body()
        qtbot.mouseClick(window.home.coming_soon.button("close"), Qt.MouseButton.LeftButton)
        assert window.current_screen() is window.home
