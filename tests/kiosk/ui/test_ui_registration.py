"""用户注册 as screens (R-ID-1..6, R-RN-1, R-RN-4, R-PH-2, R-SE-1): the real account service
over HTTP (SQLite), the real face pipeline, and a mock camera playing the REAL test photos
(obama, obama2, obama3, biden from the face_recognition sdist, fetched into a cache).

欧阳明's reference face at the identity authority is obama.jpg's template, given through
the real authority code in the service's own session; the kiosk sends only the chosen
frame's template, and a ``ChallengeActor`` plays the liveness challenge on the mock camera.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from face_kiosk import (
    CAPTURE_TIMEOUT_MS,
    WAIT_MS,
    Cameras,
    face_sources,
    face_window,
)
from kiosk_ui_fakes import IdleClock
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from account_service.authority.demo import DEMO_RESIDENTS
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person, Phone
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.domain.documents import DocumentType
from kiosk.flows.registration import RegistrationStep
from kiosk.protocol.collection import RecordStatus
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountApi
from kiosk.services.face.analyzer import FaceAnalyzer
from kiosk.services.face.models import FaceModels
from kiosk.services.face.settings import FaceSettings
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.home import Entry
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.registration.journey import RegistrationJourney
from kiosk.ui.main_window import MainWindow
from tests.support.records import signed_by_staff

OUYANG = DEMO_RESIDENTS[0]  # 欧阳明 110108198005120035: obama is his reference photo
ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")  # registered, phone 13800000001
ANNA_PASSPORT = "C01X00T47"
NEW_PHONE = "13900000011"
PASSWORD = "Tax.kiosk7"

WindowFactory = Callable[[AccountApi], MainWindow]


@dataclass
class FaceKiosk:
    window: MainWindow
    journey: RegistrationJourney
    cameras: Cameras
    actor: ChallengeActor


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
    anchors: dict[str, FaceAnchor],
    kiosk_session: KioskSession,
    language: LanguageController,
) -> Iterator[FaceKiosk]:
    cameras = Cameras(photos, anchors)
    window = face_window(
        qtbot, live_api, face_sources(cameras, face_models), kiosk_session, language
    )
    journey = window.registration
    assert journey is not None and journey.face_check is not None
    actor = ChallengeActor(journey.face_check.analyzer, cameras.set_scene)
    try:
        yield FaceKiosk(window, journey, cameras, actor)
    finally:
        window.shutdown()


@pytest.fixture
def ouyang_has_a_face(
    service: EmbeddedService, face_models: FaceModels, photos: dict[str, Frame]
) -> None:
    """The authority's reference photo of 欧阳明: obama.jpg's template (R-RN-4)."""
    encoding = FaceAnalyzer(face_models, FaceSettings()).encode_image(photos["obama"])
    assert encoding is not None
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=OUYANG.name,
            document_type=OUYANG.document_type,
            document_number=OUYANG.document_number,
            face_template=[float(v) for v in encoding],
            now=datetime.now().astimezone(),
        )


def collect_anna(api: HttpAccountClient, clock: ManualClock) -> None:
    """A hall collection record of Anna's foreign passport (R-HA-1, R-ID-3), saved as an
    exception like the staff walkthrough's."""
    record: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "created_at": clock.now().isoformat(),
        "staff_no": "S0001",
        "document_type": DocumentType.FOREIGN_PASSPORT.value,
        "personal": {
            "name": "",
            "document_number": ANNA_PASSPORT,
            "birth_date": "1985-06-15",
            "sex": "female",
            "nationality": "DEU",
            "name_latin": "ANNA SCHMIDT",
        },
        "face_template": None,
        "face_jpeg_b64": None,
        "quality": [],
        "liveness_passed": False,
        "liveness_steps": [],
        "match_distance": None,
        "match_threshold": None,
        "attempts": 0,
        "exception_reason": "摄像头故障",
    }
    (ack,) = api.submit_collection_records([signed_by_staff(api, record)])
    assert ack.status is RecordStatus.ACCEPTED, ack.reason_en


# -- gestures --------------------------------------------------------------------------------


def journey_of(window: MainWindow) -> RegistrationJourney:
    assert window.registration is not None
    return window.registration


def enter_document(
    qtbot: QtBot, window: MainWindow, doc_type: DocumentType, number: str, name: str
) -> None:
    journey = journey_of(window)
    home_tile = window.home.tiles[Entry.REGISTER]
    assert home_tile.property("available") == "true"
    tap(home_tile)
    screen = journey.document
    assert window.current_screen() is screen
    tap(screen.picker.buttons[doc_type])
    if doc_type is DocumentType.RESIDENT_ID:
        for char in number:
            tap(screen.keypad.button(char))
    else:
        screen.number.set_text(number)  # letters come from the virtual keyboard
    screen.name.set_text(name)  # Pinyin or Latin, from the virtual keyboard
    assert screen.main_action is not None
    tap(screen.main_action)
    wait_until_idle(window.runner)


def verify_phone(qtbot: QtBot, window: MainWindow, api: HttpAccountClient, phone: str) -> None:
    sms = journey_of(window).sms
    assert window.current_screen() is sms, journey_of(window).document.banner.text()
    for char in phone:
        tap(sms.keypad.button(char))
    tap(sms.request_button)
    wait_until_idle(window.runner)
    assert "已发送" in sms.banner.text(), sms.banner.text()
    for char in api.sms_outbox(phone=phone, limit=1)[0].code:
        tap(sms.keypad.button(char))
    assert sms.main_action is not None
    tap(sms.main_action)
    wait_until_idle(window.runner)


def set_password(qtbot: QtBot, window: MainWindow, password: str, username: str = "") -> None:
    screen = journey_of(window).password
    assert window.current_screen() is screen
    qtbot.keyClicks(screen.new_password.line_edit, password)
    qtbot.keyClicks(screen.confirm.line_edit, password)
    if username:
        qtbot.keyClicks(screen.username.line_edit, username)
    assert screen.main_action is not None
    assert screen.main_action.text() == "注册"
    tap(screen.main_action)
    wait_until_idle(window.runner)
    assert window.current_screen() is journey_of(window).done, screen.banner.text()


def owners_of(service: EmbeddedService, number: str) -> list[str]:
    with service.session_factory() as session:
        return list(
            session.scalars(
                select(Person.document_number).join(Phone).where(Phone.number == number)
            )
        )


# -- acceptance ------------------------------------------------------------------------------


@pytest.mark.usefixtures("ouyang_has_a_face")
def test_R_ID_1_matching_live_face_registers_at_level_4_and_logs_in(
    qtbot: QtBot, kiosk: FaceKiosk, live_api: HttpAccountClient
) -> None:
    window, journey = kiosk.window, kiosk.journey
    kiosk.cameras.person = "obama2"
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明")
    assert journey.sms.step_label.text() == "第 2 步，共 4 步"
    verify_phone(qtbot, window, live_api, NEW_PHONE)
    face = journey.face_screen
    assert window.current_screen() is face, journey.sms.banner.text()
    assert face.step_label.text() == "第 3 步，共 4 步"
    qtbot.waitUntil(lambda: face.camera.analysis is not None, timeout=WAIT_MS)
    wait_for_screen(window, journey.password, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    assert journey.face_check is not None and not journey.face_check.running  # camera off
    assert journey.password.step_label.text() == "第 4 步，共 4 步"
    set_password(qtbot, window, PASSWORD, "ouyang2026")

    done = journey.done
    summary = {key: line.text() for key, line in done.lines.items()}
    assert summary["name"] == "姓名：欧**"
    assert summary["level"] == "实名等级：4 级"
    assert "人脸识别认证" in summary["level_note"]
    assert summary["phone"] == "默认手机号码：139****0011"
    assert summary["username"] == "用户名：ouyang2026"
    assert done.banner.kind is BannerKind.SUCCESS
    # Logged in from completion on (R-SE-1: idle and logout now end the service session).
    assert window.session.logged_in
    assert window.session.person is not None and window.session.person.real_name_level == 4
    assert done.main_action is not None
    tap(done.main_action)
    assert window.current_screen() is window.logged_in.screen
    assert live_api.start_login("ouyang2026", PASSWORD).sms_phone_masked == "139****0011"


@pytest.mark.usefixtures("ouyang_has_a_face")
def test_R_RN_4_another_persons_face_is_refused_with_tries_left_and_nothing_registered(
    qtbot: QtBot, kiosk: FaceKiosk, live_api: HttpAccountClient
) -> None:
    window, journey = kiosk.window, kiosk.journey
    kiosk.cameras.person = "biden"
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明")
    with qtbot.waitSignal(journey.face_refused, timeout=CAPTURE_TIMEOUT_MS) as refused:
        verify_phone(qtbot, window, live_api, NEW_PHONE)
    error = refused.args[0]
    assert isinstance(error, UserError) and error.code is ErrorCode.FACE_MISMATCH
    face = journey.face_screen
    assert window.current_screen() is face
    assert face.banner.kind is BannerKind.ERROR and face.banner.rule == "R-RN-4"
    text = face.banner.text()
    assert "人脸验证未通过" in text and "还可尝试 4 次" in text
    assert "光线" in text and "办税服务厅" in text  # the FAQ's guidance, then the hall
    assert face.retry_button.isVisible()
    assert not window.session.logged_in
    with pytest.raises(UserError) as unknown:
        live_api.start_login(OUYANG.document_number, PASSWORD)
    assert unknown.value.code is ErrorCode.USER_NOT_REGISTERED


def test_R_ID_2_hall_first_document_is_sent_to_the_staff(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    journey = journey_of(window)
    tap(window.home.tiles[Entry.REGISTER])
    tap(journey.document.picker.buttons[DocumentType.FOREIGN_PASSPORT])
    assert journey.document.hall_note.isVisible()  # said before typing, too
    assert "实名信息采集" in journey.document.hall_note.text()
    assert window.current_screen() is journey.document
    window.go_home()
    enter_document(qtbot, window, DocumentType.FOREIGN_PASSPORT, ANNA_PASSPORT, "Anna Schmidt")
    refusal = journey.refusal
    assert window.current_screen() is refusal
    assert refusal.heading.text() == "请到人工窗口找工作人员办理"
    assert refusal.banner.rule == "R-ID-2"
    assert "办税大厅" in refusal.banner.text()
    assert "实名信息采集" in refusal.next_steps.text()
    assert refusal.main_action is not None and refusal.main_action.text() == "完成"
    assert not refusal.forgot_button.isVisible()
    # Not a dead end: another document, or home.
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(refusal.other_button)
    assert shown.args == [RegistrationStep.DOCUMENT]
    assert window.current_screen() is journey.document
    assert not journey.document.on_number_page()


def test_R_ID_3_hall_collected_person_skips_the_face_and_gets_level_5(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> None:
    collect_anna(live_api, manual_clock)
    window = make_window(live_api)  # no camera at all: not needed for her
    journey = journey_of(window)
    enter_document(qtbot, window, DocumentType.FOREIGN_PASSPORT, ANNA_PASSPORT, "anna schmidt")
    sms = journey.sms
    assert window.current_screen() is sms, journey.document.banner.text()
    assert sms.step_label.text() == "第 2 步，共 3 步"
    assert "无需人脸识别认证" in sms.banner.text()
    verify_phone(qtbot, window, live_api, "13900000022")
    assert journey.password.step_label.text() == "第 3 步，共 3 步"  # no face step
    set_password(qtbot, window, "Anna.tax2026")
    lines = journey.done.lines
    assert lines["level"].text() == "实名等级：5 级"
    assert "最高" in lines["level_note"].text()
    assert not lines["username"].isVisible()
    logged_in = window.session.person
    assert logged_in is not None and logged_in.real_name_level == 5
    token = window.session.session_token
    assert token is not None
    # Logging out ends the service session the registration made.
    assert journey.done.main_action is not None
    tap(journey.done.main_action)
    assert window.logged_in.screen.main_action is not None
    tap(window.logged_in.screen.main_action)
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    with pytest.raises(UserError) as ended:
        live_api.current_person(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_R_ID_6_registered_person_is_offered_login_and_forgot_password(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    window = make_window(live_api)
    journey = journey_of(window)
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, ZHANG.document_number, "张三")
    refusal = journey.refusal
    assert window.current_screen() is refusal
    assert refusal.heading.text() == "您已注册"
    assert refusal.banner.rule == "R-ID-6" and "无需再次注册" in refusal.banner.text()
    assert refusal.forgot_button.isVisible() and refusal.forgot_button.text() == "忘记密码"
    assert refusal.main_action is not None and refusal.main_action.text() == "登录"
    tap(refusal.forgot_button)
    assert window.forgot is not None and window.current_screen() is window.forgot.identity
    # Nothing typed for the registration stays behind.
    assert journey.document.number.text() == "" and journey.document.name.text() == ""
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, ZHANG.document_number, "张三")
    assert refusal.main_action is not None
    tap(refusal.main_action)
    assert window.current_screen() is window.login.credentials


def test_R_PH_2_registering_with_anothers_number_moves_it(
    qtbot: QtBot,
    make_window: WindowFactory,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    service: EmbeddedService,
) -> None:
    zhang_phone = "13800000001"
    assert owners_of(service, zhang_phone) == [ZHANG.document_number]
    collect_anna(live_api, manual_clock)
    window = make_window(live_api)
    enter_document(qtbot, window, DocumentType.FOREIGN_PASSPORT, ANNA_PASSPORT, "ANNA SCHMIDT")
    verify_phone(qtbot, window, live_api, zhang_phone)
    set_password(qtbot, window, "Anna.tax2026")
    assert journey_of(window).done.lines["phone"].text() == "默认手机号码：138****0001"
    # At the service: the number is Anna's now and no longer 张三's.
    assert owners_of(service, zhang_phone) == [ANNA_PASSPORT]


@pytest.mark.usefixtures("ouyang_has_a_face")
def test_R_SE_1_idle_during_registration_wipes_it_and_turns_the_camera_off(
    qtbot: QtBot, kiosk: FaceKiosk, live_api: HttpAccountClient, idle_clock: IdleClock
) -> None:
    window, journey = kiosk.window, kiosk.journey
    assert journey.face_check is not None
    kiosk.actor.enabled = False  # the person just stands there: the check keeps running
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明")
    verify_phone(qtbot, window, live_api, NEW_PHONE)
    face = journey.face_screen
    assert window.current_screen() is face
    qtbot.waitUntil(lambda: face.camera.analysis is not None, timeout=WAIT_MS)
    assert journey.face_check.running
    assert journey.flow.state.registration_id is not None
    idle_clock.advance(window.session.policy.idle_s + 1)
    window.idle.poll()
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    assert not journey.face_check.running
    assert face.camera.analysis is None  # the picture is gone from the screen
    assert journey.flow.state.registration_id is None
    assert journey.flow.state.document_number == "" and journey.flow.state.phone == ""
    assert journey.flow.step is RegistrationStep.DOCUMENT
    assert journey.document.number.text() == "" and journey.document.name.text() == ""
    assert journey.sms.phone_text() == ""


@pytest.mark.usefixtures("ouyang_has_a_face")
def test_R_RN_4_a_terminal_without_a_camera_says_so_before_any_code_is_sent(
    qtbot: QtBot, make_window: WindowFactory, live_api: HttpAccountClient
) -> None:
    """The face step cannot run here: the person learns it after the identity check, not
    after an SMS code for nothing, and is told where to go (another way, the staff)."""
    window = make_window(live_api)  # no public face sources: no camera on this terminal
    journey = journey_of(window)
    assert journey.face_check is None
    enter_document(qtbot, window, DocumentType.RESIDENT_ID, OUYANG.document_number, OUYANG.name)
    face = journey.face_screen
    assert window.current_screen() is face
    assert face.banner.kind is BannerKind.ERROR
    assert "工作人员" in face.banner.text()
    assert not face.retry_button.isVisible()
    assert live_api.sms_outbox(limit=50) == []  # a fresh service: no code was sent
    tap(face.back_button)
    wait_until_idle(window.runner)
    assert window.current_screen() is journey.document
