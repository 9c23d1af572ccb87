"""Values the face pipeline hands to flows and screens (shared contract, no logic).

A frame's analysis drives the live overlay; a capture's result is what staff review
and what the collection record stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum, auto


class Guidance(StrEnum):
    """One short instruction at a time (ui.md camera screens), most urgent first."""

    NO_FACE = "no_face"  # 请正对摄像头 / face the camera
    ONE_PERSON = "one_person"  # 请保持一人 / only one person in view
    TOO_DARK = "too_dark"  # 光线太暗 / too dark
    TOO_BRIGHT = "too_bright"  # 光线太亮 / too bright
    MOVE_CLOSER = "move_closer"  # 请靠近一点 / come a little closer
    MOVE_BACK = "move_back"  # 请离远一点 / move back a little
    CENTRE_FACE = "centre_face"  # 请将面部移到画面中央 / centre your face
    FACE_CAMERA = "face_camera"  # 请正对摄像头 / look straight at the camera
    HOLD_STILL = "hold_still"  # 请保持不动 / hold still (blur)
    GOOD = "good"  # 很好，请保持 / good, hold it


class QualityMeasure(StrEnum):
    """Each gate is a named measure with a threshold in settings (OFIQ-inspired)."""

    FACE_COUNT = "face_count"
    INTER_EYE_DISTANCE = "inter_eye_distance_px"
    YAW = "yaw_deg"
    ROLL = "roll_deg"
    BRIGHTNESS = "brightness_mean"
    EXPOSURE_CLIPPING = "exposure_clipped_fraction"
    SHARPNESS = "sharpness_laplacian_var"
    CENTRED = "centre_offset_fraction"
    CROPPED = "face_inside_frame"


@dataclass(frozen=True, slots=True)
class QualityScore:
    measure: QualityMeasure
    value: float
    passed: bool
    threshold: str  # human-readable, e.g. ">= 90" or "within [-15, 15]"


@dataclass(frozen=True, slots=True)
class QualityReport:
    scores: tuple[QualityScore, ...]

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.scores)

    def failed(self) -> tuple[QualityMeasure, ...]:
        return tuple(s.measure for s in self.scores if not s.passed)

    def value(self, measure: QualityMeasure) -> float | None:
        return next((s.value for s in self.scores if s.measure is measure), None)


@dataclass(frozen=True, slots=True)
class Box:
    """A face box in full-frame pixel coordinates."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


class ChallengeStep(StrEnum):
    TURN_LEFT = "turn_left"  # 请向左转头 (the person's left)
    TURN_RIGHT = "turn_right"  # 请向右转头
    COME_CLOSER = "come_closer"  # 请靠近摄像头


class LivenessState(Enum):
    NOT_STARTED = auto()
    IN_PROGRESS = auto()
    PASSED = auto()
    FAILED = auto()


class LivenessFailure(StrEnum):
    TIMEOUT = "timeout"  # the step was not done in time (a still photo ends here)
    WRONG_DIRECTION = "wrong_direction"
    NO_MOTION = "no_motion"  # frames identical: a replayed still image
    FACE_LOST = "face_lost"
    FACE_CHANGED = "face_changed"  # a different face appeared mid-challenge


@dataclass(frozen=True, slots=True)
class LivenessProgress:
    state: LivenessState
    steps: tuple[ChallengeStep, ...]
    current_index: int  # index of the step being asked; len(steps) when all done
    seconds_left: float | None = None
    failure: LivenessFailure | None = None


@dataclass(frozen=True, slots=True)
class FrameAnalysis:
    """What one analysed frame says: for the overlay and the guidance line."""

    boxes: tuple[Box, ...]
    guidance: Guidance
    quality: QualityReport | None  # None while there is not exactly one face
    liveness: LivenessProgress
    analysis_ms: float


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """The chosen frame of a completed capture, with everything staff review."""

    image_jpeg: bytes = field(repr=False)  # the best passing frame, unmirrored
    encoding: tuple[float, ...] = field(repr=False)  # 128-d ResNet template
    quality: QualityReport = field(default_factory=lambda: QualityReport(()))
    liveness_passed: bool = False
    liveness_steps: tuple[ChallengeStep, ...] = ()
    match_distance: float | None = None  # to the document photo, when one was given
    match_threshold: float | None = None

    @property
    def matches(self) -> bool | None:
        if self.match_distance is None or self.match_threshold is None:
            return None
        return self.match_distance <= self.match_threshold
