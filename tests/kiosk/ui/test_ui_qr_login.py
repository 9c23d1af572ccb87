"""扫码登录 (R-QR-1) as screens, against the real account service over HTTP (SQLite).

The tax app's scan is the development simulator's route, called from the test thread
while the kiosk's long poll waits on the journey's worker. The tests wait for signals and
screens, never sleep; the service's clock is the ManualClock the test moves.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kiosk_ui_fakes import IdleClock
from pytestqt.qtbot import QtBot

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.qr import TaxApp
from kiosk.services.account_api import AccountApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.journeys.qr_login.journey import QrLoginJourney
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WAIT_MS = 15_000
QR_TTL_S = 120


def qr_journey(window: MainWindow) -> QrLoginJourney:
    assert window.qr is not None
    return window.qr


def open_qr_login(qtbot: QtBot, window: MainWindow) -> str:
    """Home → 自然人登录 → 扫码登录; returns the payload the QR code shows."""
    tap(window.home.tiles[next(iter(window.home.tiles))])
    credentials = window.login.credentials
    assert window.current_screen() is credentials
    assert credentials.qr_button.isVisible()
    assert credentials.qr_button.text() == "扫码登录"
    journey = qr_journey(window)
    with qtbot.waitSignal(journey.code_shown, timeout=WAIT_MS) as shown:
        tap(credentials.qr_button)
    assert window.current_screen() is journey.screen
    payload = shown.args[0]
    assert isinstance(payload, str) and payload.startswith("taxkiosk-qr:v1:")
    assert journey.screen.code.has_code
    assert journey.polling  # the long poll runs: nothing for the person to touch
    assert not journey.screen.refresh_button.isVisible()
    return payload


def scan_as_zhang(api: HttpAccountClient, payload: str) -> None:
    api.taxapp_scan(payload, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)


def test_R_QR_1_scan_logs_in_and_logout_ends_service_session(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    payload = open_qr_login(qtbot, window)
    journey = qr_journey(window)
    screen = journey.screen
    assert screen.title_label.text() == "扫码登录"
    assert "请使用税务App扫码登录" in screen.prompt.text()
    seconds = int("".join(ch for ch in screen.countdown.text() if ch.isdigit()))
    assert QR_TTL_S - 5 <= seconds <= QR_TTL_S  # the countdown of the code's 2 minutes

    scan_as_zhang(live_api, payload)  # the phone's side, while the kiosk polls

    home = window.logged_in.screen
    wait_for_screen(window, home)
    assert home.greeting.text() == "您好，张*"  # masked name only
    assert "110***********002X" in home.id_line.text()
    assert window.session.logged_in
    token = window.session.session_token
    assert token is not None
    assert live_api.current_person(token).name_masked == "张*"  # a live service session
    assert not journey.polling
    assert not screen.code.has_code

    assert home.main_action is not None
    tap(home.main_action)  # 退出登录
    assert window.current_screen() is window.home
    assert window.home.banner.kind is BannerKind.SUCCESS
    assert not window.session.logged_in
    wait_until_idle(journey.runner)
    with pytest.raises(UserError) as ended:
        live_api.current_person(token)  # the service session is over too (R-SE-1)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_R_QR_1_expired_code_offers_refresh_with_a_new_code(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> None:
    window = make_window(live_api)
    old = open_qr_login(qtbot, window)
    journey = qr_journey(window)
    screen = journey.screen

    with qtbot.waitSignal(journey.expired, timeout=WAIT_MS):
        manual_clock.advance(seconds=QR_TTL_S + 1)  # the poll in flight learns of it
    assert not screen.code.has_code
    assert "二维码已失效" in screen.countdown.text()
    assert screen.refresh_button.isVisible()
    assert screen.refresh_button.text() == "刷新二维码"
    assert not journey.polling
    with pytest.raises(UserError) as spent:
        scan_as_zhang(live_api, old)
    assert spent.value.code is ErrorCode.QR_EXPIRED

    with qtbot.waitSignal(journey.code_shown, timeout=WAIT_MS) as shown:
        tap(screen.refresh_button)
    new = shown.args[0]
    assert new != old
    assert screen.code.has_code
    assert not screen.refresh_button.isVisible()
    assert journey.polling

    scan_as_zhang(live_api, new)  # the new code works (and ends the poll)
    wait_for_screen(window, window.logged_in.screen)
    assert window.session.logged_in


def test_R_SE_1_leaving_the_qr_screen_stops_polling_and_a_late_scan_shows_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended: list[str] = []
    real_logout = live_api.logout

    def logout(session_token: str) -> None:  # the real call, remembered
        ended.append(session_token)
        real_logout(session_token)

    monkeypatch.setattr(live_api, "logout", logout)
    window = make_window(live_api)
    payload = open_qr_login(qtbot, window)
    journey = qr_journey(window)

    tap(journey.screen.back_button)
    assert window.current_screen() is window.login.credentials
    assert not journey.polling
    assert not journey.screen.code.has_code

    scan_as_zhang(live_api, payload)  # the poll still in flight sees it, for nobody
    wait_until_idle(journey.runner)
    assert window.current_screen() is window.login.credentials
    assert not window.session.logged_in
    assert journey.flow.state.challenge is None
    assert journey.flow.state.logged_in is None
    # The session the late scan made is ended on the service, not left to expire.
    assert len(ended) == 1
    with pytest.raises(UserError) as gone:
        live_api.current_person(ended[0])
    assert gone.value.code is ErrorCode.SESSION_INVALID


def test_R_SE_1_a_valid_code_holds_the_idle_timeout_and_leaving_releases_it(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient, idle_clock: IdleClock
) -> None:
    """The code lives 120 s, the idle timeout is 90 s: while a valid code is on screen the
    person is at the phone, so no idle warning; back on the login screen it counts again."""
    window = make_window(live_api)
    open_qr_login(qtbot, window)
    journey = qr_journey(window)
    idle_clock.advance(85)  # past the warning (70 s) on an ordinary screen
    with qtbot.waitSignal(journey.code_alive, timeout=WAIT_MS):
        pass  # the countdown's next second
    window.idle.poll()
    assert not window.idle.warning.isVisible()
    assert window.current_screen() is journey.screen
    tap(journey.screen.back_button)
    assert window.current_screen() is window.login.credentials
    idle_clock.advance(75)
    window.idle.poll()
    assert window.idle.warning.isVisible()
