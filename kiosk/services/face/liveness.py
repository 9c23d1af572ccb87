"""Active liveness: a randomised challenge judged from 5-point landmark geometry.

A pure state machine over observations (landmarks or none, time, whether the frame was
pixel-identical to the previous one, and now and then an encoding), so it runs the same on
synthetic landmark sequences and on real frames.

- The challenge starts with the first observation that has a face; its pose is the
  baseline (yaw signal, inter-eye distance, encoding).
- A step is *armed* once the face is back near the baseline pose (within
  ``neutral_band``): after a left turn the person must come back before "turn right" is
  judged. The armed pose is the step's reference.
- TURN_LEFT / TURN_RIGHT: the yaw signal moves by ``turn_delta`` in the asked direction.
  The person's LEFT is the image's RIGHT in the unmirrored frame (``landmarks.py``), so
  TURN_LEFT means the yaw signal grows. A move of ``wrong_turn_delta`` the other way fails
  with WRONG_DIRECTION.
- COME_CLOSER: the inter-eye distance grows by ``closer_scale``.
- TIMEOUT after ``step_timeout_s`` per step; if the landmarks never changed at all during
  the step, the failure is NO_MOTION instead (a still image). ``no_motion_frames``
  consecutive pixel-identical frames fail at once with NO_MOTION (real sensors have noise).
- FACE_LOST after ``face_lost_s`` without a face; FACE_CHANGED when an encoding supplied
  during the challenge is farther than ``match_threshold`` from the baseline's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.services.face.analyzer import Encoding, face_distance
from kiosk.services.face.landmarks import Landmarks5
from kiosk.services.face.settings import FaceSettings
from kiosk.services.face.types import (
    ChallengeStep,
    LivenessFailure,
    LivenessProgress,
    LivenessState,
)


@dataclass(frozen=True, slots=True)
class LivenessObservation:
    now: float  # seconds, monotonic
    landmarks: Landmarks5 | None  # None when there is not exactly one face
    frame_identical: bool = False  # pixel-identical to the previous frame
    encoding: Encoding | None = None  # supplied when ``needs_encoding`` asked for it


def draw_steps(rng: random.Random, count: int) -> tuple[ChallengeStep, ...]:
    """``count`` distinct steps in random order."""
    return tuple(rng.sample(list(ChallengeStep), count))


class LivenessChallenge:
    def __init__(
        self,
        settings: FaceSettings,
        *,
        rng: random.Random,
        distance: Callable[[Encoding, Encoding], float] = face_distance,
    ) -> None:
        self._settings = settings
        self._distance = distance
        self.steps = draw_steps(rng, settings.liveness_steps)
        self._state = LivenessState.NOT_STARTED
        self._failure: LivenessFailure | None = None
        self._index = 0
        self._baseline: Landmarks5 | None = None
        self._baseline_encoding: Encoding | None = None
        self._last_identity_check = 0.0
        self._step_started = 0.0
        self._step_reference: Landmarks5 | None = None  # the armed pose
        self._step_first: Landmarks5 | None = None
        self._step_moved = False
        self._last_face_seen = 0.0
        self._identical_run = 0
        self._last_now = 0.0

    @property
    def state(self) -> LivenessState:
        return self._state

    @property
    def failure(self) -> LivenessFailure | None:
        return self._failure

    @property
    def baseline_encoding(self) -> Encoding | None:
        return self._baseline_encoding

    def progress(self, now: float | None = None) -> LivenessProgress:
        at = self._last_now if now is None else now
        left = None
        if self._state is LivenessState.IN_PROGRESS:
            left = max(0.0, self._settings.step_timeout_s - (at - self._step_started))
        return LivenessProgress(
            state=self._state,
            steps=self.steps,
            current_index=self._index,
            seconds_left=left,
            failure=self._failure,
        )

    def needs_encoding(self, now: float) -> bool:
        """True when the next observation should carry an encoding (sparingly)."""
        if self._state is not LivenessState.IN_PROGRESS:
            return False
        if self._baseline_encoding is None:
            return True
        return now - self._last_identity_check >= self._settings.identity_check_interval_s

    def update(self, obs: LivenessObservation) -> LivenessProgress:
        self._last_now = obs.now
        if self._state in (LivenessState.PASSED, LivenessState.FAILED):
            return self.progress(obs.now)
        if self._state is LivenessState.NOT_STARTED:
            if obs.landmarks is None:
                return self.progress(obs.now)
            self._start(obs)
        self._judge(obs)
        return self.progress(obs.now)

    def _start(self, obs: LivenessObservation) -> None:
        assert obs.landmarks is not None
        self._state = LivenessState.IN_PROGRESS
        self._baseline = obs.landmarks
        self._last_face_seen = obs.now
        self._begin_step(obs.now)

    def _begin_step(self, now: float) -> None:
        self._step_started = now
        self._step_reference = None
        self._step_first = None
        self._step_moved = False

    def _fail(self, failure: LivenessFailure) -> None:
        self._state = LivenessState.FAILED
        self._failure = failure

    def _judge(self, obs: LivenessObservation) -> None:
        s = self._settings
        self._identical_run = self._identical_run + 1 if obs.frame_identical else 0
        if self._identical_run >= s.no_motion_frames:
            self._fail(LivenessFailure.NO_MOTION)
            return
        if obs.encoding is not None and not self._identity_ok(obs.encoding, obs.now):
            self._fail(LivenessFailure.FACE_CHANGED)
            return
        marks = obs.landmarks
        if marks is None:
            if obs.now - self._last_face_seen > s.face_lost_s:
                self._fail(LivenessFailure.FACE_LOST)
            elif obs.now - self._step_started > s.step_timeout_s:
                self._fail(self._timeout_kind())
            return
        self._last_face_seen = obs.now
        self._track_motion(marks)
        if self._step_reference is None and self._is_neutral(marks):
            self._step_reference = marks
        reference = self._step_reference
        if reference is not None:
            verdict = self._step_verdict(self.steps[self._index], reference, marks)
            if verdict is False:
                self._fail(LivenessFailure.WRONG_DIRECTION)
                return
            if verdict is True:
                self._index += 1
                if self._index == len(self.steps):
                    self._state = LivenessState.PASSED
                else:
                    self._begin_step(obs.now)
                return
        if obs.now - self._step_started > s.step_timeout_s:
            self._fail(self._timeout_kind())

    def _identity_ok(self, encoding: Encoding, now: float) -> bool:
        self._last_identity_check = now
        if self._baseline_encoding is None:
            self._baseline_encoding = encoding
            return True
        return self._distance(self._baseline_encoding, encoding) <= self._settings.match_threshold

    def _track_motion(self, marks: Landmarks5) -> None:
        if self._step_first is None:
            self._step_first = marks
        elif marks.max_displacement(self._step_first) > 0.0:
            self._step_moved = True

    def _timeout_kind(self) -> LivenessFailure:
        return LivenessFailure.TIMEOUT if self._step_moved else LivenessFailure.NO_MOTION

    def _is_neutral(self, marks: Landmarks5) -> bool:
        assert self._baseline is not None
        return abs(marks.yaw_signal - self._baseline.yaw_signal) <= self._settings.neutral_band

    def _step_verdict(
        self, step: ChallengeStep, reference: Landmarks5, marks: Landmarks5
    ) -> bool | None:
        """True = done, False = wrong direction, None = not yet."""
        s = self._settings
        if step is ChallengeStep.COME_CLOSER:
            return True if marks.inter_eye_px >= reference.inter_eye_px * s.closer_scale else None
        delta = marks.yaw_signal - reference.yaw_signal
        if step is ChallengeStep.TURN_RIGHT:
            delta = -delta  # the person's right is the image's left (unmirrored)
        if delta >= s.turn_delta:
            return True
        if -delta >= s.wrong_turn_delta:
            return False
        return None
