"""忘记密码 (R-PW-4) as screens, against the real account service over HTTP (SQLite).

Gestures as in the login tests: document-type buttons, digits through the keypad, letters as
key presses (the virtual keyboard's), taps on the main action; waits, never sleeps.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kiosk_ui_fakes import IdleClock
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_PERSONS
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_for_screen, wait_until_idle
from kiosk.domain.documents import DocumentType
from kiosk.flows.forgot_password import ForgotPasswordStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.home import Entry
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
ZHAO = next(p for p in DEMO_PERSONS if p.name == "赵六")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
NEW_PASSWORD = "Reset#2025a"
WAIT_MS = 15_000


def main_action(qtbot: QtBot, window: MainWindow) -> None:
    action = window.current_screen().main_action
    assert action is not None
    tap(action)
    wait_until_idle(window.runner)


def enter_document(qtbot: QtBot, window: MainWindow, doc_type: DocumentType, number: str) -> None:
    assert window.forgot is not None
    screen = window.forgot.identity
    assert window.current_screen() is screen
    tap(screen.picker.buttons[doc_type])
    assert screen.on_number_page()
    tap(screen.number.line_edit)
    for char in number:
        if char.isdigit() or char == "X":
            tap(screen.keypad.button(char))
        else:
            qtbot.keyClicks(screen.number.line_edit, char)
    main_action(qtbot, window)


def lock(api: HttpAccountClient, document: str) -> None:
    for attempt in range(5):
        with pytest.raises(UserError):
            api.start_login(document, f"Wrong@000{attempt}")
    with pytest.raises(UserError) as locked:
        api.start_login(document, WANG.password)
    assert locked.value.code is ErrorCode.ACCOUNT_LOCKED


def test_R_PW_4_forgot_password_from_home_resets_unlocks_and_logs_in_again(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """R-PW-4, R-LK-1: a locked person resets by document + SMS; the lock is lifted."""
    lock(live_api, WANG.document_number)
    window = make_window(live_api)
    journey = window.forgot
    assert journey is not None
    tap(window.home.tiles[Entry.FORGOT_PASSWORD])
    identity = journey.identity
    assert window.current_screen() is identity
    assert identity.title_label.text() == "忘记密码"
    assert identity.step_label.text() == "第 1 步，共 3 步"
    assert identity.main_action is not None and identity.main_action.isHidden()  # type first
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, WANG.document_number)

    sms = journey.sms
    assert window.current_screen() is sms, identity.banner.text()
    assert sms.step_label.text() == "第 2 步，共 3 步"
    assert "138****0003" in sms.phone_line.text()  # the default phone, masked
    tap(sms.request_button)
    wait_until_idle(window.runner)
    assert sms.banner.kind is BannerKind.SUCCESS, sms.banner.text()
    assert sms.request_button.seconds() > 0 and not sms.request_button.isEnabled()
    assert WANG.phone is not None
    code = live_api.sms_outbox(phone=WANG.phone, limit=1)[0].code
    type_on_keypad(sms.keypad, code)
    main_action(qtbot, window)

    new = journey.new_password
    assert window.current_screen() is new, sms.banner.text()
    assert new.step_label.text() == "第 3 步，共 3 步"
    assert "解锁" in new.why.text()
    qtbot.keyClicks(new.new_password.line_edit, NEW_PASSWORD)
    qtbot.keyClicks(new.confirm.line_edit, NEW_PASSWORD)
    main_action(qtbot, window)

    done = journey.done
    assert window.current_screen() is done, new.banner.text()
    assert done.banner.kind is BannerKind.SUCCESS
    assert "已重置" in done.banner.text() and "已解锁" in done.banner.text()
    assert new.new_password.text() == "" and new.confirm.text() == ""  # secrets gone
    assert journey.flow.state.reset_token is None
    main_action(qtbot, window)
    assert window.current_screen() is window.login.credentials
    # the lock is gone and the new password is the one that works
    accepted = live_api.start_login(WANG.document_number, NEW_PASSWORD)
    assert accepted.sms_phone_masked == "138****0003"


def test_R_PW_4_unknown_document_shows_the_catalog_text_and_keeps_the_number(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    window.journeys.open_forgot_password()
    unknown = "110101199001011237"
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, unknown)
    assert window.forgot is not None
    screen = window.forgot.identity
    assert window.current_screen() is screen
    assert screen.banner.kind is BannerKind.ERROR
    assert "未注册" in screen.banner.text()
    assert screen.banner.rule == "R-ID-6"
    assert screen.number.text() == unknown


def test_R_PH_6_no_phone_on_the_account_says_what_to_do_instead(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    window.journeys.open_forgot_password()
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, ZHAO.document_number)
    assert window.forgot is not None
    sms = window.forgot.sms
    assert window.current_screen() is sms
    assert sms.banner.kind is BannerKind.ERROR
    assert sms.banner.rule == "R-PH-6"
    assert "没有手机号码" in sms.banner.text()


def test_R_PW_4_login_screen_button_opens_it_and_back_keeps_the_document(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """From the login screen; another document type (letters from the keyboard)."""
    window = make_window(live_api)
    window.start_login()
    credentials = window.login.credentials
    tap(credentials.forgot_button)
    assert window.forgot is not None
    journey = window.forgot
    assert window.current_screen() is journey.identity
    enter_document(qtbot, window, DocumentType.HK_MACAO_TRAVEL_PERMIT, CHEN.document_number)
    assert window.current_screen() is journey.sms, journey.identity.banner.text()
    assert journey.flow.step is ForgotPasswordStep.VERIFY

    tap(journey.sms.back_button)
    wait_until_idle(window.runner)
    identity = journey.identity
    assert window.current_screen() is identity
    assert identity.document_type is DocumentType.HK_MACAO_TRAVEL_PERMIT
    assert identity.number.text() == CHEN.document_number
    tap(identity.back_button)  # number page → the type buttons
    assert not identity.on_number_page()
    tap(identity.home_button)  # something was typed: it asks first
    assert identity.home_confirm.isVisible()
    tap(identity.home_confirm.button("leave"))
    wait_for_screen(window, window.home)
    assert identity.number.text() == ""


def test_R_SE_1_idle_timeout_forgets_the_reset_under_way(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient, idle_clock: IdleClock
) -> None:
    """R-SE-1: idle in the middle of a reset: home, nothing typed or verified is kept."""
    window = make_window(live_api)
    window.journeys.open_forgot_password()
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, WANG.document_number)
    assert window.forgot is not None
    journey = window.forgot
    assert window.current_screen() is journey.sms
    type_on_keypad(journey.sms.keypad, "123")
    idle_clock.advance(window.session.policy.idle_s + 1)
    window.idle.poll()
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    assert journey.sms.code.text() == ""
    assert journey.identity.number.text() == ""
    assert journey.flow.state.verification_id is None
    assert journey.flow.step is ForgotPasswordStep.IDENTITY
