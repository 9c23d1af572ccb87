"""忘记密码 by face (R-PW-4, R-LK-1, R-PH-6, R-RN-4) as screens: the real account service
over HTTP (SQLite), the real face pipeline, and a mock camera playing the REAL test photos
(obama, obama2, obama3, biden from the face_recognition sdist, fetched into a cache).

The person's hall face reference is obama.jpg's template, ingested like a hall collection
record; the kiosk sends only the chosen frame's template. A ``ChallengeActor`` plays the
liveness challenge on the mock camera (the head turns are synthesized from the photo).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

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

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS, DemoPerson
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.domain.documents import DocumentType
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
from kiosk.ui.main_window import MainWindow
from tests.support.records import signed_by_staff

WANG = next(p for p in DEMO_PERSONS if p.name == "王五")  # phone 138****0003, level 3
ZHAO = next(p for p in DEMO_PERSONS if p.name == "赵六")  # no phone (R-PH-4)
NEW_PASSWORD = "Face#2026ok"


@dataclass
class FaceKiosk:
    window: MainWindow
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
    assert window.forgot is not None and window.forgot.face_check is not None
    actor = ChallengeActor(window.forgot.face_check.analyzer, cameras.set_scene)
    try:
        yield FaceKiosk(window, cameras, actor)
    finally:
        window.shutdown()


def give_face_reference(
    api: HttpAccountClient,
    clock: ManualClock,
    person: DemoPerson,
    template: tuple[float, ...],
    *,
    birth: date,
) -> None:
    """A hall collection record for ``person`` whose template is ``template`` (R-HA-1)."""
    record = {
        "id": str(uuid.uuid4()),
        "created_at": clock.now().isoformat(),
        "staff_no": "S0001",
        "document_type": person.document_type.value,
        "personal": {
            "name": person.name,
            "document_number": person.document_number,
            "birth_date": birth.isoformat(),
            "sex": "male",
            "nationality": "CHN",
            "name_latin": "",
        },
        "face_template": list(template),
        "face_jpeg_b64": None,
        "quality": [],
        "liveness_passed": True,
        "liveness_steps": ["turn_left"],
        "match_distance": None,
        "match_threshold": None,
        "attempts": 1,
        "exception_reason": None,
    }
    (ack,) = api.submit_collection_records([signed_by_staff(api, record)])
    assert ack.status is RecordStatus.ACCEPTED, ack.reason_en


@pytest.fixture
def obama_template(face_models: FaceModels, photos: dict[str, Frame]) -> tuple[float, ...]:
    encoding = FaceAnalyzer(face_models, FaceSettings()).encode_image(photos["obama"])
    assert encoding is not None
    return tuple(float(v) for v in encoding)


def open_with_document(qtbot: QtBot, window: MainWindow, person: DemoPerson) -> None:
    assert window.forgot is not None
    tap(window.home.tiles[Entry.FORGOT_PASSWORD])
    screen = window.forgot.identity
    assert window.current_screen() is screen
    tap(screen.picker.buttons[DocumentType.RESIDENT_ID])
    for char in person.document_number:
        tap(screen.keypad.button(char))
    assert screen.main_action is not None
    tap(screen.main_action)
    wait_until_idle(window.runner)


def set_new_password(qtbot: QtBot, window: MainWindow) -> None:
    assert window.forgot is not None
    new = window.forgot.new_password
    assert window.current_screen() is new
    qtbot.keyClicks(new.new_password.line_edit, NEW_PASSWORD)
    qtbot.keyClicks(new.confirm.line_edit, NEW_PASSWORD)
    assert new.main_action is not None
    tap(new.main_action)
    wait_until_idle(window.runner)
    assert window.current_screen() is window.forgot.done, new.banner.text()


def lock(api: HttpAccountClient, person: DemoPerson) -> None:
    for attempt in range(5):
        with pytest.raises(UserError):
            api.start_login(person.document_number, f"Wrong@000{attempt}")
    with pytest.raises(UserError) as locked:
        api.start_login(person.document_number, person.password)
    assert locked.value.code is ErrorCode.ACCOUNT_LOCKED


def test_R_PW_4_R_LK_1_locked_person_resets_by_face_and_is_unlocked(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    obama_template: tuple[float, ...],
) -> None:
    """Both offered: the person picks the face; obama2 against obama's hall reference."""
    give_face_reference(live_api, manual_clock, WANG, obama_template, birth=date(1976, 3, 15))
    lock(live_api, WANG)
    window = kiosk.window
    journey = window.forgot
    assert journey is not None
    open_with_document(qtbot, window, WANG)
    method = journey.method
    assert window.current_screen() is method, journey.identity.banner.text()
    assert method.step_label.text() == "第 2 步，共 3 步"
    assert "138****0003" in method.sms_button.text()
    assert method.face_button.text() == "刷脸验证"

    kiosk.cameras.person = "obama2"
    tap(method.face_button)
    face = journey.face_screen
    assert window.current_screen() is face
    assert face.step_label.text() == "第 2 步，共 3 步"
    qtbot.waitUntil(lambda: face.camera.analysis is not None, timeout=WAIT_MS)
    wait_for_screen(window, journey.new_password, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    assert journey.face_check is not None and not journey.face_check.running  # camera off
    set_new_password(qtbot, window)
    done = journey.done
    assert "已解锁" in done.banner.text()
    assert not done.retrieve_phone_button.isVisible()  # the account has a phone
    accepted = live_api.start_login(WANG.document_number, NEW_PASSWORD)
    assert accepted.sms_phone_masked == "138****0003"


def test_R_RN_4_another_face_is_refused_with_tries_left_then_the_right_face_passes(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    obama_template: tuple[float, ...],
) -> None:
    give_face_reference(live_api, manual_clock, WANG, obama_template, birth=date(1976, 3, 15))
    window = kiosk.window
    journey = window.forgot
    assert journey is not None
    open_with_document(qtbot, window, WANG)
    kiosk.cameras.person = "biden"
    with qtbot.waitSignal(journey.face_refused, timeout=CAPTURE_TIMEOUT_MS) as refused:
        tap(journey.method.face_button)
    error = refused.args[0]
    assert isinstance(error, UserError) and error.code is ErrorCode.FACE_MISMATCH
    face = journey.face_screen
    assert window.current_screen() is face
    assert face.banner.kind is BannerKind.ERROR
    assert face.banner.rule == "R-RN-4"
    text = face.banner.text()
    assert "人脸验证未通过" in text and "还可尝试 4 次" in text
    assert "光线" in text and "办税服务厅" in text  # the FAQ's guidance, then the hall
    assert face.retry_button.isVisible()

    kiosk.cameras.person = "obama3"  # the right person steps up and tries again
    kiosk.actor.reset()
    tap(face.retry_button)
    wait_for_screen(window, journey.new_password, timeout_s=CAPTURE_TIMEOUT_MS / 1000)


def test_R_PH_6_no_phone_face_only_then_retrieve_phone_is_offered(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    obama_template: tuple[float, ...],
) -> None:
    """No phone: SMS is not offered, the face check opens at once; after the reset the done
    screen leads to 找回手机号码."""
    give_face_reference(live_api, manual_clock, ZHAO, obama_template, birth=date(1992, 11, 20))
    window = kiosk.window
    journey = window.forgot
    assert journey is not None
    kiosk.cameras.person = "obama3"
    open_with_document(qtbot, window, ZHAO)
    assert journey.flow.state.methods == ("face",)
    face = journey.face_screen
    assert window.current_screen() is face, journey.identity.banner.text()
    wait_for_screen(window, journey.new_password, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    set_new_password(qtbot, window)
    done = journey.done
    assert done.retrieve_phone_button.isVisible()
    assert "没有手机号码" in done.phone_notice.text()
    tap(done.retrieve_phone_button)
    assert window.retrieve is not None
    assert window.current_screen() in window.retrieve.screens.values()
    live_api.start_login(ZHAO.document_number, NEW_PASSWORD)  # the new password works


def test_R_PH_6_without_a_camera_the_face_is_not_offered(
    qtbot: QtBot,
    make_window: Callable[[AccountApi], MainWindow],
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    obama_template: tuple[float, ...],
) -> None:
    """A terminal without the face pipeline never shows the face choice (SMS only)."""
    give_face_reference(live_api, manual_clock, WANG, obama_template, birth=date(1976, 3, 15))
    window = make_window(live_api)
    assert window.forgot is not None
    open_with_document(qtbot, window, WANG)
    assert window.current_screen() is window.forgot.sms
    assert window.forgot.flow.state.can_use_face  # the service offered it


def test_R_SE_1_idle_during_the_face_check_turns_the_camera_off(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
    obama_template: tuple[float, ...],
    idle_clock: IdleClock,
) -> None:
    give_face_reference(live_api, manual_clock, ZHAO, obama_template, birth=date(1992, 11, 20))
    window = kiosk.window
    journey = window.forgot
    assert journey is not None and journey.face_check is not None
    kiosk.actor.enabled = False  # the person just stands there: the check keeps running
    open_with_document(qtbot, window, ZHAO)
    face = journey.face_screen
    assert window.current_screen() is face
    qtbot.waitUntil(lambda: face.camera.analysis is not None, timeout=WAIT_MS)
    assert journey.face_check.running
    idle_clock.advance(window.session.policy.idle_s + 1)
    window.idle.poll()
    wait_until_idle(window.runner)
    assert window.current_screen() is window.home
    assert not journey.face_check.running
    assert face.camera.analysis is None  # the picture is gone from the screen
    assert journey.flow.state.verification_id is None
