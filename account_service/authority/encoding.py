"""A face template from a reference photo, on the service (``authority add --photo``).

Mirrors the kiosk's document-photo path (kiosk/services/face/analyzer.py ``encode_image``)
with dlib directly — the account service may import only ``kiosk.domain`` from the kiosk:
HOG detection with upsample 1 on a copy at most ``MAX_WIDTH`` wide, the public-domain
5-point landmark model and the ResNet encoder from ``face_recognition_models``. The
68-point model (non-commercial licence) is never loaded, so ``face_recognition`` is never
imported (stack-notes).
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dlib
import numpy as np

from kiosk.protocol.messages import CodedEnum, ErrorCode, Lang, message_for

FIVE_POINT_MODEL = "shape_predictor_5_face_landmarks.dat"
ENCODER_MODEL = "dlib_face_recognition_resnet_model_v1.dat"
MAX_WIDTH = 1024  # the kiosk's default ``document_max_width``
TEMPLATE_LENGTH = 128


class EncodingProblem(CodedEnum):
    """Why a photo gave no template; the catalog words it."""

    UNREADABLE = ErrorCode.REFERENCE_PHOTO_UNREADABLE
    NO_FACE = ErrorCode.REFERENCE_PHOTO_NO_FACE
    SEVERAL_FACES = ErrorCode.REFERENCE_PHOTO_SEVERAL_FACES


class PhotoEncodingError(Exception):
    def __init__(self, problem: EncodingProblem) -> None:
        super().__init__(message_for(problem.code).render(Lang.EN))
        self.problem = problem


class ModelsUnavailableError(RuntimeError):
    """The dlib model files cannot be found."""


def model_directory() -> Path:
    """Where ``face_recognition_models`` keeps its ``.dat`` files, found without importing
    it (its import needs pkg_resources)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "models"
            if (candidate / FIVE_POINT_MODEL).is_file() and (candidate / ENCODER_MODEL).is_file():
                return candidate
    raise ModelsUnavailableError("face_recognition_models is not installed")


@dataclass(frozen=True, slots=True)
class PhotoEncoder:
    """The three dlib models, loaded once (about 0.5 s)."""

    detector: Any  # dlib.fhog_object_detector
    predictor: Any  # dlib.shape_predictor (5 points)
    encoder: Any  # dlib.face_recognition_model_v1

    @classmethod
    def load(cls, directory: Path | None = None) -> PhotoEncoder:
        folder = directory if directory is not None else model_directory()
        return cls(
            detector=dlib.get_frontal_face_detector(),
            predictor=dlib.shape_predictor(str(folder / FIVE_POINT_MODEL)),
            encoder=dlib.face_recognition_model_v1(str(folder / ENCODER_MODEL)),
        )

    def encode_file(self, path: Path) -> list[float]:
        """The template of the one face in the photo at ``path``."""
        try:
            rgb = np.ascontiguousarray(dlib.load_rgb_image(str(path)))
        except (RuntimeError, OSError):
            raise PhotoEncodingError(EncodingProblem.UNREADABLE) from None
        return self.encode_rgb(rgb)

    def encode_rgb(self, rgb: Any) -> list[float]:
        """The template of the one face in an RGB ``uint8`` image (H x W x 3)."""
        height, width = rgb.shape[:2]
        if width > MAX_WIDTH:
            factor = MAX_WIDTH / width
            rgb = np.ascontiguousarray(
                dlib.resize_image(rgb, max(1, math.floor(height * factor)), MAX_WIDTH)
            )
        rects = self.detector(rgb, 1)
        if len(rects) == 0:
            raise PhotoEncodingError(EncodingProblem.NO_FACE)
        if len(rects) > 1:
            raise PhotoEncodingError(EncodingProblem.SEVERAL_FACES)
        shape = self.predictor(rgb, rects[0])
        descriptor = self.encoder.compute_face_descriptor(rgb, shape)
        values = [float(v) for v in descriptor]
        assert len(values) == TEMPLATE_LENGTH
        return values
