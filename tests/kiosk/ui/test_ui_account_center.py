"""账户中心 as screens, against the real account service: real-name level (R-RN-1/2), phones
(R-PH-1/2/7), username (R-UN-1), password change (R-PW-5), deregistration (R-AC-1), history
with 清除记录 (R-AC-2), and the R-PH-2 notice after login."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_until_idle
from kiosk.flows.account_center import AccountCenterStep
from kiosk.flows.login import Factor
from kiosk.protocol.account import ConfirmationAction
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
NEW_PHONE = "13900000011"
WAIT_MS = 15_000


def main_action(qtbot: QtBot, window: MainWindow) -> None:
    action = window.current_screen().main_action
    assert action is not None
    tap(action)
    wait_until_idle(window.runner)


def last_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def ui_login(qtbot: QtBot, window: MainWindow, api: HttpAccountClient, phone: str) -> None:
    """张三 through the login screens, to the logged-in home."""
    window.start_login()
    credentials = window.login.credentials
    tap(credentials.identifier.line_edit)
    type_on_keypad(credentials.keypad, ZHANG.document_number)
    tap(credentials.password.line_edit)
    qtbot.keyClicks(credentials.password.line_edit, ZHANG.password)
    main_action(qtbot, window)
    choice = window.login.factor_choice
    if window.current_screen() is choice:  # R-2F-1: QR is offered too; take the SMS code
        tap(choice.buttons[Factor.SMS])
        wait_until_idle(window.runner)
    sms = window.login.sms
    assert window.current_screen() is sms, credentials.banner.text()
    tap(sms.request_button)
    wait_until_idle(window.runner)
    type_on_keypad(sms.keypad, last_code(api, phone))
    main_action(qtbot, window)
    assert window.current_screen() is window.logged_in.screen, sms.banner.text()


def open_account_center(qtbot: QtBot, window: MainWindow) -> None:
    home = window.logged_in.screen
    assert home.account_button.isVisible()
    tap(home.account_button)
    wait_until_idle(window.runner)
    assert window.account is not None
    assert window.current_screen() is window.account.overview


def api_login(api: HttpAccountClient, document: str, password: str, phone: str) -> LoggedIn:
    accepted = api.start_login(document, password)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(accepted.attempt_id, last_code(api, phone))
    assert isinstance(answer, LoggedIn)
    return answer


def api_add_phone(api: HttpAccountClient, token: str, phone: str) -> None:
    started = api.start_confirmation(token, ConfirmationAction.ADD_PHONE, phone=phone)
    api.verify_confirmation(token, started.verification_id, last_code(api, phone))


def test_R_RN_1_R_RN_2_R_UN_1_R_AC_2_overview_username_and_history(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    assert ZHANG.phone is not None
    ui_login(qtbot, window, live_api, ZHANG.phone)
    open_account_center(qtbot, window)
    journey = window.account
    assert journey is not None
    overview = journey.overview
    assert overview.title_label.text() == "账户中心"
    assert "四级实名" in overview.level_line.text()
    assert "全部业务" in overview.level_meaning.text()  # what level 4 allows (R-RN-2)
    assert "138****0001" in overview.phone_line.text()
    assert "zhangsan01" in overview.username_line.text()

    # R-UN-1: the rule is shown, a bad name gets the reason as typed, a good one is saved
    tap(overview.username_button)
    wait_until_idle(window.runner)
    username = journey.username
    assert window.current_screen() is username
    assert "自然年" in username.rule.text()
    qtbot.keyClicks(username.username.line_edit, "9abc")
    assert "✗" in username.username.feedback_text()
    username.username.clear()
    qtbot.keyClicks(username.username.line_edit, "zhangsan2025")
    main_action(qtbot, window)
    assert window.current_screen() is overview, username.banner.text()
    assert overview.banner.kind is BannerKind.SUCCESS
    assert "zhangsan2025" in overview.username_line.text()

    # R-AC-2: the history lists it; 清除记录 takes the line away
    tap(overview.history_button)
    wait_until_idle(window.runner)
    history = journey.history
    assert window.current_screen() is history, overview.banner.text()
    assert history.rows, "the username change and the login are in the history"
    first = history.rows[0]
    assert first.clear_button.text() == "清除记录"
    count = len(history.rows)
    cleared = first.history_event.event_id
    tap(first.clear_button)
    wait_until_idle(window.runner)
    assert len(history.rows) == count - 1
    assert cleared not in {r.history_event.event_id for r in history.rows}
    assert history.banner.kind is BannerKind.SUCCESS
    session = window.session.session_token
    assert session is not None
    assert cleared not in {e.event_id for e in live_api.account_history(session)}


def test_R_PH_1_R_PH_7_add_a_number_make_it_default_and_remove_the_old_one(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    assert ZHANG.phone is not None
    ui_login(qtbot, window, live_api, ZHANG.phone)
    open_account_center(qtbot, window)
    journey = window.account
    assert journey is not None
    tap(journey.overview.phones_button)
    wait_until_idle(window.runner)
    phones = journey.phones
    assert window.current_screen() is phones
    assert "请不要将自己的账户绑定他人手机号" in phones.warning.text()  # R-PH-7
    assert "能够收取短信验证码" in phones.warning.text()
    assert [r.entry.phone_masked for r in phones.rows] == ["138****0001"]

    type_on_keypad(phones.keypad, NEW_PHONE)
    main_action(qtbot, window)
    confirm = journey.confirm
    assert window.current_screen() is confirm, phones.banner.text()
    assert "139****0011" in confirm.phone_line.text()  # the code went to the new number
    assert confirm.request_button.seconds() > 0  # already sent: the countdown runs
    type_on_keypad(confirm.keypad, last_code(live_api, NEW_PHONE))
    main_action(qtbot, window)
    assert window.current_screen() is phones, confirm.banner.text()
    assert phones.banner.kind is BannerKind.SUCCESS
    assert sorted(r.entry.phone_masked for r in phones.rows) == ["138****0001", "139****0011"]

    tap(phones.row_for("139****0011").default_button)  # make it the default
    wait_until_idle(window.runner)
    assert window.current_screen() is confirm
    type_on_keypad(confirm.keypad, last_code(live_api, NEW_PHONE))
    main_action(qtbot, window)
    assert window.current_screen() is phones, confirm.banner.text()
    assert phones.row_for("139****0011").entry.is_default

    tap(phones.row_for("138****0001").remove_button)  # the code goes to the default
    wait_until_idle(window.runner)
    assert "139****0011" in confirm.phone_line.text()
    type_on_keypad(confirm.keypad, last_code(live_api, NEW_PHONE))
    main_action(qtbot, window)
    assert [r.entry.phone_masked for r in phones.rows] == ["139****0011"]

    type_on_keypad(phones.keypad, NEW_PHONE)  # already on the account: refused, named
    main_action(qtbot, window)
    assert window.current_screen() is phones
    assert phones.banner.word() == "错误" and phones.banner.rule == "R-PH-1"
    assert "已绑定在您的账户上" in phones.banner.text()


def test_R_PW_5_password_change_counts_a_wrong_old_password_then_saves(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    assert ZHANG.phone is not None
    ui_login(qtbot, window, live_api, ZHANG.phone)
    open_account_center(qtbot, window)
    journey = window.account
    assert journey is not None
    tap(journey.overview.password_button)
    wait_until_idle(window.runner)
    screen = journey.password
    assert window.current_screen() is screen
    assert screen.old_password is not None
    qtbot.keyClicks(screen.old_password.line_edit, "Wrong@2024")
    qtbot.keyClicks(screen.new_password.line_edit, "Zhang#2025b")
    qtbot.keyClicks(screen.confirm.line_edit, "Zhang#2025b")
    main_action(qtbot, window)
    assert window.current_screen() is screen
    assert screen.banner.kind is BannerKind.ERROR and screen.banner.rule == "R-LK-1"
    assert "4 次" in screen.banner.text()

    screen.old_password.clear()
    qtbot.keyClicks(screen.old_password.line_edit, ZHANG.password)
    main_action(qtbot, window)
    assert window.current_screen() is journey.overview, screen.banner.text()
    assert "其他终端" in journey.overview.banner.text()
    assert screen.old_password.text() == "" and screen.new_password.text() == ""
    live_api.start_login(ZHANG.document_number, "Zhang#2025b")  # the new one works


def test_R_LK_1_the_fifth_wrong_old_password_locks_and_ends_the_session_at_the_kiosk(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """Issue 13 item 2: a lock engaged in the account center ends the session at the
    service, and the terminal leaves the account: home, the lock said with its way out."""
    window = make_window(live_api)
    assert ZHANG.phone is not None
    ui_login(qtbot, window, live_api, ZHANG.phone)
    token = window.session.session_token
    assert token is not None
    open_account_center(qtbot, window)
    journey = window.account
    assert journey is not None
    tap(journey.overview.password_button)
    wait_until_idle(window.runner)
    screen = journey.password
    assert screen.old_password is not None
    for _ in range(5):
        screen.old_password.clear()
        screen.new_password.clear()
        screen.confirm.clear()
        qtbot.keyClicks(screen.old_password.line_edit, "Wrong@2024")
        qtbot.keyClicks(screen.new_password.line_edit, "Zhang#2025b")
        qtbot.keyClicks(screen.confirm.line_edit, "Zhang#2025b")
        main_action(qtbot, window)
        if window.current_screen() is window.home:
            break
    assert window.current_screen() is window.home
    home = window.home
    assert home.banner.kind is BannerKind.ERROR and home.banner.rule == "R-LK-1"
    assert "忘记密码" in home.banner.text() and "明天 00:00" in home.banner.text()
    assert window.session.session_token is None  # the kiosk forgot the session
    with pytest.raises(UserError) as ended:
        live_api.current_person(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_R_AC_1_deregistration_warns_asks_confirms_by_code_and_ends_the_session(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    assert ZHANG.phone is not None
    ui_login(qtbot, window, live_api, ZHANG.phone)
    open_account_center(qtbot, window)
    journey = window.account
    assert journey is not None
    tap(journey.overview.deregister_button)
    wait_until_idle(window.runner)
    screen = journey.deregister
    assert window.current_screen() is screen
    assert "请谨慎进行账户注销操作" in screen.warning.text()  # R-AC-1
    assert screen.warning.kind is BannerKind.INFO  # a caution, not an error
    main_action(qtbot, window)
    assert screen.confirm.isVisible()  # names the consequence before anything is sent
    assert "无法再使用本账户登录" in screen.confirm.body()
    tap(screen.confirm.button("deregister"))
    wait_until_idle(window.runner)
    confirm = journey.confirm
    assert window.current_screen() is confirm, screen.banner.text()
    assert "138****0001" in confirm.phone_line.text()
    type_on_keypad(confirm.keypad, last_code(live_api, ZHANG.phone))
    main_action(qtbot, window)
    done = journey.deregistered
    assert window.current_screen() is done, confirm.banner.text()
    assert "已注销" in done.banner.text()
    assert journey.flow.step is AccountCenterStep.DEREGISTERED
    main_action(qtbot, window)
    assert window.current_screen() is window.home
    assert not window.session.logged_in
    with pytest.raises(UserError) as refused:
        live_api.start_login(ZHANG.document_number, ZHANG.password)
    assert refused.value.code is ErrorCode.USER_NOT_REGISTERED


def test_R_PH_2_the_person_who_lost_a_number_is_told_at_the_next_login(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """张三 has a second number; 王五 verifies 张三's first one; 张三 logs in and reads it."""
    assert ZHANG.phone is not None and WANG.phone is not None
    zhang = api_login(live_api, ZHANG.document_number, ZHANG.password, ZHANG.phone)
    api_add_phone(live_api, zhang.session_token, NEW_PHONE)
    live_api.logout(zhang.session_token)
    wang = api_login(live_api, WANG.document_number, WANG.password, WANG.phone)
    api_add_phone(live_api, wang.session_token, ZHANG.phone)

    window = make_window(live_api)
    ui_login(qtbot, window, live_api, NEW_PHONE)  # the remaining number is the default now
    home = window.logged_in.screen
    assert home.notices.isVisible()
    assert home.notices.kind is BannerKind.INFO
    assert "138****0001" in home.notices.text() and "其他账户" in home.notices.text()
    open_account_center(qtbot, window)
    assert window.account is not None
    assert "139****0011" in window.account.overview.phone_line.text()
