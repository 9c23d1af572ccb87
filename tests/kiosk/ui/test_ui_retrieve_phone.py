"""找回手机号码 (R-PH-5, R-PH-2, R-PH-7) as screens, against the real account service."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_until_idle
from kiosk.flows.retrieve_phone import RetrievePhoneStep
from kiosk.services.account_api import AccountApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password and p.phone)
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
WAIT_MS = 15_000


def main_action(qtbot: QtBot, window: MainWindow) -> None:
    action = window.current_screen().main_action
    assert action is not None
    tap(action)
    wait_until_idle(window.runner)


def enter_password(qtbot: QtBot, window: MainWindow, document: str, password: str) -> None:
    assert window.retrieve is not None
    screen = window.retrieve.password
    tap(window.home.retrieve_button)
    assert window.current_screen() is screen
    tap(screen.identifier.line_edit)
    type_on_keypad(screen.keypad, document)
    tap(screen.password.line_edit)
    qtbot.keyClicks(screen.password.line_edit, password)
    main_action(qtbot, window)


def test_R_PH_5_R_PH_2_new_number_becomes_default_and_moves_from_its_old_owner(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    journey = window.retrieve
    assert journey is not None
    enter_password(qtbot, window, ZHANG.document_number, ZHANG.password)
    screen = journey.new_phone
    assert window.current_screen() is screen, journey.password.banner.text()
    assert screen.title_label.text() == "找回手机号码"
    assert screen.step_label.text() == "第 2 步，共 3 步"
    # R-PH-7: the warning where a number is bound
    assert "请不要将自己的账户绑定他人手机号" in screen.phone_hint.text()
    assert screen.phone is not None
    assert WANG.phone is not None
    type_on_keypad(screen.keypad, WANG.phone)  # the keypad types into the phone field
    assert screen.phone.text() == WANG.phone
    assert "11 位" in screen.phone.feedback_text()
    tap(screen.request_button)
    wait_until_idle(window.runner)
    assert screen.banner.kind is BannerKind.SUCCESS, screen.banner.text()
    assert "138****0003" in screen.phone_line.text()
    code = live_api.sms_outbox(phone=WANG.phone, limit=1)[0].code
    type_on_keypad(screen.keypad, code)  # now into the code field
    assert screen.code.text() == code
    main_action(qtbot, window)

    done = journey.done
    assert window.current_screen() is done, screen.banner.text()
    assert "138****0003" in done.banner.text() and "默认" in done.banner.text()
    assert "其他账户" in done.banner.text()  # R-PH-2: it was someone else's
    assert journey.flow.step is RetrievePhoneStep.PASSWORD  # the flow forgot everything
    main_action(qtbot, window)
    assert window.current_screen() is window.login.credentials
    accepted = live_api.start_login(ZHANG.document_number, ZHANG.password)
    assert accepted.sms_phone_masked == "138****0003"


def test_R_PH_5_initial_password_is_not_accepted(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    enter_password(qtbot, window, LI.document_number, LI.password)
    assert window.retrieve is not None
    screen = window.retrieve.password
    assert window.current_screen() is screen
    assert screen.banner.kind is BannerKind.ERROR
    assert screen.banner.rule == "R-PH-5"
    assert "初始密码" in screen.banner.text()


def test_R_PH_1_a_number_that_is_not_a_mainland_mobile_is_refused_with_the_reason(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    enter_password(qtbot, window, ZHANG.document_number, ZHANG.password)
    assert window.retrieve is not None
    screen = window.retrieve.new_phone
    assert window.current_screen() is screen
    type_on_keypad(screen.keypad, "12345678901")
    assert screen.phone is not None and "✗" in screen.phone.feedback_text()
    tap(screen.request_button)
    wait_until_idle(window.runner)
    assert screen.banner.kind is BannerKind.ERROR
    assert screen.banner.rule == "R-PH-1"
    assert not screen.phone_line.isVisible()  # no code went out
