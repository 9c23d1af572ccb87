"""Each scripted scene has the property it claims, measured with the real dlib detector."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.devices.camera_scenes import (
    ASTRONAUT_ANCHOR,
    SceneFrames,
    SceneKind,
    build_scene,
    default_face_path,
    load_image,
    locate_face,
)
from kiosk.devices.face_probe import FaceGeometry, FaceProbe

COLLECTION_INTER_EYE = 90.0


@pytest.fixture(scope="module")
def probe() -> FaceProbe:
    return FaceProbe()


@pytest.fixture(scope="module")
def scenes() -> dict[SceneKind, SceneFrames]:
    return {kind: build_scene(kind) for kind in SceneKind}


def faces(probe: FaceProbe, scene: SceneFrames, index: int = -1) -> list[FaceGeometry]:
    return probe.faces(scene.frames[index])


def test_frames_are_640x480_bgr_uint8(scenes: dict[SceneKind, SceneFrames]) -> None:
    for scene in scenes.values():
        assert scene.frames
        for frame in scene.frames:
            assert frame.shape == (480, 640, 3)
            assert frame.dtype == np.uint8


def test_astronaut_anchor_matches_the_detector(probe: FaceProbe) -> None:
    measured = locate_face(load_image(default_face_path()), probe)
    assert measured.inter_eye == pytest.approx(ASTRONAUT_ANCHOR.inter_eye, abs=1.0)
    assert measured.eye_centre[0] == pytest.approx(ASTRONAUT_ANCHOR.eye_centre[0], abs=1.0)


def test_good_has_one_centred_face_large_enough_for_collection(
    probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]
) -> None:
    """R-HA-1 collection gate: exactly one face, inter-eye distance >= 90 px."""
    scene = scenes[SceneKind.GOOD]
    for index in range(len(scene.frames)):
        (face,) = faces(probe, scene, index)
        assert face.inter_eye >= COLLECTION_INTER_EYE
        assert abs(face.eye_centre[0] - 320) < 32
    assert not np.array_equal(scene.frames[0], scene.frames[1])  # sensor noise, not a still


def test_no_face(probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]) -> None:
    assert faces(probe, scenes[SceneKind.NO_FACE]) == []


def test_two_faces(probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]) -> None:
    assert len(faces(probe, scenes[SceneKind.TWO_FACES])) == 2


def test_too_dark_is_dark(scenes: dict[SceneKind, SceneFrames]) -> None:
    grey = cv2.cvtColor(scenes[SceneKind.TOO_DARK].frames[0], cv2.COLOR_BGR2GRAY)
    good = cv2.cvtColor(scenes[SceneKind.GOOD].frames[0], cv2.COLOR_BGR2GRAY)
    assert grey.mean() < 30 < good.mean()


def test_blurred_has_low_laplacian_variance(scenes: dict[SceneKind, SceneFrames]) -> None:
    def sharpness(kind: SceneKind) -> float:
        grey = cv2.cvtColor(scenes[kind].frames[0], cv2.COLOR_BGR2GRAY)
        return float(cv2.Laplacian(grey, cv2.CV_64F).var())

    assert sharpness(SceneKind.BLURRED) < 10 < sharpness(SceneKind.GOOD)


def test_too_small_is_below_the_collection_gate(
    probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]
) -> None:
    (face,) = faces(probe, scenes[SceneKind.TOO_SMALL])
    assert face.inter_eye < COLLECTION_INTER_EYE


def test_off_centre_face_is_far_from_the_middle(
    probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]
) -> None:
    (face,) = faces(probe, scenes[SceneKind.OFF_CENTRE])
    assert face.eye_centre[0] - 320 > 0.25 * 640
    assert face.inter_eye >= COLLECTION_INTER_EYE


def test_head_turns_move_the_nose_in_opposite_directions(
    probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]
) -> None:
    """Liveness input: the person's left is +x in the raw frame, the right is -x."""
    left, right = scenes[SceneKind.TURN_LEFT], scenes[SceneKind.TURN_RIGHT]
    assert not left.loop
    assert not right.loop
    left_offsets = [faces(probe, left, i)[0].nose_offset for i in (0, 8, -1)]
    right_offsets = [faces(probe, right, i)[0].nose_offset for i in (0, 8, -1)]
    assert left_offsets[0] < left_offsets[1] < left_offsets[2]
    assert right_offsets[0] > right_offsets[1] > right_offsets[2]
    assert left_offsets[-1] - left_offsets[0] > 0.12
    assert right_offsets[0] - right_offsets[-1] > 0.12
    assert left.frame_at(1000) is left.frames[-1]  # the turn is held


def test_come_closer_grows_the_face(probe: FaceProbe, scenes: dict[SceneKind, SceneFrames]) -> None:
    scene = scenes[SceneKind.COME_CLOSER]
    first, last = faces(probe, scene, 0)[0], faces(probe, scene, -1)[0]
    # It starts at a good collection distance and grows well past the liveness step's
    # factor (1.15), so "come closer" can pass even as the first step of a challenge.
    assert first.inter_eye >= COLLECTION_INTER_EYE
    assert last.inter_eye >= 1.2 * first.inter_eye


def test_still_photo_frames_are_byte_identical(scenes: dict[SceneKind, SceneFrames]) -> None:
    frames = scenes[SceneKind.STILL_PHOTO].frames
    assert len(frames) > 1
    assert all(f.tobytes() == frames[0].tobytes() for f in frames)


def test_camera_lost_scene_carries_its_frame(scenes: dict[SceneKind, SceneFrames]) -> None:
    assert scenes[SceneKind.CAMERA_LOST].lost_at == 30
    assert build_scene(SceneKind.CAMERA_LOST, lost_at=3).lost_at == 3


def test_a_custom_photo_is_located_with_dlib(probe: FaceProbe) -> None:
    photo = load_image(default_face_path())
    scene = build_scene(SceneKind.TOO_SMALL, photo, size=(320, 240), count=2)
    assert len(scene.frames) == 2
    assert scene.frames[0].shape == (240, 320, 3)


def test_a_photo_without_a_face_is_refused() -> None:
    with pytest.raises(ValueError, match="no face"):
        build_scene(SceneKind.GOOD, np.full((200, 200, 3), 90, dtype=np.uint8))
