"""The 企业业务 entry as screens (issue 17; R-EN-1, R-RE-1/3/5/6/8, R-ID-5), against the real
account service over HTTP (SQLite) and its demo world: the enterprise code on its keypad,
the same second factors, then the pending authorization or the role choice, and the
logged-in home acting for the enterprise. Gestures are simulated; the tests wait on the
window's signals, never sleep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from face_kiosk import CAPTURE_TIMEOUT_MS, Cameras, face_sources, face_window, template_of
from pytestqt.qtbot import QtBot

from account_service.authority.service import add_resident
from account_service.demo import (
    DEMO_CLIENT_ENTERPRISE,
    DEMO_ENTERPRISE,
    DEMO_PERSONS,
    DemoPerson,
)
from account_service.embedded import EmbeddedService
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.protocol.auth import Factor
from kiosk.protocol.enterprise import Entry, Role
from kiosk.services.account_api import AccountApi
from kiosk.services.face.models import FaceModels
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.code_keypad import CodeKeypad
from kiosk.ui.common.widgets.format_field import FeedbackState
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.home import Entry as HomeEntry
from kiosk.ui.i18n import LanguageController
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1, E2 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code


def type_code(keypad: CodeKeypad, text: str) -> None:
    for key in text:
        tap(keypad.button(key), settle_ms=0)


def open_enterprise_login(window: MainWindow) -> None:
    tile = window.home.tiles[HomeEntry.ENTERPRISE]
    assert "即将开放" not in tile.text()
    tap(tile)
    screen = window.login.credentials
    assert window.current_screen() is screen
    assert screen.title_label.text() == "企业业务"
    assert screen.step_label.text() == "第 1 步，共 3 步"
    assert screen.code.isVisible()
    assert screen.code_keypad.isVisible() and not screen.keypad.isVisible()


def enter_credentials(qtbot: QtBot, window: MainWindow, code: str, person: DemoPerson) -> None:
    """The code on the code keypad, the identifier on the digit keypad (a typed-in username
    or a permit number would come from the keyboard), the password as key presses."""
    screen = window.login.credentials
    tap(screen.code.line_edit)
    type_code(screen.code_keypad, code)
    tap(screen.identifier.line_edit)
    assert screen.keypad.isVisible() and not screen.code_keypad.isVisible()
    qtbot.keyClicks(screen.identifier.line_edit, person.document_number)
    tap(screen.password.line_edit)
    qtbot.keyClicks(screen.password.line_edit, person.password)
    assert screen.main_action is not None
    tap(screen.main_action)
    wait_until_idle(window.runner)


def by_sms(qtbot: QtBot, window: MainWindow, api: HttpAccountClient, person: DemoPerson) -> None:
    login = window.login
    if window.current_screen() is login.factor_choice:
        assert login.factor_choice.title_label.text() == "企业业务"
        tap(login.factor_choice.buttons[Factor.SMS])
        wait_until_idle(window.runner)
    sms = login.sms
    assert window.current_screen() is sms, login.credentials.banner.text()
    assert sms.title_label.text() == "企业业务"
    tap(sms.request_button)
    wait_until_idle(window.runner)
    assert person.phone is not None
    code = api.sms_outbox(phone=person.phone, limit=1)[0].code
    for key in code:
        tap(sms.keypad.button(key), settle_ms=0)
    assert sms.main_action is not None
    tap(sms.main_action)
    wait_until_idle(window.runner)


def test_R_EN_1_one_role_lands_on_the_logged_in_home_acting_for_the_enterprise(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    kiosk_session: KioskSession,
) -> None:
    """张三 in E2, its legal representative only: no step between the login and the home."""
    window = make_window(live_api)
    open_enterprise_login(window)
    screen = window.login.credentials
    tap(screen.code.line_edit)
    type_code(screen.code_keypad, E2[:9])
    assert screen.code.feedback().state is FeedbackState.NEUTRAL  # "9 entered: ..."
    type_code(screen.code_keypad, E2[9:])
    assert screen.code.feedback().state is FeedbackState.OK
    tap(screen.code_keypad.button("clear"), settle_ms=0)
    enter_credentials(qtbot, window, E2, ZHANG)
    by_sms(qtbot, window, live_api, ZHANG)
    home = window.logged_in.screen
    assert window.current_screen() is home
    assert home.step_label.text() == "第 3 步，共 3 步"
    acting = kiosk_session.acting
    assert acting is not None and acting.entry is Entry.ENTERPRISE
    assert acting.enterprise is not None and acting.enterprise.code == E2
    assert acting.role is Role.LEGAL_REPRESENTATIVE


def test_R_RE_1_two_roles_choose_one_then_the_home(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    kiosk_session: KioskSession,
) -> None:
    """张三 in E1: legal representative and tax handler, so the role choice (step 3 of 4)."""
    window = make_window(live_api)
    open_enterprise_login(window)
    enter_credentials(qtbot, window, E1, ZHANG)
    by_sms(qtbot, window, live_api, ZHANG)
    assert window.entry is not None
    roles = window.entry.roles
    assert window.current_screen() is roles
    assert roles.title_label.text() == "企业业务"
    assert roles.step_label.text() == "第 3 步，共 4 步"
    assert DEMO_ENTERPRISE.name in roles.enterprise_label.text()
    shown = {role for role, button in roles.buttons.items() if button.isVisible()}
    assert shown == {Role.LEGAL_REPRESENTATIVE, Role.TAX_HANDLER}
    assert roles.buttons[Role.TAX_HANDLER].text() == "办税员"
    assert not roles.back_button.isVisible()  # the session exists: no way back into login
    tap(roles.buttons[Role.TAX_HANDLER])
    wait_for_screen(window, window.logged_in.screen)
    assert window.logged_in.screen.step_label.text() == "第 4 步，共 4 步"
    acting = kiosk_session.acting
    assert acting is not None and acting.role is Role.TAX_HANDLER
    token = kiosk_session.session_token
    assert token is not None and live_api.acting(token).role is Role.TAX_HANDLER


def test_R_RE_8_no_relation_message_with_the_ways_out(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """李四 has no relation with E1: the seeds' text and its ways out on their own screen;
    back to the login keeps what was typed; 自然人业务 leads to where 同步数据 is."""
    window = make_window(live_api)
    open_enterprise_login(window)
    enter_credentials(qtbot, window, E1, LI)
    answer = window.login.no_relation
    qtbot.waitUntil(lambda: window.current_screen() is answer)
    assert answer.banner.kind is BannerKind.ERROR
    assert "未查询到您与该企业的关联关系信息" in answer.banner.text()
    assert "同步数据" in answer.banner.text()
    assert answer.banner.rule == "R-RE-8"
    tap(answer.main_action)
    screen = window.login.credentials
    qtbot.waitUntil(lambda: window.current_screen() is screen)
    assert screen.code.text() == E1  # what was typed stays for a correction
    assert screen.identifier.text() == LI.document_number
    tap(screen.password.line_edit)
    qtbot.keyClicks(screen.password.line_edit, LI.password)
    assert screen.main_action is not None
    tap(screen.main_action)
    qtbot.waitUntil(lambda: window.current_screen() is answer)
    tap(answer.natural_button)
    qtbot.waitUntil(lambda: window.current_screen() is screen and not screen.enterprise)
    assert not screen.code.isVisible()


def test_R_ID_5_code_format_error_on_the_field_and_in_the_banner(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    open_enterprise_login(window)
    screen = window.login.credentials
    bad = E1[:-1] + "X"  # wrong check character
    tap(screen.code.line_edit)
    type_code(screen.code_keypad, bad)
    assert screen.code.feedback().state is FeedbackState.ERROR
    assert screen.code.feedback_text().startswith("✗ ")  # the reason, written out
    enter_credentials(qtbot, window, "", ZHANG)  # the code field keeps ``bad``
    assert window.current_screen() is screen
    assert screen.banner.kind is BannerKind.ERROR
    assert "企业代码格式不正确" in screen.banner.text()
    assert screen.banner.rule == "R-ID-5"


def test_R_RE_6_refusable_pending_refused_then_personal_business(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    kiosk_session: KioskSession,
) -> None:
    """陈小明, a handler from the core system, pending in E1. No camera here: Confirm is not
    offered and says why; Refuse asks first, then he has no role there: personal business."""
    window = make_window(live_api)
    open_enterprise_login(window)
    enter_credentials(qtbot, window, E1, CHEN)
    by_sms(qtbot, window, live_api, CHEN)
    assert window.entry is not None
    pending = window.entry.pending
    assert window.current_screen() is pending
    assert pending.step_label.text() == "第 3 步，共 4 步"
    assert "办税员" in pending.subject.text()
    assert not pending.confirm_button.isVisible()  # no camera for the face check
    assert "摄像头" in pending.how.text()
    assert pending.refuse_button.isVisible() and not pending.no_refuse.isVisible()
    assert pending.later_button.text() == "暂不确认，退出登录"
    tap(pending.refuse_button)
    assert pending.refuse_question.isVisible()
    tap(pending.refuse_question.button("refuse"))
    wait_for_screen(window, window.entry.no_role)
    assert window.entry.no_role.main_action is not None
    tap(window.entry.no_role.main_action)
    wait_for_screen(window, window.logged_in.screen)
    acting = kiosk_session.acting
    assert acting is not None and acting.entry is Entry.NATURAL_PERSON


def test_R_RE_6_not_now_with_no_role_logs_out(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    kiosk_session: KioskSession,
) -> None:
    window = make_window(live_api)
    open_enterprise_login(window)
    enter_credentials(qtbot, window, E1, CHEN)
    by_sms(qtbot, window, live_api, CHEN)
    assert window.entry is not None
    tap(window.entry.pending.later_button)
    wait_for_screen(window, window.home)
    wait_until_idle(window.runner)  # the logout on the service
    assert not kiosk_session.logged_in
    assert window.home.banner.kind is BannerKind.SUCCESS  # "You have logged out ..."


@pytest.fixture
def face_kiosk(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
    anchors: dict[str, FaceAnchor],
    kiosk_session: KioskSession,
    language: LanguageController,
) -> tuple[MainWindow, Cameras]:
    cameras = Cameras(photos, anchors)
    window = face_window(
        qtbot, live_api, face_sources(cameras, face_models), kiosk_session, language
    )
    return window, cameras


def test_R_RE_3_R_RE_5_finance_head_confirms_after_a_face_login_without_a_second_check(
    qtbot: QtBot,
    face_kiosk: tuple[MainWindow, Cameras],
    service: EmbeddedService,
    face_models: FaceModels,
    photos: dict[str, Frame],
    kiosk_session: KioskSession,
) -> None:
    """王五, pending finance head of E1, logs in by the kiosk camera (the mock camera plays
    his reference's other photo): confirming needs no second face check, and there is no
    refuse button (R-RE-3)."""
    window, cameras = face_kiosk
    try:
        with service.session_factory.begin() as session:
            add_resident(
                session,
                name=WANG.name,
                document_type=WANG.document_type,
                document_number=WANG.document_number,
                face_template=template_of(face_models, photos["obama"]),
                now=datetime.now().astimezone(),
            )
        open_enterprise_login(window)
        enter_credentials(qtbot, window, E1, WANG)
        login = window.login
        assert window.current_screen() is login.factor_choice, login.credentials.banner.text()
        assert login.face_check is not None
        ChallengeActor(login.face_check.analyzer, cameras.set_scene)
        cameras.person = "obama2"
        tap(login.factor_choice.buttons[Factor.FACE])
        assert window.entry is not None
        pending = window.entry.pending
        wait_for_screen(window, pending, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
        assert "财务负责人" in pending.subject.text()
        assert not pending.refuse_button.isVisible()
        assert pending.no_refuse.isVisible() and "不能拒绝" in pending.no_refuse.text()
        assert "无需再次刷脸" in pending.how.text()
        assert pending.confirm_button.isVisible()
        tap(pending.confirm_button)
        wait_for_screen(window, window.logged_in.screen)
        acting = kiosk_session.acting
        assert acting is not None and acting.role is Role.FINANCE_HEAD and not acting.pending
    finally:
        window.shutdown()
