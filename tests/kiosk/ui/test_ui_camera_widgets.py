"""The collection widgets: the mirrored camera preview with its overlay (ui.md "Camera
screens"), the 12 document types (R-ID-2), the touch date picker, the name fields' input
hints for the virtual keyboard."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.demo.ui_driver import tap
from kiosk.domain.documents import DIRECT_TYPES, HALL_FIRST_TYPES, DocumentType
from kiosk.protocol.messages import Lang
from kiosk.services.face.types import (
    Box,
    ChallengeStep,
    FrameAnalysis,
    Guidance,
    LivenessProgress,
    LivenessState,
)
from kiosk.ui.common.widgets.camera_view import CameraView, Illustration, frame_to_image
from kiosk.ui.common.widgets.date_picker import DatePicker, Part
from kiosk.ui.common.widgets.document_type_picker import DocumentTypePicker
from kiosk.ui.common.widgets.name_field import NameField, NameScript
from kiosk.ui.i18n import LanguageController


def analysis(
    guidance: Guidance = Guidance.GOOD,
    boxes: tuple[Box, ...] = (),
    liveness: LivenessProgress | None = None,
) -> FrameAnalysis:
    return FrameAnalysis(
        boxes=boxes,
        guidance=guidance,
        quality=None,
        liveness=liveness or LivenessProgress(LivenessState.NOT_STARTED, (), 0),
        analysis_ms=5.0,
    )


@pytest.fixture
def view(qtbot: QtBot, language: LanguageController) -> CameraView:
    widget = CameraView(language)
    qtbot.addWidget(widget)
    widget.resize(640, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_frames_are_shown_mirrored_like_a_mirror() -> None:
    """ui.md: the preview is a mirror. A red left half shows as a red *right* half."""
    frame = np.zeros((40, 80, 3), dtype=np.uint8)
    frame[:, :40] = (0, 0, 255)  # BGR red on the frame's left
    image = frame_to_image(frame)
    assert QColor(image.pixel(70, 20)).red() == 255
    assert QColor(image.pixel(10, 20)).red() == 0
    unmirrored = frame_to_image(frame, mirrored=False)
    assert QColor(unmirrored.pixel(10, 20)).red() == 255


def test_a_box_on_the_frames_left_edge_is_drawn_on_the_widgets_right(
    qtbot: QtBot, view: CameraView
) -> None:
    view.show_frame(np.zeros((480, 640, 3), dtype=np.uint8))
    view.show_analysis(analysis(boxes=(Box(left=0, top=100, right=100, bottom=220),)))
    surface = view.surface
    picture = surface.picture_rect()
    (rect,) = view.box_rects()
    assert rect.right() == pytest.approx(picture.right(), abs=1)
    assert rect.left() > surface.width() / 2
    assert rect.width() == pytest.approx(100 * picture.width() / 640, abs=1)
    # and it is really painted there: the box colour appears at the right edge
    image = surface.grab().toImage()
    y = round(rect.top() + rect.height() / 2)
    right_edge = QColor(image.pixel(round(rect.right()) - 2, y))
    left_side = QColor(image.pixel(round(picture.left()) + 2, y))
    assert right_edge.green() > 100 and left_side.green() < 30


def test_guidance_is_one_short_instruction_in_both_languages(
    qtbot: QtBot, view: CameraView, language: LanguageController
) -> None:
    expected = {
        Guidance.NO_FACE: ("请正对摄像头", "Please face the camera"),
        Guidance.ONE_PERSON: ("请保持一人", "Only one person in view, please"),
        Guidance.TOO_DARK: ("光线太暗", "It is too dark"),
        Guidance.MOVE_CLOSER: ("请靠近一点", "Please come a little closer"),
        Guidance.MOVE_BACK: ("请离远一点", "Please move back a little"),
        Guidance.CENTRE_FACE: ("请将面部移到画面中央", "Please move your face to the centre"),
        Guidance.HOLD_STILL: ("请保持不动", "Please hold still"),
        Guidance.GOOD: ("很好，请保持", "Good, please hold it"),
    }
    for guidance, (zh, en) in expected.items():
        language.set_language(Lang.ZH)
        view.show_analysis(analysis(guidance))
        assert view.instruction_text() == zh
        language.set_language(Lang.EN)
        qtbot.waitUntil(lambda en=en: view.instruction_text() == en)
    assert view.instruction.property("textRole") == "guidance"


def test_liveness_step_shows_an_arrow_to_the_persons_side_and_the_progress(
    qtbot: QtBot, view: CameraView, language: LanguageController
) -> None:
    steps = (ChallengeStep.TURN_LEFT, ChallengeStep.TURN_RIGHT, ChallengeStep.COME_CLOSER)
    view.show_frame(np.full((480, 640, 3), 90, dtype=np.uint8))
    progress = LivenessProgress(LivenessState.IN_PROGRESS, steps, 1, seconds_left=4.2)
    view.show_analysis(analysis(Guidance.GOOD, liveness=progress))
    assert view.instruction_text() == "请向右转头"
    # Mirrored preview: the person's right is the screen's right.
    assert view.illustration is Illustration.ARROW_RIGHT
    assert view.progress_text() == "● ● ○   第 2 项，共 3 项  ·  剩余 4 秒"
    view.show_analysis(analysis(liveness=LivenessProgress(LivenessState.IN_PROGRESS, steps, 0)))
    assert view.illustration is Illustration.ARROW_LEFT
    view.show_analysis(analysis(liveness=LivenessProgress(LivenessState.IN_PROGRESS, steps, 2)))
    assert view.illustration is Illustration.COME_CLOSER
    assert view.instruction_text() == "请靠近摄像头"
    # the arrow is drawn: blue pixels left of centre for "turn left"
    view.show_analysis(analysis(liveness=LivenessProgress(LivenessState.IN_PROGRESS, steps, 0)))
    image = view.surface.grab().toImage()
    picture = view.surface.picture_rect()
    y = round(picture.center().y())
    blue_left = sum(
        1
        for x in range(round(picture.left()), round(picture.center().x()))
        if QColor(image.pixel(x, y)).blue() > 150 and QColor(image.pixel(x, y)).red() < 60
    )
    assert blue_left > 20
    # someone steps in: that problem comes first, the arrow goes
    view.show_analysis(
        analysis(
            Guidance.ONE_PERSON, liveness=LivenessProgress(LivenessState.IN_PROGRESS, steps, 0)
        )
    )
    assert view.instruction_text() == "请保持一人"
    assert view.illustration is Illustration.NONE
    language.set_language(Lang.EN)
    view.show_analysis(analysis(liveness=LivenessProgress(LivenessState.PASSED, steps, 3)))
    qtbot.waitUntil(lambda: view.progress_text() == "● ● ●   All 3 actions done")


def test_document_type_picker_offers_all_12_types(
    qtbot: QtBot, language: LanguageController
) -> None:
    """R-ID-2: 7 direct types and 5 that need hall collection first, all offered."""
    picker = DocumentTypePicker(language)
    qtbot.addWidget(picker)
    picker.show()
    assert set(picker.buttons) == set(DocumentType)
    assert len(DIRECT_TYPES) == 7 and len(HALL_FIRST_TYPES) == 5
    assert picker.buttons[DocumentType.FOREIGN_PASSPORT].text() == "外国护照"
    for button in picker.buttons.values():
        assert button.height() >= 60
    with qtbot.waitSignal(picker.chosen) as chosen:
        tap(picker.buttons[DocumentType.FOREIGN_WORK_PERMIT_B])
    assert chosen.args == [DocumentType.FOREIGN_WORK_PERMIT_B]
    language.set_language(Lang.EN)
    qtbot.waitUntil(
        lambda: picker.buttons[DocumentType.FOREIGN_PASSPORT].text() == "Foreign Passport"
    )


def test_date_picker_is_set_by_taps_alone(qtbot: QtBot, language: LanguageController) -> None:
    picker = DatePicker(
        initial=date(1980, 1, 31), earliest=date(1900, 1, 1), latest=date(2026, 11, 22)
    )
    qtbot.addWidget(picker)
    picker.show()
    # 1980-01-31 → 1995-02-28 → 1995-03-28: tens and ones of years, month + 1, day clamped
    tap(picker.buttons[(Part.YEAR, 10)])
    for _ in range(5):
        tap(picker.buttons[(Part.YEAR, 1)])
    with qtbot.waitSignal(picker.date_changed) as changed:
        tap(picker.buttons[(Part.MONTH, 1)])
    assert changed.args == [date(1995, 2, 28)]
    tap(picker.buttons[(Part.MONTH, 1)])
    tap(picker.buttons[(Part.DAY, -1)])
    assert picker.date() == date(1995, 3, 27)
    assert picker.values[Part.DAY].text() == "27"
    # never after the latest date (a birth date cannot be in the future)
    for _ in range(5):
        tap(picker.buttons[(Part.YEAR, 10)])
    assert picker.date() <= date(2026, 11, 22)
    assert all(b.height() >= 60 for b in picker.buttons.values())


def test_name_fields_ask_the_virtual_keyboard_for_pinyin_or_latin(
    qtbot: QtBot, language: LanguageController
) -> None:
    """Chinese names via Pinyin (prediction on, no Latin preference, zh_CN locale);
    foreign names in Latin capitals without prediction."""
    chinese = NameField(language, script=NameScript.CHINESE)
    latin = NameField(language, script=NameScript.LATIN)
    qtbot.addWidget(chinese)
    qtbot.addWidget(latin)
    hints = chinese.line_edit.inputMethodHints()
    assert not hints & Qt.InputMethodHint.ImhPreferLatin
    assert not hints & Qt.InputMethodHint.ImhNoPredictiveText
    assert chinese.line_edit.locale().name() == "zh_CN"
    latin_hints = latin.line_edit.inputMethodHints()
    assert latin_hints & Qt.InputMethodHint.ImhPreferLatin
    assert latin_hints & Qt.InputMethodHint.ImhNoPredictiveText
