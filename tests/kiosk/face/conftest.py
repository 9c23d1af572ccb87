"""Face fixtures: models loaded once per session, real photos placed into 640x480 frames."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from kiosk.services.face.analyzer import FaceAnalyzer, Image
from kiosk.services.face.models import FaceModels
from kiosk.services.face.settings import FaceSettings
from tests.support.photos import astronaut, load_photos, place_face

FrameMaker = Callable[..., Image]


@pytest.fixture(scope="session")
def face_models() -> FaceModels:
    return FaceModels.load()


@pytest.fixture(scope="session")
def face_settings() -> FaceSettings:
    return FaceSettings()


@pytest.fixture(scope="session")
def analyzer(face_models: FaceModels, face_settings: FaceSettings) -> FaceAnalyzer:
    return FaceAnalyzer(face_models, face_settings)


@pytest.fixture(scope="session")
def photos() -> dict[str, Image]:
    """obama, obama2, obama3, biden (fetched into the cache) and the astronaut."""
    images = load_photos()
    images["astronaut"] = astronaut()
    return images


@pytest.fixture(scope="session")
def photo_boxes(face_models: FaceModels, photos: dict[str, Image]) -> dict[str, tuple[int, ...]]:
    """The face box of each photo (HOG upsample 0: one face in each, astronaut included)."""
    boxes: dict[str, tuple[int, ...]] = {}
    for name, image in photos.items():
        rects = face_models.detector(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), 0)
        assert len(rects) == 1, name
        rect = rects[0]
        boxes[name] = (rect.left(), rect.top(), rect.right(), rect.bottom())
    return boxes


@pytest.fixture(scope="session")
def make_frame(photos: dict[str, Image], photo_boxes: dict[str, tuple[int, ...]]) -> FrameMaker:
    """make_frame(name, box_width=250, centre=(320, 240)) -> a 640x480 BGR frame.

    A 250 px face box gives an inter-eye distance of about 95-125 px (>= 90 for collection).
    """

    def make(
        name: str, *, box_width: float = 250.0, centre: tuple[float, float] = (320.0, 240.0)
    ) -> Image:
        left, top, right, bottom = photo_boxes[name]
        return place_face(
            photos[name], (left, top, right, bottom), box_width=box_width, centre=centre
        )

    return make


def with_noise(frame: Image, rng: np.random.Generator, amplitude: int = 2) -> Image:
    """Sensor-like noise so consecutive frames are never pixel-identical (a real camera)."""
    noise = rng.integers(-amplitude, amplitude + 1, size=frame.shape, dtype=np.int16)
    noisy: Image = np.clip(frame.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    return noisy
