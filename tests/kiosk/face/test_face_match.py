"""1:1 match on real photos at the configured threshold (issue 3, acceptance 1)."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.services.face.analyzer import FaceAnalyzer, Image, face_distance
from kiosk.services.face.capture import NoUsableFace, decide
from kiosk.services.face.settings import FaceSettings


@pytest.fixture(scope="module")
def encodings(analyzer: FaceAnalyzer, photos: dict[str, Image]) -> dict[str, np.ndarray]:
    result = {}
    for name, image in photos.items():
        encoding = analyzer.encode_image(image)
        assert encoding is not None, name
        assert encoding.shape == (128,)
        result[name] = encoding
    return result


@pytest.mark.parametrize("other", ["obama2", "obama3"])
def test_same_person_matches(
    encodings: dict[str, np.ndarray], face_settings: FaceSettings, other: str
) -> None:
    distance = face_distance(encodings["obama"], encodings[other])
    assert distance <= face_settings.match_threshold
    assert distance < 0.5  # stack-notes: 0.33-0.43


@pytest.mark.parametrize("other", ["biden", "astronaut"])
def test_different_people_do_not_match(
    encodings: dict[str, np.ndarray], face_settings: FaceSettings, other: str
) -> None:
    distance = face_distance(encodings["obama"], encodings[other])
    assert distance > face_settings.match_threshold


def test_document_photo_with_two_faces_gives_no_template(
    analyzer: FaceAnalyzer, make_frame: object
) -> None:
    left = make_frame("obama", box_width=200, centre=(160.0, 240.0))  # type: ignore[operator]
    right = make_frame("biden", box_width=200, centre=(160.0, 240.0))  # type: ignore[operator]
    both = np.hstack([left[:, :320], right[:, :320]])
    assert analyzer.encode_image(both) is None


def test_decide_on_a_live_frame_reports_distance_and_threshold(
    analyzer: FaceAnalyzer, make_frame: object, encodings: dict[str, np.ndarray]
) -> None:
    frame = make_frame("obama2")  # type: ignore[operator]
    same = decide(analyzer, frame, reference_encoding=encodings["obama"])
    assert same.matches is True
    assert same.match_threshold == analyzer.settings.match_threshold
    assert same.image_jpeg.startswith(b"\xff\xd8")
    assert len(same.encoding) == 128
    other = decide(analyzer, frame, reference_encoding=encodings["biden"])
    assert other.matches is False
    assert other.match_distance is not None and other.match_distance > 0.6


def test_decide_refuses_a_frame_without_a_face(analyzer: FaceAnalyzer) -> None:
    with pytest.raises(NoUsableFace):
        decide(analyzer, np.full((480, 640, 3), 128, dtype=np.uint8))
