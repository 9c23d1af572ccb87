"""Quality gates: each a named measure with its threshold from ``FaceSettings``."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.services.face.analyzer import DetectedFace, Image, as_u8
from kiosk.services.face.settings import FaceSettings
from kiosk.services.face.types import (
    Box,
    Guidance,
    QualityMeasure,
    QualityReport,
    QualityScore,
)

_DARK_LEVEL = 5
_BRIGHT_LEVEL = 250


def _clip_box(box: Box, width: int, height: int) -> Box:
    return Box(max(0, box.left), max(0, box.top), min(width, box.right), min(height, box.bottom))


def region_stats(grey: Image, box: Box, sharpness_width: int) -> tuple[float, float, float]:
    """(mean brightness, clipped fraction, Laplacian variance) of the face region."""
    height, width = grey.shape[:2]
    inner = _clip_box(box, width, height)
    region = grey[inner.top : inner.bottom, inner.left : inner.right]
    if region.size == 0:
        return 0.0, 1.0, 0.0
    clipped = np.count_nonzero((region <= _DARK_LEVEL) | (region >= _BRIGHT_LEVEL))
    # Resize to a fixed width so sharpness does not depend on how large the face is.
    scale = sharpness_width / region.shape[1]
    fixed = cv2.resize(
        region,
        (sharpness_width, max(1, round(region.shape[0] * scale))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    sharpness = float(cv2.Laplacian(fixed, cv2.CV_64F).var())
    return float(region.mean()), clipped / region.size, sharpness


def assess(
    frame_bgr: Image,
    faces: tuple[DetectedFace, ...],
    settings: FaceSettings,
    grey: Image | None = None,
) -> QualityReport:
    """All gates for one frame. With no face or several, only the face count is scored."""
    count = len(faces)
    count_score = QualityScore(QualityMeasure.FACE_COUNT, float(count), count == 1, "== 1")
    if count != 1:
        return QualityReport((count_score,))
    face = faces[0]
    height, width = frame_bgr.shape[:2]
    if grey is None:
        grey = as_u8(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY))
    s = settings
    marks = face.landmarks
    brightness, clipped, sharpness = region_stats(grey, face.box, s.sharpness_width)
    box = face.box
    centre_x, centre_y = (box.left + box.right) / 2.0, (box.top + box.bottom) / 2.0
    offset = max(abs(centre_x - width / 2.0) / width, abs(centre_y - height / 2.0) / height)
    inside = box.left >= 0 and box.top >= 0 and box.right <= width and box.bottom <= height
    yaw = marks.yaw_deg(s.nose_depth_ratio)
    roll = marks.roll_deg

    def score(measure: QualityMeasure, value: float, passed: bool, threshold: str) -> QualityScore:
        # Plain Python values: numpy's bool_/float64 would leak into JSON and the store.
        return QualityScore(measure, round(float(value), 4), bool(passed), threshold)

    return QualityReport(
        (
            count_score,
            score(
                QualityMeasure.INTER_EYE_DISTANCE,
                marks.inter_eye_px,
                s.min_inter_eye_px <= marks.inter_eye_px <= s.max_inter_eye_px,
                f"within [{s.min_inter_eye_px:g}, {s.max_inter_eye_px:g}]",
            ),
            score(
                QualityMeasure.YAW,
                yaw,
                abs(yaw) <= s.max_yaw_deg,
                f"within [{-s.max_yaw_deg:g}, {s.max_yaw_deg:g}]",
            ),
            score(
                QualityMeasure.ROLL,
                roll,
                abs(roll) <= s.max_roll_deg,
                f"within [{-s.max_roll_deg:g}, {s.max_roll_deg:g}]",
            ),
            score(
                QualityMeasure.BRIGHTNESS,
                brightness,
                s.min_brightness <= brightness <= s.max_brightness,
                f"within [{s.min_brightness:g}, {s.max_brightness:g}]",
            ),
            score(
                QualityMeasure.EXPOSURE_CLIPPING,
                clipped,
                clipped <= s.max_clipped_fraction,
                f"<= {s.max_clipped_fraction:g}",
            ),
            score(
                QualityMeasure.SHARPNESS,
                sharpness,
                sharpness >= s.min_sharpness,
                f">= {s.min_sharpness:g}",
            ),
            score(
                QualityMeasure.CENTRED,
                offset,
                offset <= s.max_centre_offset,
                f"<= {s.max_centre_offset:g}",
            ),
            score(QualityMeasure.CROPPED, 1.0 if inside else 0.0, inside, "== 1"),
        )
    )


def guidance_for(report: QualityReport, settings: FaceSettings) -> Guidance:
    """The single most urgent instruction for a report (ui.md: one at a time)."""
    failed = set(report.failed())
    count = report.value(QualityMeasure.FACE_COUNT) or 0.0
    if count == 0:
        return Guidance.NO_FACE
    if count > 1:
        return Guidance.ONE_PERSON
    brightness = report.value(QualityMeasure.BRIGHTNESS) or 0.0
    if QualityMeasure.BRIGHTNESS in failed:
        return Guidance.TOO_DARK if brightness < settings.min_brightness else Guidance.TOO_BRIGHT
    if QualityMeasure.EXPOSURE_CLIPPING in failed:
        # Clipping with a mid-range mean: judge by which side of mid-grey the face sits.
        return Guidance.TOO_DARK if brightness < 128 else Guidance.TOO_BRIGHT
    if QualityMeasure.INTER_EYE_DISTANCE in failed:
        inter_eye = report.value(QualityMeasure.INTER_EYE_DISTANCE) or 0.0
        return Guidance.MOVE_CLOSER if inter_eye < settings.min_inter_eye_px else Guidance.MOVE_BACK
    if failed & {QualityMeasure.CENTRED, QualityMeasure.CROPPED}:
        return Guidance.CENTRE_FACE
    if failed & {QualityMeasure.YAW, QualityMeasure.ROLL}:
        return Guidance.FACE_CAMERA
    if QualityMeasure.SHARPNESS in failed:
        return Guidance.HOLD_STILL
    return Guidance.GOOD


def rank(report: QualityReport, settings: FaceSettings) -> float:
    """Higher is better, among passing frames: sharp, frontal, level, centred."""
    sharp = (report.value(QualityMeasure.SHARPNESS) or 0.0) / settings.min_sharpness
    yaw = abs(report.value(QualityMeasure.YAW) or 0.0) / settings.max_yaw_deg
    roll = abs(report.value(QualityMeasure.ROLL) or 0.0) / settings.max_roll_deg
    centre = (report.value(QualityMeasure.CENTRED) or 0.0) / settings.max_centre_offset
    return min(sharp, 4.0) - yaw - roll - centre
