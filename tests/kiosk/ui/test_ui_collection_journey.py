"""Staff mode as screens (R-HA-1): staff login online and offline, the collection journey
with the mock camera and the real face pipeline through to SAVED and the record in the
local store, and the camera faults (lost at frame N, dark, two faces) each with a clear
message and a retry that works."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from staff_harness import Network, StaffKiosk, build_staff_kiosk, closed_port_client

from account_service.clock import ManualClock
from account_service.demo import DEMO_STAFF
from kiosk.demo.ui_driver import tap, wait_for_screen
from kiosk.devices.camera import SceneKind
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import CollectionStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.record_proof import verify_record
from kiosk.protocol.signing import public_key_b64
from kiosk.services.face.models import FaceModels, ModelLoader
from kiosk.services.face.types import Guidance, LivenessState
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.store.records import Sex
from kiosk.services.sync.payload import record_payload
from kiosk.ui.common.live_capture import CaptureFault
from kiosk.ui.common.widgets.touch_keyboard import KeyboardLayout, layout_for
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.journey import StaffStep

STAFF = DEMO_STAFF[0]
ZHANG_ID = "11010519491231002X"  # valid GB 11643: born 1949-12-31, female
CAPTURE_TIMEOUT_MS = 60_000
STEP_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def face_models() -> FaceModels:
    return ModelLoader().start().get(timeout=120)


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    tmp_path: Path,
    kiosk_session: KioskSession,
    language: LanguageController,
    manual_clock: ManualClock,
) -> Iterator[StaffKiosk]:
    with closed_port_client() as dead:
        built = build_staff_kiosk(
            network=Network(live_api, dead),
            models=face_models,
            data_dir=tmp_path / "kiosk",
            session=kiosk_session,
            language=language,
            clock=manual_clock.now,  # the live service's time: record keys expire on it
            locks=live_api,
        )
        qtbot.addWidget(built.window)
        built.window.resize_for(1280, 800)
        built.window.show()
        qtbot.waitExposed(built.window)
        try:
            yield built
        finally:
            built.window.shutdown()
            built.store.close()


def log_in(qtbot: QtBot, kiosk: StaffKiosk, *, online: bool) -> None:
    journey = kiosk.journey
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(kiosk.window.home.staff_button)
    assert shown.args == [StaffStep.LOGIN]
    login = journey.login
    qtbot.waitUntil(lambda: "在线" in login.connection.text() or "离线" in login.connection.text())
    assert ("● 在线" in login.connection.text()) is online
    qtbot.keyClicks(login.staff_no.line_edit, STAFF.staff_no)
    qtbot.keyClicks(login.password.line_edit, STAFF.password)
    with qtbot.waitSignal(journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(login.login_button)
    assert shown.args == [StaffStep.HOME], login.banner.text()


def enter_resident(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    journey = kiosk.journey
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(journey.home.collect_button)
    assert shown.args == [CollectionStep.DOCUMENT_TYPE]
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(journey.document_type.picker.buttons[DocumentType.RESIDENT_ID])
    assert shown.args == [CollectionStep.DOCUMENT_DATA]
    data = journey.document_data
    for key in ZHANG_ID:
        tap(data.keypad.button(key))
    assert data.number.feedback_text().startswith("✓")
    data.name.set_text("张三")  # what the Pinyin keyboard commits
    assert data.birth_button.text() == "1949-12-31"  # read from the ID number
    assert data.female.isChecked()


def capture_to_review(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    journey = kiosk.journey
    with qtbot.waitSignal(journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(journey.document_data.next_button)
    assert shown.args == [CollectionStep.FACE_CAPTURE], journey.document_data.banner.text()
    view = journey.capture.camera
    qtbot.waitUntil(lambda: view.analysis is not None, timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(journey.step_shown, timeout=CAPTURE_TIMEOUT_MS) as shown:
        pass
    assert shown.args == [CollectionStep.REVIEW], journey.capture.banner.text()


def test_R_HA_1_collection_journey_online_to_saved_record(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    log_in(qtbot, kiosk, online=True)
    home = kiosk.journey.home
    qtbot.waitUntil(lambda: home.status_text() == "● 在线 — 记录将发送至账户服务（0 条待同步）")
    enter_resident(qtbot, kiosk)
    capture_to_review(qtbot, kiosk)

    review = kiosk.journey.review
    assert not review.photo.pixmap().isNull()
    assert review.scores.rowCount() >= 5
    verdicts = {review.scores.item(r, 3).text() for r in range(review.scores.rowCount())}
    assert verdicts == {"✓ 通过"}
    assert review.liveness.text().startswith("活体检测：✓ 通过")
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(review.accept_button)
    assert shown.args == [CollectionStep.SAVED]
    saved = kiosk.journey.saved
    qtbot.waitUntil(lambda: "本终端有 1 条记录待同步" in saved.details.text())

    assert kiosk.store.count_waiting() == 1
    flow = kiosk.journey.flow
    assert flow is not None and flow.state.saved_id is not None
    record = kiosk.store.get(flow.state.saved_id)
    assert record is not None
    assert record.personal.name == "张三"
    assert record.personal.document_number == ZHANG_ID
    assert record.personal.sex is Sex.FEMALE
    assert record.face_jpeg and record.liveness_passed
    assert record.staff_no == STAFF.staff_no
    # Signed by the staff member's record key (R-HA-1): the service can check who collected it.
    staff = kiosk.journey.staff
    assert staff is not None and staff.signer is not None
    assert record.staff_key_id == staff.signer.key_id
    assert verify_record(public_key_b64(staff.signer.key), record_payload(record))


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_R_HA_1_collection_works_with_the_service_unreachable(
    qtbot: QtBot, kiosk: StaffKiosk, language: LanguageController
) -> None:
    """One online login caches the hash; with the network cut the staff member logs in
    offline, the staff screen says so, and the record is kept on the terminal."""
    log_in(qtbot, kiosk, online=True)
    tap(kiosk.journey.home.logout_button)
    wait_for_screen(kiosk.window, kiosk.window.home)
    kiosk.network.up = False

    log_in(qtbot, kiosk, online=False)
    home = kiosk.journey.home
    qtbot.waitUntil(lambda: home.status_text() == "○ 离线 — 记录保存在本终端（0 条待同步）")
    language.set_language(Lang.EN)
    qtbot.waitUntil(
        lambda: home.status_text() == "○ Offline — records kept on this terminal (0 waiting)"
    )
    language.set_language(Lang.ZH)
    enter_resident(qtbot, kiosk)
    capture_to_review(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=STEP_TIMEOUT_MS):
        tap(kiosk.journey.review.accept_button)
    saved = kiosk.journey.saved
    qtbot.waitUntil(lambda: "离线" in saved.details.text() and "1 条" in saved.details.text())
    assert kiosk.store.count_waiting() == 1

    # back on staff home, the waiting count shows
    with qtbot.waitSignal(kiosk.journey.step_shown):
        tap(saved.home_button)
    qtbot.waitUntil(lambda: home.status_text() == "○ 离线 — 记录保存在本终端（1 条待同步）")


def start_capture(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    log_in(qtbot, kiosk, online=True)
    enter_resident(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(kiosk.journey.document_data.next_button)
    assert shown.args == [CollectionStep.FACE_CAPTURE]


@pytest.mark.expected_log(
    r"^kiosk\.services\.camera_feed: camera fault: mock camera \(scene good,",
)
def test_camera_lost_at_frame_n_shows_a_message_and_retry_works(
    qtbot: QtBot, kiosk: StaffKiosk
) -> None:
    kiosk.actor.enabled = False  # the person stands still: no challenge progress needed
    start_capture(qtbot, kiosk)
    capture = kiosk.journey.capture
    qtbot.waitUntil(lambda: capture.camera.analysis is not None, timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(kiosk.journey.capture_fault_shown, timeout=STEP_TIMEOUT_MS) as fault:
        kiosk.camera.fail_after(5)
    assert fault.args == [CaptureFault.CAMERA_LOST]
    assert "摄像头已停止传送画面" in capture.banner.text()
    assert capture.retry_button.isVisible()

    kiosk.camera.replug()  # the tester plugs it back in
    capture.camera.show_analysis(None)
    tap(capture.retry_button)
    qtbot.waitUntil(lambda: capture.fault is None, timeout=STEP_TIMEOUT_MS)
    qtbot.waitUntil(lambda: capture.camera.analysis is not None, timeout=STEP_TIMEOUT_MS)
    assert not capture.retry_button.isVisible()
    assert kiosk.window.current_screen() is capture


@pytest.mark.parametrize(
    ("scene", "fault", "words"),
    [
        (SceneKind.TOO_DARK, CaptureFault.TOO_DARK, "光线太暗"),
        (SceneKind.TWO_FACES, CaptureFault.TWO_FACES, "不止一张人脸"),
    ],
)
def test_dark_and_two_faces_show_a_message_and_retry_works(
    qtbot: QtBot, kiosk: StaffKiosk, scene: SceneKind, fault: CaptureFault, words: str
) -> None:
    kiosk.actor.enabled = False
    kiosk.camera.set_scene(scene)
    start_capture(qtbot, kiosk)
    capture = kiosk.journey.capture
    with qtbot.waitSignal(kiosk.journey.capture_fault_shown, timeout=STEP_TIMEOUT_MS) as shown:
        pass
    assert shown.args == [fault]
    assert words in capture.banner.text()
    assert capture.retry_button.isVisible()

    kiosk.camera.set_scene(SceneKind.GOOD)  # the light is on / the others stepped aside
    kiosk.actor.enabled = True
    kiosk.actor.reset()
    tap(capture.retry_button)
    assert capture.fault is None
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=CAPTURE_TIMEOUT_MS) as done:
        pass
    assert done.args == [CollectionStep.REVIEW]


def test_liveness_overlay_shows_steps_while_capturing(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    kiosk.actor.enabled = False
    start_capture(qtbot, kiosk)
    view = kiosk.journey.capture.camera

    def in_progress() -> bool:
        a = view.analysis
        return a is not None and a.liveness.state is LivenessState.IN_PROGRESS

    qtbot.waitUntil(in_progress, timeout=STEP_TIMEOUT_MS)
    assert view.instruction_text() in ("请向左转头", "请向右转头", "请靠近摄像头")
    assert "第 1 项，共 2 项" in view.progress_text()
    assert view.box_rects()
    analysis = view.analysis
    assert analysis is not None and analysis.guidance is not Guidance.NO_FACE


def test_attempts_used_up_lead_to_the_exception_path_with_the_staff_reason(
    qtbot: QtBot, kiosk: StaffKiosk
) -> None:
    """A still photo held to the camera fails liveness on every attempt; after the last one
    staff type the reason, and the record is saved with it (R-HA-1)."""
    kiosk.actor.enabled = False
    kiosk.camera.set_scene(SceneKind.STILL_PHOTO)
    start_capture(qtbot, kiosk)
    capture = kiosk.journey.capture
    flow = kiosk.journey.flow
    assert flow is not None
    for left in range(flow.settings.max_attempts - 1, 0, -1):
        with qtbot.waitSignal(
            kiosk.journey.capture_fault_shown, timeout=CAPTURE_TIMEOUT_MS
        ) as shown:
            pass
        assert shown.args == [CaptureFault.LIVENESS_FAILED]
        assert f"还可拍摄 {left} 次" in capture.banner.text()
        tap(capture.retry_button)
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=CAPTURE_TIMEOUT_MS) as shown:
        pass
    assert shown.args == [CollectionStep.EXCEPTION]

    exception = kiosk.journey.exception
    with qtbot.waitSignal(kiosk.window.runner.task_finished):
        tap(exception.save_button)  # no reason yet: refused with a message
    assert "异常原因" in exception.banner.text()
    exception.reason.set_text("办理人佩戴口罩无法摘下")
    with qtbot.waitSignal(kiosk.journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(exception.save_button)
    assert shown.args == [CollectionStep.SAVED]
    assert "已按异常保存" in kiosk.journey.saved.banner.text()
    assert flow.state.saved_id is not None
    record = kiosk.store.get(flow.state.saved_id)
    assert record is not None
    assert record.exception_reason == "办理人佩戴口罩无法摘下"
    assert record.attempts == flow.settings.max_attempts


def test_capture_waits_for_the_face_models_with_a_spinner(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    tmp_path: Path,
    kiosk_session: KioskSession,
    language: LanguageController,
    manual_clock: ManualClock,
) -> None:
    """The kiosk is usable while the models load; the capture screen says it is waiting."""
    loaded = [False]
    with closed_port_client() as dead:
        built = build_staff_kiosk(
            network=Network(live_api, dead),
            models=face_models,
            data_dir=tmp_path / "kiosk",
            session=kiosk_session,
            language=language,
            models_ready=lambda: loaded[0],
            clock=manual_clock.now,
        )
        qtbot.addWidget(built.window)
        built.window.resize_for(1280, 800)
        built.window.show()
        try:
            start_capture(qtbot, built)
            capture = built.journey.capture
            assert capture.busy.running
            assert capture.busy.label.text() == "正在加载人脸模型…"
            qtbot.waitUntil(lambda: capture.camera.surface.image is not None)  # preview runs
            assert capture.camera.analysis is None
            loaded[0] = True
            qtbot.waitUntil(lambda: not capture.busy.running)
            qtbot.waitUntil(lambda: capture.camera.analysis is not None, timeout=STEP_TIMEOUT_MS)
        finally:
            built.window.shutdown()
            built.store.close()


def test_R_HA_1_an_expired_record_key_stops_collection_before_it_starts(
    qtbot: QtBot, kiosk: StaffKiosk, manual_clock: ManualClock
) -> None:
    """Offline for longer than the key lives: what would be collected could not be
    accepted, so the staff home says so instead of starting a collection."""
    log_in(qtbot, kiosk, online=True)
    manual_clock.advance(timedelta(days=8))
    home = kiosk.journey.home
    with qtbot.waitSignal(kiosk.journey.collection_refused) as refused:
        tap(home.collect_button)
    assert refused.args[0].code is ErrorCode.STAFF_KEY_NEEDED
    assert kiosk.window.current_screen() is home
    assert "联网时重新登录" in home.banner.text()


def test_R_LK_1_staff_see_and_lift_a_persons_lock_at_the_kiosk(
    qtbot: QtBot, kiosk: StaffKiosk, live_api: HttpAccountClient
) -> None:
    for _ in range(5):
        with pytest.raises(UserError):
            live_api.start_login(ZHANG_ID, "Wrong.pass1")
    log_in(qtbot, kiosk, online=True)
    journey = kiosk.journey
    locks = journey.locks
    assert locks is not None and journey.home.locks_button.isVisible()
    tap(journey.home.locks_button)
    search = locks.search
    assert kiosk.window.current_screen() is search
    for key in ZHANG_ID:
        tap(search.keypad.button(key))
    tap(search.search_button)
    shown = locks.lock
    wait_for_screen(kiosk.window, shown)
    assert shown.who.text().startswith("张*")
    assert "已锁定" in shown.state.text() and "明天 00:00" in shown.state.text()
    assert "密码 5" in shown.failures.text()
    assert shown.clear_button.text() == "解除锁定"
    tap(shown.clear_button)
    qtbot.waitUntil(lambda: "已解除锁定" in shown.banner.text(), timeout=STEP_TIMEOUT_MS)
    assert "未锁定" in shown.state.text()
    live_api.start_login(ZHANG_ID, "Zhang@2024")  # the person logs in again
    tap(shown.clear_button)  # now "完成": back to the search
    wait_for_screen(kiosk.window, search)


def test_R_LK_1_a_staff_account_is_looked_up_with_capitals_and_digits(
    qtbot: QtBot, kiosk: StaffKiosk
) -> None:
    log_in(qtbot, kiosk, online=True)
    locks = kiosk.journey.locks
    assert locks is not None
    tap(kiosk.journey.home.locks_button)
    search = locks.search
    hints = search.field.line_edit.inputMethodHints()
    # a person: the keypad for digits, the Latin keyboard for a username or a passport
    assert layout_for(hints) is KeyboardLayout.LATIN
    assert search.keypad.button("X").isVisible()
    tap(search.staff_button)
    hints = search.field.line_edit.inputMethodHints()
    # S0001: the keyboard opens in Latin capitals, the keypad has digits and no X.
    assert (
        hints & Qt.InputMethodHint.ImhPreferUppercase and hints & Qt.InputMethodHint.ImhPreferLatin
    )
    assert not search.keypad.button("X").isVisible()
    assert search.field.label.text() == "工号"
    qtbot.keyClicks(search.field.line_edit, "S")
    for key in "0001":
        tap(search.keypad.button(key))
    assert search.field.feedback_text() == ""  # not judged as a username
    tap(search.search_button)
    shown = locks.lock
    wait_for_screen(kiosk.window, shown)
    assert "未锁定" in shown.state.text()
    tap(shown.clear_button)  # "完成": back to the search, a person again
    wait_for_screen(kiosk.window, search)


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_R_LK_1_an_offline_staff_login_cannot_lift_locks(qtbot: QtBot, kiosk: StaffKiosk) -> None:
    log_in(qtbot, kiosk, online=True)
    tap(kiosk.journey.home.logout_button)
    wait_for_screen(kiosk.window, kiosk.window.home)
    kiosk.network.up = False
    log_in(qtbot, kiosk, online=False)
    home = kiosk.journey.home
    tap(home.locks_button)
    assert kiosk.window.current_screen() is home
    assert "需要联网登录" in home.banner.text()
