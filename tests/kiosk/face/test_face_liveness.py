"""Active liveness as a pure state machine over synthetic landmark sequences."""

from __future__ import annotations

import random

import numpy as np

from kiosk.services.face.landmarks import Landmarks5
from kiosk.services.face.liveness import (
    LivenessChallenge,
    LivenessObservation,
    draw_steps,
)
from kiosk.services.face.settings import FaceSettings
from kiosk.services.face.types import ChallengeStep, LivenessFailure, LivenessState

SETTINGS = FaceSettings()
FPS = 1.0 / 25.0


def marks(yaw: float = 0.0, inter_eye: float = 100.0, jitter: float = 0.0) -> Landmarks5:
    """Eyes level around (320, 220); the nose base ``yaw`` inter-eye distances sideways
    (positive = image right = the person's left)."""
    cx, cy, half = 320.0 + jitter, 220.0, inter_eye / 2.0
    corner = inter_eye * 0.12
    return Landmarks5(
        (
            (cx + half + corner, cy),
            (cx + half - corner, cy),
            (cx - half + corner, cy),
            (cx - half - corner, cy),
            (cx + yaw * inter_eye, cy + inter_eye * 0.6),
        )
    )


def pose_for(step: ChallengeStep, amount: float) -> Landmarks5:
    """``amount`` in [0, 1]: how far into the asked movement."""
    if step is ChallengeStep.TURN_LEFT:
        return marks(yaw=0.2 * amount)
    if step is ChallengeStep.TURN_RIGHT:
        return marks(yaw=-0.2 * amount)
    return marks(inter_eye=100.0 * (1 + 0.3 * amount))


def run(challenge: LivenessChallenge, poses: list[Landmarks5 | None], start: float = 0.0) -> float:
    now = start
    for index, pose in enumerate(poses):
        now = start + index * FPS
        challenge.update(LivenessObservation(now=now, landmarks=pose))
        if challenge.state in (LivenessState.PASSED, LivenessState.FAILED):
            break
    return now


def performing(steps: tuple[ChallengeStep, ...]) -> list[Landmarks5 | None]:
    """A person doing each step: rest, move over ~0.5 s, come back to rest."""
    poses: list[Landmarks5 | None] = [marks(jitter=0.3 * (i % 2)) for i in range(5)]
    for step in steps:
        ramp = [i / 12 for i in range(13)]
        poses += [pose_for(step, a) for a in ramp] + [pose_for(step, a) for a in reversed(ramp)]
        poses += [marks(jitter=0.3 * (i % 2)) for i in range(5)]
    return poses


def test_steps_are_drawn_from_the_injected_rng() -> None:
    first = draw_steps(random.Random(7), 3)
    assert first == draw_steps(random.Random(7), 3)
    assert sorted(first) == sorted(ChallengeStep)
    orders = {draw_steps(random.Random(seed), 2) for seed in range(40)}
    assert len(orders) == 6  # every ordered pair occurs: the challenge is not predictable


def test_not_started_until_a_face_appears() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(1))
    progress = challenge.update(LivenessObservation(now=100.0, landmarks=None))
    assert progress.state is LivenessState.NOT_STARTED
    assert progress.seconds_left is None


def test_scripted_sequence_passes_for_every_step_order() -> None:
    for seed in range(12):
        challenge = LivenessChallenge(
            SETTINGS.model_copy(update={"liveness_steps": 3}), rng=random.Random(seed)
        )
        run(challenge, performing(challenge.steps))
        progress = challenge.progress()
        assert progress.state is LivenessState.PASSED, (challenge.steps, progress)
        assert progress.current_index == 3


def test_turn_the_wrong_way_fails() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(3))
    first = challenge.steps[0]
    if first is ChallengeStep.COME_CLOSER:
        first = challenge.steps[1]
        run(challenge, performing((ChallengeStep.COME_CLOSER,)))
        assert challenge.progress().current_index == 1
    opposite = (
        ChallengeStep.TURN_RIGHT if first is ChallengeStep.TURN_LEFT else ChallengeStep.TURN_LEFT
    )
    run(challenge, performing((opposite,)), start=10.0)
    assert challenge.state is LivenessState.FAILED
    assert challenge.failure is LivenessFailure.WRONG_DIRECTION


def test_still_landmarks_until_timeout_is_no_motion() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(4))
    frames = int(SETTINGS.step_timeout_s / FPS) + 5
    run(challenge, [marks()] * frames)
    assert challenge.failure is LivenessFailure.NO_MOTION


def test_pixel_identical_frames_fail_fast_as_no_motion() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(4))
    for index in range(SETTINGS.no_motion_frames + 1):
        challenge.update(
            LivenessObservation(now=index * FPS, landmarks=marks(), frame_identical=index > 0)
        )
    assert challenge.failure is LivenessFailure.NO_MOTION
    assert (SETTINGS.no_motion_frames + 1) * FPS < SETTINGS.step_timeout_s


def test_moving_but_not_doing_the_step_times_out() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(5))
    frames = int(SETTINGS.step_timeout_s / FPS) + 5
    run(challenge, [marks(jitter=float(i % 3)) for i in range(frames)])
    assert challenge.failure is LivenessFailure.TIMEOUT
    assert challenge.progress().current_index == 0  # the first step was never done


def test_face_gone_too_long_fails() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(6))
    lost = int(SETTINGS.face_lost_s / FPS) + 3
    run(challenge, [marks(), marks(jitter=1.0)] + [None] * lost)
    assert challenge.failure is LivenessFailure.FACE_LOST


def test_different_face_mid_challenge_fails() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(8))
    first = np.zeros(128)
    challenge.update(LivenessObservation(now=0.0, landmarks=marks()))
    assert challenge.needs_encoding(0.0)
    challenge.update(LivenessObservation(now=0.04, landmarks=marks(), encoding=first))
    assert not challenge.needs_encoding(0.5)  # checked sparingly, not every frame
    later = SETTINGS.identity_check_interval_s + 0.1
    assert challenge.needs_encoding(later)
    other = np.full(128, 0.1)  # distance ~1.13 > 0.6
    challenge.update(LivenessObservation(now=later, landmarks=marks(), encoding=other))
    assert challenge.failure is LivenessFailure.FACE_CHANGED


def test_same_face_rechecked_keeps_going() -> None:
    challenge = LivenessChallenge(SETTINGS, rng=random.Random(8))
    challenge.update(LivenessObservation(now=0.0, landmarks=marks(), encoding=np.zeros(128)))
    close = np.full(128, 0.01)  # distance ~0.11
    challenge.update(LivenessObservation(now=3.0, landmarks=marks(jitter=1), encoding=close))
    assert challenge.state is LivenessState.IN_PROGRESS


def test_turn_is_judged_only_after_coming_back_to_neutral() -> None:
    """After TURN_LEFT the head is still left; TURN_RIGHT must not count that as wrong."""
    settings = SETTINGS.model_copy(update={"liveness_steps": 2})
    seed = next(
        s
        for s in range(100)
        if draw_steps(random.Random(s), 2) == (ChallengeStep.TURN_LEFT, ChallengeStep.TURN_RIGHT)
    )
    challenge = LivenessChallenge(settings, rng=random.Random(seed))
    run(challenge, [marks(), marks(jitter=1), marks(yaw=0.2)])
    assert challenge.progress().current_index == 1
    run(challenge, [marks(yaw=0.2)] * 5 + [marks(yaw=0.0), marks(yaw=-0.2)], start=1.0)
    assert challenge.state is LivenessState.PASSED
