"""Detection, 5-point landmarks and 128-d encodings through dlib directly.

Detection runs on a frame downscaled to ``detection_width`` (HOG, upsample 0 by default);
boxes are scaled back and landmarks are found at full resolution. Encoding (~75 ms) is
separate and never part of the per-frame path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import dlib
import numpy as np
from numpy.typing import NDArray

from kiosk.services.face.landmarks import Landmarks5
from kiosk.services.face.models import FaceModels
from kiosk.services.face.settings import FaceSettings
from kiosk.services.face.types import Box

Image = NDArray[np.uint8]
"""A BGR image, shape (height, width, 3), as OpenCV and the camera deliver it."""
Encoding = NDArray[np.float64]
"""A 128-d ResNet face template."""


@dataclass(frozen=True, slots=True)
class DetectedFace:
    box: Box
    landmarks: Landmarks5
    shape: Any  # dlib.full_object_detection, needed by the encoder


@dataclass(frozen=True, slots=True)
class Detection:
    """One frame's faces, plus the small grey frame (reused for the still-image check)."""

    faces: tuple[DetectedFace, ...]
    small_grey: Image


def as_u8(array: object) -> Image:
    """OpenCV's results typed as the uint8 images they are (no copy when already uint8)."""
    return np.asarray(array, dtype=np.uint8)


def face_distance(a: Encoding, b: Encoding) -> float:
    """Euclidean distance between two encodings (dlib's metric; <= 0.6 = same person)."""
    return float(np.linalg.norm(np.asarray(a, dtype=np.float64) - np.asarray(b, np.float64)))


class FaceAnalyzer:
    def __init__(self, models: FaceModels, settings: FaceSettings | None = None) -> None:
        self._models = models
        self._settings = settings if settings is not None else FaceSettings()

    @property
    def settings(self) -> FaceSettings:
        return self._settings

    def detect(self, frame_bgr: Image) -> Detection:
        """Faces in a frame, fast enough for every preview frame."""
        height, width = frame_bgr.shape[:2]
        grey = as_u8(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY))
        target = min(self._settings.detection_width, width)
        scale = width / target
        small = (
            grey
            if target == width
            else as_u8(
                cv2.resize(grey, (target, round(height / scale)), interpolation=cv2.INTER_AREA)
            )
        )
        rects = self._models.detector(small, self._settings.detection_upsample)
        faces = tuple(self._face_at(grey, rect, scale) for rect in rects)
        return Detection(faces=faces, small_grey=small)

    def _face_at(self, grey: Image, rect: Any, scale: float) -> DetectedFace:
        full = dlib.rectangle(
            round(rect.left() * scale),
            round(rect.top() * scale),
            round(rect.right() * scale),
            round(rect.bottom() * scale),
        )
        shape = self._models.predictor(grey, full)
        points = tuple((float(shape.part(i).x), float(shape.part(i).y)) for i in range(5))
        box = Box(full.left(), full.top(), full.right(), full.bottom())
        return DetectedFace(box=box, landmarks=Landmarks5(points), shape=shape)  # type: ignore[arg-type]

    def encode(self, frame_bgr: Image, face: DetectedFace) -> Encoding:
        """The 128-d template of one detected face (~75 ms on 2 cores)."""
        rgb = np.ascontiguousarray(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
        descriptor = self._models.encoder.compute_face_descriptor(rgb, face.shape)
        return np.asarray(descriptor, dtype=np.float64)

    def encode_image(self, image_bgr: Image) -> Encoding | None:
        """The template of a document photo holding exactly one face, else None.

        Document photos vary in size: detect on a copy at most ``document_max_width``
        wide with upsample 1 (not time-critical), then encode at that size.
        """
        height, width = image_bgr.shape[:2]
        limit = self._settings.document_max_width
        if width > limit:
            factor = limit / width
            image_bgr = as_u8(
                cv2.resize(
                    image_bgr,
                    (limit, max(1, math.floor(height * factor))),
                    interpolation=cv2.INTER_AREA,
                )
            )
        grey = as_u8(cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY))
        rects = self._models.detector(grey, 1)
        if len(rects) != 1:
            return None
        return self.encode(image_bgr, self._face_at(grey, rects[0], 1.0))
