"""Capture sessions on real frames: scripted head turns pass, replayed stills and wrong
turns fail (issue 3, acceptance 2).

Head turns are synthesized from 2-D photos by a smooth horizontal displacement field centred
on the nose (tests.support.photos.synthesize_yaw): the nose moves relative to the eyes, and
the real detector + 5-point model report the yaw signal moving the intended way (checked
below). Every frame gets sensor-like noise, as a real camera would.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest

from kiosk.services.face.analyzer import FaceAnalyzer, Image
from kiosk.services.face.capture import CaptureSession
from kiosk.services.face.types import (
    ChallengeStep,
    Guidance,
    LivenessFailure,
    LivenessState,
)
from tests.kiosk.face.conftest import with_noise
from tests.support.photos import synthesize_yaw

Maker = Callable[..., Image]
FPS = 1.0 / 25.0


class Scene:
    """Frames of one person (a real photo) doing scripted movements."""

    def __init__(self, analyzer: FaceAnalyzer, make_frame: Maker, name: str) -> None:
        self.make_frame = make_frame
        self.name = name
        self.rest = make_frame(name)
        face = analyzer.detect(self.rest).faces[0]
        self.nose = face.landmarks.nose
        self.inter_eye = face.landmarks.inter_eye_px
        self.noise = np.random.default_rng(0)

    def turn(self, shift: float) -> Image:
        return synthesize_yaw(self.rest, self.nose, shift, self.inter_eye)

    def pose(self, step: ChallengeStep, amount: float) -> Image:
        """``amount`` in [0, 1]. TURN_LEFT = the person's left = nose to the image right."""
        if step is ChallengeStep.TURN_LEFT:
            return self.turn(50.0 * amount)
        if step is ChallengeStep.TURN_RIGHT:
            return self.turn(-50.0 * amount)
        return self.make_frame(self.name, box_width=250.0 * (1 + 0.3 * amount))

    def performing(self, steps: tuple[ChallengeStep, ...]) -> list[Image]:
        frames = [self.rest] * 4
        for step in steps:
            ramp = [0.25, 0.5, 0.75, 1.0]
            frames += [self.pose(step, a) for a in ramp]
            frames += [self.pose(step, a) for a in reversed(ramp)] + [self.rest] * 3
        return [with_noise(f, self.noise) for f in frames]


def feed(session: CaptureSession, frames: list[Image]) -> None:
    for index, frame in enumerate(frames):
        session.process(frame, now=index * FPS)
        if session.done:
            return


@pytest.mark.parametrize("name", ["obama", "astronaut"])
def test_synthesized_turn_moves_the_yaw_signal_the_intended_way(
    analyzer: FaceAnalyzer, make_frame: Maker, name: str
) -> None:
    scene = Scene(analyzer, make_frame, name)
    rest = analyzer.detect(scene.rest).faces[0].landmarks.yaw_signal
    left = analyzer.detect(scene.turn(50.0)).faces[0].landmarks.yaw_signal
    right = analyzer.detect(scene.turn(-50.0)).faces[0].landmarks.yaw_signal
    turn = analyzer.settings.turn_delta
    assert left - rest >= turn  # the person's left: the signal grows
    assert rest - right >= turn


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_scripted_head_turns_pass_and_give_a_result(
    analyzer: FaceAnalyzer, make_frame: Maker, seed: int
) -> None:
    reference = analyzer.encode_image(make_frame("obama2"))
    session = CaptureSession(analyzer, rng=random.Random(seed), reference_encoding=reference)
    steps = session.liveness.steps
    feed(session, Scene(analyzer, make_frame, "obama").performing(steps))
    assert session.done
    assert session.failure is None
    assert session.liveness.state is LivenessState.PASSED
    result = session.result()
    assert result is not None
    assert result.liveness_passed and result.liveness_steps == steps
    assert result.quality.passed
    assert result.image_jpeg.startswith(b"\xff\xd8")
    assert result.matches is True  # obama vs obama2 document photo


def test_result_reports_a_mismatch_against_another_persons_document(
    analyzer: FaceAnalyzer, make_frame: Maker
) -> None:
    session = CaptureSession(
        analyzer,
        rng=random.Random(0),
        reference_encoding=analyzer.encode_image(make_frame("biden")),
    )
    feed(session, Scene(analyzer, make_frame, "obama").performing(session.liveness.steps))
    result = session.result()
    assert result is not None and result.matches is False
    assert result.match_distance is not None and result.match_distance > 0.6


def test_still_photo_replayed_as_video_fails(analyzer: FaceAnalyzer, make_frame: Maker) -> None:
    session = CaptureSession(analyzer, rng=random.Random(0))
    frame = make_frame("obama")
    feed(session, [frame] * 200)
    assert session.done
    assert session.failure is LivenessFailure.NO_MOTION
    assert session.result() is None


def test_noisy_still_photo_never_passes(analyzer: FaceAnalyzer, make_frame: Maker) -> None:
    """A printed photo held to a real camera: noise, no turn -> the step times out."""
    session = CaptureSession(analyzer, rng=random.Random(0))
    noise = np.random.default_rng(1)
    frame = make_frame("obama")
    frames = int(analyzer.settings.step_timeout_s / FPS) + 10
    feed(session, [with_noise(frame, noise) for _ in range(frames)])
    assert session.failure in (LivenessFailure.TIMEOUT, LivenessFailure.NO_MOTION)
    assert session.result() is None


def test_wrong_direction_turn_fails(analyzer: FaceAnalyzer, make_frame: Maker) -> None:
    seed = next(
        s
        for s in range(100)
        if CaptureSession(analyzer, rng=random.Random(s)).liveness.steps[0]
        is ChallengeStep.TURN_LEFT
    )
    session = CaptureSession(analyzer, rng=random.Random(seed))
    scene = Scene(analyzer, make_frame, "obama")
    feed(session, scene.performing((ChallengeStep.TURN_RIGHT,)))
    assert session.failure is LivenessFailure.WRONG_DIRECTION
    assert session.result() is None


def test_frame_analysis_drives_the_overlay_and_restart(
    analyzer: FaceAnalyzer, make_frame: Maker
) -> None:
    session = CaptureSession(analyzer, rng=random.Random(0))
    empty = session.process(np.full((480, 640, 3), 100, dtype=np.uint8), now=0.0)
    assert empty.guidance is Guidance.NO_FACE and empty.boxes == () and empty.quality is None
    assert empty.liveness.state is LivenessState.NOT_STARTED
    good = session.process(make_frame("obama"), now=0.04)
    assert good.guidance is Guidance.GOOD and len(good.boxes) == 1
    assert good.quality is not None and good.quality.passed
    assert good.liveness.state is LivenessState.IN_PROGRESS
    assert good.liveness.seconds_left is not None and good.analysis_ms > 0
    feed(session, [make_frame("obama")] * 50)
    assert session.failure is LivenessFailure.NO_MOTION
    session.restart()
    assert session.failure is None and not session.done
    assert session.liveness.state is LivenessState.NOT_STARTED
