"""Each quality gate rejects its bad scene and accepts a good one (issue 3, acceptance 1).

Bad scenes are image operations on real photos placed into 640x480 frames.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import cv2
import numpy as np
import pytest

from kiosk.services.face.analyzer import FaceAnalyzer, Image
from kiosk.services.face.quality import assess, guidance_for
from kiosk.services.face.types import Guidance, QualityMeasure, QualityReport
from tests.support.photos import synthesize_yaw

PEOPLE = ["obama", "obama2", "obama3", "biden", "astronaut"]
Maker = Callable[..., Image]


def judge(analyzer: FaceAnalyzer, frame: Image) -> tuple[QualityReport, Guidance]:
    faces = analyzer.detect(frame).faces
    report = assess(frame, faces, analyzer.settings)
    return report, guidance_for(report, analyzer.settings)


@pytest.mark.parametrize("name", PEOPLE)
def test_good_frame_passes_every_gate(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    report, guidance = judge(analyzer, make_frame(name))
    assert report.passed, report.failed()
    assert guidance is Guidance.GOOD
    assert {s.measure for s in report.scores} == set(QualityMeasure)
    inter_eye = report.value(QualityMeasure.INTER_EYE_DISTANCE)
    assert inter_eye is not None and inter_eye >= 90


def test_blank_frame_says_no_face(analyzer: FaceAnalyzer) -> None:
    report, guidance = judge(analyzer, np.full((480, 640, 3), 120, dtype=np.uint8))
    assert report.failed() == (QualityMeasure.FACE_COUNT,)
    assert guidance is Guidance.NO_FACE


def test_two_faces_side_by_side_ask_for_one_person(
    analyzer: FaceAnalyzer, make_frame: Maker
) -> None:
    left = make_frame("obama", box_width=200, centre=(160.0, 240.0))
    right = make_frame("biden", box_width=200, centre=(160.0, 240.0))
    report, guidance = judge(analyzer, np.hstack([left[:, :320], right[:, :320]]))
    assert report.value(QualityMeasure.FACE_COUNT) == 2
    assert not report.passed
    assert guidance is Guidance.ONE_PERSON


@pytest.mark.parametrize("name", PEOPLE)
def test_too_dark(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    dark = (make_frame(name).astype(np.float32) * 0.25).astype(np.uint8)
    report, guidance = judge(analyzer, dark)
    assert QualityMeasure.BRIGHTNESS in report.failed()
    assert guidance is Guidance.TOO_DARK


@pytest.mark.parametrize("name", ["obama2", "obama3", "biden"])
def test_too_bright(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    bright = np.clip(make_frame(name).astype(np.int16) * 2 + 60, 0, 255).astype(np.uint8)
    report, guidance = judge(analyzer, bright)
    assert QualityMeasure.BRIGHTNESS in report.failed()
    assert QualityMeasure.EXPOSURE_CLIPPING in report.failed()
    assert guidance is Guidance.TOO_BRIGHT


@pytest.mark.parametrize("name", PEOPLE)
def test_blurred_asks_to_hold_still(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    blurred = cv2.GaussianBlur(make_frame(name), (0, 0), 3)
    report, guidance = judge(analyzer, blurred)
    assert report.failed() == (QualityMeasure.SHARPNESS,)
    assert guidance is Guidance.HOLD_STILL


@pytest.mark.parametrize("name", PEOPLE)
def test_too_far_asks_to_come_closer(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    report, guidance = judge(analyzer, make_frame(name, box_width=150))
    assert report.failed() == (QualityMeasure.INTER_EYE_DISTANCE,)
    assert guidance is Guidance.MOVE_CLOSER


@pytest.mark.parametrize("name", PEOPLE)
def test_off_centre(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    report, guidance = judge(analyzer, make_frame(name, centre=(500.0, 240.0)))
    assert report.failed() == (QualityMeasure.CENTRED,)
    assert guidance is Guidance.CENTRE_FACE


@pytest.mark.parametrize("name", PEOPLE)
def test_cropped_at_the_edge(analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
    report, guidance = judge(analyzer, make_frame(name, centre=(560.0, 240.0)))
    assert QualityMeasure.CROPPED in report.failed()
    assert guidance is Guidance.CENTRE_FACE


@pytest.mark.parametrize("name", ["obama", "astronaut"])
@pytest.mark.parametrize("shift", [-70.0, 70.0])
def test_turned_face_asks_to_face_the_camera(
    analyzer: FaceAnalyzer, make_frame: Maker, name: str, shift: float
) -> None:
    frame = make_frame(name)
    marks = analyzer.detect(frame).faces[0].landmarks
    turned = synthesize_yaw(frame, marks.nose, shift, marks.inter_eye_px)
    report, guidance = judge(analyzer, turned)
    assert QualityMeasure.YAW in report.failed()
    yaw = report.value(QualityMeasure.YAW)
    assert yaw is not None and np.sign(yaw) == np.sign(shift)
    assert guidance is Guidance.FACE_CAMERA


def test_tilted_head_fails_roll(analyzer: FaceAnalyzer, make_frame: Maker) -> None:
    frame = make_frame("obama")
    matrix = cv2.getRotationMatrix2D((320.0, 240.0), 25.0, 1.0)
    tilted = cv2.warpAffine(frame, matrix, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    report, guidance = judge(analyzer, tilted)
    assert QualityMeasure.ROLL in report.failed()
    assert guidance is Guidance.FACE_CAMERA


def test_scores_are_plain_python_values_so_records_serialise(
    analyzer: FaceAnalyzer, make_frame: Callable[..., Image]
) -> None:
    """numpy bool_/float64 in a report broke saving a record (json.dumps)."""
    frame = make_frame("obama")
    report = assess(frame, analyzer.detect(frame).faces, analyzer.settings)
    for score in report.scores:
        assert type(score.value) is float
        assert type(score.passed) is bool
    json.dumps([[s.measure, s.value, s.passed, s.threshold] for s in report.scores])
