"""The login journey as screens, against the real account service over HTTP (SQLite).

The person's gestures are simulated: digits through the on-screen keypad, letters as key
presses (what the virtual keyboard sends), taps on the main action. Answers come back
from the worker thread; the tests wait for the screen, never sleep.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_until_idle
from kiosk.flows.login import Factor, LoginStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.account_api import AccountApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password and p.phone)
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
WAIT_MS = 15_000


def enter_credentials(qtbot: QtBot, window: MainWindow, document: str, password: str) -> None:
    screen = window.login.credentials
    tap(screen.identifier.line_edit)
    type_on_keypad(screen.keypad, document)
    tap(screen.password.line_edit)
    qtbot.keyClicks(screen.password.line_edit, password)  # the virtual keyboard's keys
    assert screen.main_action is not None
    tap(screen.main_action)
    wait_until_idle(window.runner)
    choose_sms_if_asked(qtbot, window)


def choose_sms_if_asked(qtbot: QtBot, window: MainWindow) -> None:
    """R-2F-1: with QR verification on this terminal the person picks the second factor;
    these tests take the SMS code (the choice has its own tests)."""
    choice = window.login.factor_choice
    if window.current_screen() is choice:
        tap(choice.buttons[Factor.SMS])
        wait_until_idle(window.runner)


def start(qtbot: QtBot, window: MainWindow) -> None:
    tap(window.home.tiles[next(iter(window.home.tiles))])
    assert window.current_screen() is window.login.credentials


def request_and_enter_code(
    qtbot: QtBot, window: MainWindow, api: HttpAccountClient, phone: str
) -> None:
    sms = window.login.sms
    tap(sms.request_button)
    wait_until_idle(window.runner)
    assert sms.banner.kind is BannerKind.SUCCESS, sms.banner.text()
    assert sms.request_button.seconds() > 0  # R-2F-3: the resend countdown runs
    assert not sms.request_button.isEnabled()
    code = api.sms_outbox(phone=phone, limit=1)[0].code
    type_on_keypad(sms.keypad, code)
    assert sms.main_action is not None
    tap(sms.main_action)
    wait_until_idle(window.runner)


def test_id_number_login_sms_logged_in_home_and_logout_clears(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """R-LG-1, R-2F-1..2, R-RN-1/2, R-SE-1: the whole journey, then an explicit logout."""
    window = make_window(live_api)
    start(qtbot, window)
    enter_credentials(qtbot, window, ZHANG.document_number, ZHANG.password)

    sms = window.login.sms
    assert window.current_screen() is sms
    assert "138****0001" in sms.phone_line.text()
    assert sms.step_label.text() == "第 2 步，共 3 步"
    assert "能够收取短信验证码" in sms.phone_hint.text()  # R-PH-7
    request_and_enter_code(qtbot, window, live_api, "13800000001")

    home = window.logged_in.screen
    assert window.current_screen() is home
    assert home.greeting.text() == "您好，张*"  # masked name only
    assert "110***********002X" in home.id_line.text()
    assert "四级实名" in home.level_line.text()
    assert "全部业务" in home.level_meaning.text()  # what level 4 means (R-RN-2)
    assert window.session.logged_in
    token = window.session.session_token
    assert token is not None

    assert home.main_action is not None
    tap(home.main_action)  # 退出登录
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    assert window.home.banner.kind is BannerKind.SUCCESS
    assert not window.session.logged_in
    assert home.person is None and home.greeting.text() == ""
    assert window.login.flow.state.logged_in is None
    assert window.login.flow.step is LoginStep.CREDENTIALS
    with pytest.raises(UserError) as ended:
        live_api.current_person(token)  # the service session is over too
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_wrong_password_shows_catalog_message_with_remaining_tries(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """R-LK-1: the catalog's text, the tries left, the rule id in small print."""
    window = make_window(live_api)
    start(qtbot, window)
    enter_credentials(qtbot, window, ZHANG.document_number, "Wrong@2024")
    screen = window.login.credentials
    assert window.current_screen() is screen
    banner = screen.banner
    assert banner.kind is BannerKind.ERROR
    assert banner.word() == "错误"
    assert "密码错误" in banner.text() and "4 次" in banner.text()
    assert banner.rule == "R-LK-1" and "R-LK-1" in banner.small_print()
    assert screen.identifier.text() == ZHANG.document_number  # kept for the next try

    window.set_language(Lang.EN)  # Qt posts LanguageChange: wait for the re-render
    qtbot.waitUntil(lambda: "4 tries left" in banner.text())
    assert banner.word() == "Error"


def test_initial_password_user_must_change_password_then_log_in_again(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """R-PW-3: initial password → SMS → forced change → log in again with the new one."""
    window = make_window(live_api)
    start(qtbot, window)
    enter_credentials(qtbot, window, LI.document_number, LI.password)
    assert LI.phone is not None
    request_and_enter_code(qtbot, window, live_api, LI.phone)

    change = window.login.change_password
    assert window.current_screen() is change
    assert "初始密码" in change.why.text()
    assert "8-16" in change.rule.text()
    qtbot.keyClicks(change.new_password.line_edit, "abc")
    assert "8-16" in change.new_password.feedback_text()  # the reason, as typed
    change.new_password.clear()
    qtbot.keyClicks(change.new_password.line_edit, "Li@Kiosk2024")
    qtbot.keyClicks(change.confirm.line_edit, "Li@Kiosk2024")
    assert "一致" in change.confirm.feedback_text()
    assert change.main_action is not None
    tap(change.main_action)
    wait_until_idle(window.runner)

    done = window.login.password_changed
    assert window.current_screen() is done
    assert "重新登录" in done.banner.text()
    assert change.new_password.text() == "" and change.confirm.text() == ""  # secrets gone
    assert done.main_action is not None
    tap(done.main_action)
    wait_until_idle(window.runner)
    credentials = window.login.credentials
    assert window.current_screen() is credentials
    assert credentials.identifier.text() == LI.document_number
    assert credentials.password.text() == ""
    qtbot.keyClicks(credentials.password.line_edit, "Li@Kiosk2024")
    assert credentials.main_action is not None
    tap(credentials.main_action)
    wait_until_idle(window.runner)
    choose_sms_if_asked(qtbot, window)
    assert window.current_screen() is window.login.sms


def test_locked_account_message_names_forgot_password_and_midnight(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """R-LK-1: after 5 failures the account is locked until 00:00; 忘记密码 unlocks it."""
    window = make_window(live_api)
    start(qtbot, window)
    screen = window.login.credentials
    enter_credentials(qtbot, window, WANG.document_number, "Wrong@0001")
    for attempt in range(2, 7):
        screen.password.clear()
        qtbot.keyClicks(screen.password.line_edit, f"Wrong@000{attempt}")
        assert screen.main_action is not None
        tap(screen.main_action)
        wait_until_idle(window.runner)
    text = screen.banner.text()
    assert screen.banner.kind is BannerKind.ERROR
    assert "锁定" in text and "忘记密码" in text and "00:00" in text, text
    assert "T00:00:00" not in text  # a date in words, not ISO 8601
