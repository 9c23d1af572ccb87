"""Measure faces in a frame with dlib's HOG detector and 5-point landmarks.

Used to anchor scripted scenes on a face photo and, by tests, to check that each scene has
the property it claims. Only the 5-point model (public domain) is loaded, never the 68-point
one (non-commercial licence, stack-notes).
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from typing import Any

import cv2

from kiosk.devices.camera import Frame


@dataclass(frozen=True, slots=True)
class FaceGeometry:
    """One face: box and 5-point landmarks in frame pixels."""

    box: tuple[int, int, int, int]  # left, top, right, bottom
    eye_a: tuple[float, float]  # centre of the eye on the image's right
    eye_b: tuple[float, float]  # centre of the eye on the image's left
    nose: tuple[float, float]

    @property
    def eye_centre(self) -> tuple[float, float]:
        return ((self.eye_a[0] + self.eye_b[0]) / 2, (self.eye_a[1] + self.eye_b[1]) / 2)

    @property
    def inter_eye(self) -> float:
        return float(
            ((self.eye_a[0] - self.eye_b[0]) ** 2 + (self.eye_a[1] - self.eye_b[1]) ** 2) ** 0.5
        )

    @property
    def nose_offset(self) -> float:
        """Horizontal nose position relative to the eye midpoint, in inter-eye units (+ = +x)."""
        return (self.nose[0] - self.eye_centre[0]) / self.inter_eye


def _load_models() -> tuple[Any, Any]:
    with warnings.catch_warnings():
        # face_recognition_models imports pkg_resources, which warns on import.
        warnings.simplefilter("ignore")
        import dlib  # noqa: PLC0415 -- 0.5 s; only when a face is really measured
        import face_recognition_models  # noqa: PLC0415

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(
        face_recognition_models.pose_predictor_five_point_model_location()
    )
    return detector, predictor


class FaceProbe:
    """Loads the models on first use (thread-safe), then measures frames."""

    def __init__(self, upsample: int = 0) -> None:
        # Upsample 0: upsample 1 "finds" a face on the astronaut's mission patch (stack-notes).
        self._upsample = upsample
        self._models: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def _get_models(self) -> tuple[Any, Any]:
        with self._lock:
            if self._models is None:
                self._models = _load_models()
            return self._models

    def faces(self, frame: Frame) -> list[FaceGeometry]:
        detector, predictor = self._get_models()
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        found: list[FaceGeometry] = []
        for rect in detector(rgb, self._upsample):
            parts = [(float(p.x), float(p.y)) for p in predictor(rgb, rect).parts()]
            # 5-point model: 0,1 = corners of one eye; 2,3 = the other eye; 4 = below the nose.
            eye_a = ((parts[0][0] + parts[1][0]) / 2, (parts[0][1] + parts[1][1]) / 2)
            eye_b = ((parts[2][0] + parts[3][0]) / 2, (parts[2][1] + parts[3][1]) / 2)
            box = (int(rect.left()), int(rect.top()), int(rect.right()), int(rect.bottom()))
            found.append(FaceGeometry(box=box, eye_a=eye_a, eye_b=eye_b, nose=parts[4]))
        return found
