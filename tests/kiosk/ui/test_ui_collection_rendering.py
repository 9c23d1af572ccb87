"""Every staff and collection screen rendered offscreen, filled the way staff meet it:
nothing clipped at 1280x800 and 1920x1080 in both languages, Chinese glyphs really drawn,
touch targets at least 60 px, and the tester panel's camera knobs (ui.md)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import cv2
import pytest
from kiosk_ui_fakes import FakeApi
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.exceptions import TimeoutError as QtBotTimeout
from pytestqt.qtbot import QtBot
from test_ui_rendering import clipped, ink_pixels

from kiosk.devices.camera import SceneKind
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.camera_scenes import build_scene
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import DocumentField, FieldError
from kiosk.flows.login import LoginFlow
from kiosk.protocol.messages import Lang
from kiosk.services.face.types import (
    Box,
    CaptureResult,
    ChallengeStep,
    FrameAnalysis,
    Guidance,
    LivenessProgress,
    LivenessState,
    QualityMeasure,
    QualityReport,
    QualityScore,
)
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.staff_auth import StaffSession
from kiosk.ui.common.live_capture import CaptureFault, FaceSources
from kiosk.ui.common.widgets.big_button import MIN_TOUCH_PX
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.journey import StaffSources
from kiosk.ui.journeys.tester import panel as tester_panel
from kiosk.ui.main_window import MainWindow

SIZES = ((1280, 800), (1920, 1080))


class NullFeed:
    def start(self) -> None: ...

    def stop(self, timeout_s: float = 5.0) -> None: ...

    def retry_now(self) -> None: ...


def _refuse_login(staff_no: str, password: str) -> StaffSession:
    raise AssertionError("not called in rendering tests")


def _no_capture() -> object:
    raise AssertionError("models never ready here")


@pytest.fixture
def window(
    qtbot: QtBot, language: LanguageController, kiosk_session: KioskSession, tmp_path: Path
) -> Iterator[MainWindow]:
    staff = StaffSources(
        login=_refuse_login,
        is_online=lambda: True,
        new_flow=lambda _staff: pytest.fail("no flow in rendering tests"),
        camera_feed=lambda _f, _s: NullFeed(),
        face=FaceSources(
            models_ready=lambda: False,
            models_failed=lambda: False,
            new_capture=_no_capture,  # type: ignore[arg-type]
        ),
        tester=True,
    )
    api = FakeApi()
    tester = tester_panel.TesterSources(
        device_report=list, sms_outbox=api.sms_outbox, camera=MockCameraControl(tmp_path)
    )
    built = MainWindow(
        flow=LoginFlow(api), session=kiosk_session, language=language, tester=tester, staff=staff
    )
    qtbot.addWidget(built)
    built.resize_for(1280, 800)
    built.show()
    qtbot.waitExposed(built)
    yield built
    built.shutdown()


def capture_result() -> CaptureResult:
    frame = build_scene(SceneKind.GOOD).frame_at(0)
    ok, jpeg = cv2.imencode(".jpg", frame)
    assert ok
    scores = (
        QualityScore(QualityMeasure.FACE_COUNT, 1.0, True, "== 1"),
        QualityScore(QualityMeasure.INTER_EYE_DISTANCE, 110.16, True, "within [90, 300]"),
        QualityScore(QualityMeasure.YAW, 2.7, True, "within [-15, 15]"),
        QualityScore(QualityMeasure.ROLL, 3.12, True, "within [-12, 12]"),
        QualityScore(QualityMeasure.BRIGHTNESS, 158.99, True, "within [70, 200]"),
        QualityScore(QualityMeasure.EXPOSURE_CLIPPING, 0.01, True, "<= 0.1"),
        QualityScore(QualityMeasure.SHARPNESS, 82.3, True, ">= 30"),
        QualityScore(QualityMeasure.CENTRED, 0.03, True, "<= 0.2"),
        QualityScore(QualityMeasure.CROPPED, 1.0, True, "== 1"),
    )
    return CaptureResult(
        image_jpeg=jpeg.tobytes(),
        encoding=(0.0,) * 128,
        quality=QualityReport(scores),
        liveness_passed=True,
        liveness_steps=(ChallengeStep.TURN_LEFT, ChallengeStep.COME_CLOSER),
        match_distance=0.41,
        match_threshold=0.5,
    )


def staff_screens(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    journey = window.staff
    assert journey is not None
    journey.login.set_online(False)
    journey.login.staff_no.set_text("S0001")
    window.show_screen(journey.login)
    yield "staff-login", journey.login
    journey.home.show_staff("王*", online=False, waiting=12)
    window.show_screen(journey.home)
    yield "staff-home", journey.home
    journey.document_type.set_step(1, 5)
    window.show_screen(journey.document_type)
    yield "document-type", journey.document_type
    data = journey.document_data
    for doc_type in (DocumentType.RESIDENT_ID, DocumentType.FOREIGN_PASSPORT):
        data.wipe()
        data.set_document_type(doc_type)
        data.number.set_text("11010519491231002")
        data.name.set_text("张三")
        data.name_latin.set_text("SMITH JOHN")
        data.set_birth_date(date(1949, 12, 31))
        data.show_field_errors(
            (
                FieldError(DocumentField.SEX, "R-ID-5", "性别与证件号码不一致。", "Sex mismatch."),
                FieldError(
                    DocumentField.BIRTH_DATE, None, "请选择出生日期。", "Choose the birth date."
                ),
            )
        )
        window.show_screen(data)
        yield f"document-data-{doc_type.value}", data
    data.open_birth_picker()
    yield "date-picker", data
    data.birth_overlay.close_overlay()
    capture = journey.capture
    capture.set_attempt(2, 3)
    window.show_screen(capture)
    capture.camera.show_frame(build_scene(SceneKind.GOOD).frame_at(0))
    capture.camera.show_analysis(
        FrameAnalysis(
            boxes=(Box(200, 120, 440, 360),),
            guidance=Guidance.GOOD,
            quality=None,
            liveness=LivenessProgress(
                LivenessState.IN_PROGRESS,
                (ChallengeStep.TURN_RIGHT, ChallengeStep.COME_CLOSER),
                0,
                seconds_left=5.0,
            ),
            analysis_ms=20.0,
        )
    )
    yield "face-capture", capture
    capture.show_loading_models()
    yield "face-capture-loading", capture
    capture.models_loaded()
    capture.show_fault(CaptureFault.TWO_FACES, attempts_left=1)
    yield "face-capture-fault", capture
    journey.review.show_capture(capture_result(), retakes_left=2)
    window.show_screen(journey.review)
    yield "review", journey.review
    journey.saved.show_saved(
        "0b6f1a52-2f4e-4c53-9d55-0c8d3f3b1a11", exception=False, online=False, waiting=4
    )
    window.show_screen(journey.saved)
    yield "saved", journey.saved
    journey.exception.reason.set_text("摄像头故障")
    window.show_screen(journey.exception)
    yield "exception", journey.exception
    assert window.tester_panel is not None
    window.show_screen(window.tester_panel)
    yield "tester-panel", window.tester_panel


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_staff_screen_is_clipped_or_grows_beyond_the_display(
    qtbot: QtBot, window: MainWindow, lang: Lang, size: tuple[int, int]
) -> None:
    window.set_language(lang)
    window.resize_for(*size)
    for name, screen in staff_screens(window):
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        window.resize_for(*size)
        with contextlib.suppress(QtBotTimeout):
            qtbot.waitUntil(lambda s=screen: clipped(s) == [], timeout=2000)
        assert clipped(screen) == [], name
        assert window.size().toTuple() == size, name
        for button in screen.findChildren(QPushButton):
            if button.isVisibleTo(screen):
                assert button.height() >= MIN_TOUCH_PX, (name, button.text())


def test_staff_screens_draw_their_chinese_glyphs(qtbot: QtBot, window: MainWindow) -> None:
    for name, screen in staff_screens(window):
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        labels = [
            w
            for w in screen.findChildren(QLabel)
            if w.isVisibleTo(screen) and re.search(r"[\u4e00-\u9fff]", w.text())
        ]
        assert labels, name
        for label in labels:
            for char in set(re.findall(r"[\u4e00-\u9fff]", label.text())):
                assert QFontMetrics(label.font()).inFontUcs4(ord(char)), (name, char)
        title = screen.findChild(QLabel, "screenTitle")
        assert title is not None
        assert ink_pixels(title.grab().toImage()) > 200, name


def test_review_shows_scores_in_words_and_the_match_distance(
    qtbot: QtBot, window: MainWindow, language: LanguageController
) -> None:
    """Pass/fail in words with ✓/✗ (never colour alone); the match against its threshold."""
    journey = window.staff
    assert journey is not None
    review = journey.review
    review.show_capture(capture_result(), retakes_left=1)
    window.show_screen(review)
    rows = [
        [review.scores.item(r, c).text() for c in range(4)] for r in range(review.scores.rowCount())
    ]
    assert rows[1] == ["两眼间距（像素）", "110.16", "90 ~ 300", "✓ 通过"]
    assert review.match.text() == "证件照片：✓ 同一人（距离 0.410 ≤ 0.50）"
    assert review.retake_button.text() == "重拍（剩余 1 次）"
    language.set_language(Lang.EN)
    qtbot.waitUntil(lambda: review.scores.item(6, 3).text() == "✓ Passed")
    assert review.scores.item(1, 2).text() == "90 to 300"
    assert review.liveness.text() == "Liveness: ✓ passed (turn left, come closer)"


def test_tester_panel_camera_knobs_write_the_control_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Testers switch the mock camera's scene and inject faults from the panel."""
    panel = window.tester_panel
    assert panel is not None and panel.camera_controls is not None
    controls = panel.camera_controls
    window.show_screen(panel)
    control = MockCameraControl(tmp_path)
    qtbot.mouseClick(controls.scene_buttons[SceneKind.TOO_DARK], Qt.MouseButton.LeftButton)
    assert control.read().scene is SceneKind.TOO_DARK
    assert controls.scene_buttons[SceneKind.TOO_DARK].isChecked()
    qtbot.mouseClick(controls.fewer, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(controls.lose_button, Qt.MouseButton.LeftButton)
    assert control.read().lost_at == 25
    qtbot.mouseClick(controls.unplug_button, Qt.MouseButton.LeftButton)
    assert not control.read().plugged
    qtbot.mouseClick(controls.replug_button, Qt.MouseButton.LeftButton)
    state = control.read()
    assert state.plugged and state.lost_at is None
    qtbot.mouseClick(controls.slow_button, Qt.MouseButton.LeftButton)
    assert control.read().delay_ms == 200
    assert "200 ms" in controls.state_label.text()
