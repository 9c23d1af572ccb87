"""One face capture: live analysis per frame, liveness, the best passing frame, a result.

``CaptureSession.process`` runs on a worker thread for the latest frame only (drop older
frames). Per frame it does detection on the downscaled frame, landmarks and the quality
gates (a few ms); the ~75 ms encoding runs only when liveness asks for an identity check
(every ``identity_check_interval_s``) and once for the chosen frame in ``result()``.
Not thread-safe: one session per worker.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.services.face.analyzer import Encoding, FaceAnalyzer, Image, face_distance
from kiosk.services.face.liveness import LivenessChallenge, LivenessObservation
from kiosk.services.face.quality import assess, guidance_for, rank
from kiosk.services.face.settings import FaceSettings
from kiosk.services.face.types import (
    CaptureResult,
    ChallengeStep,
    FrameAnalysis,
    LivenessFailure,
    LivenessProgress,
    LivenessState,
    QualityReport,
)


class NoUsableFace(ValueError):  # noqa: N818 -- reads as the outcome it is
    """The frame does not hold exactly one face to encode."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    frame: Image
    quality: QualityReport
    score: float


def _jpeg(frame: Image, quality: int) -> bytes:
    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())


def decide(
    analyzer: FaceAnalyzer,
    frame_bgr: Image,
    *,
    reference_encoding: Encoding | None = None,
) -> CaptureResult:
    """Quality + encode + compare for one frame (no liveness): the plain decision path.

    Raises ``NoUsableFace`` when the frame does not hold exactly one face.
    """
    settings = analyzer.settings
    detection = analyzer.detect(frame_bgr)
    if len(detection.faces) != 1:
        raise NoUsableFace(f"{len(detection.faces)} faces")
    quality = assess(frame_bgr, detection.faces, settings)
    encoding = analyzer.encode(frame_bgr, detection.faces[0])
    return _result(
        frame_bgr,
        encoding,
        quality=quality,
        settings=settings,
        reference=reference_encoding,
        liveness_passed=False,
        steps=(),
    )


def _result(
    frame: Image,
    encoding: Encoding,
    *,
    quality: QualityReport,
    settings: FaceSettings,
    reference: Encoding | None,
    liveness_passed: bool,
    steps: tuple[ChallengeStep, ...],
) -> CaptureResult:
    distance = None if reference is None else round(face_distance(encoding, reference), 4)
    return CaptureResult(
        image_jpeg=_jpeg(frame, settings.jpeg_quality),
        encoding=tuple(float(v) for v in encoding),
        quality=quality,
        liveness_passed=liveness_passed,
        liveness_steps=steps,
        match_distance=distance,
        match_threshold=None if reference is None else settings.match_threshold,
    )


class CaptureSession:
    def __init__(
        self,
        analyzer: FaceAnalyzer,
        settings: FaceSettings | None = None,
        *,
        rng: random.Random,
        reference_encoding: Encoding | None = None,
    ) -> None:
        self._analyzer = analyzer
        self._settings = settings if settings is not None else analyzer.settings
        self._rng = rng
        self._reference = reference_encoding
        self._liveness = LivenessChallenge(self._settings, rng=rng)
        self._best: _Candidate | None = None
        self._previous_small: Image | None = None
        self._failure: LivenessFailure | None = None
        self._result: CaptureResult | None = None

    @property
    def liveness(self) -> LivenessProgress:
        return self._liveness.progress()

    @property
    def best_quality(self) -> QualityReport | None:
        return None if self._best is None else self._best.quality

    @property
    def done(self) -> bool:
        """Finished: liveness failed, or passed with a passing frame kept."""
        if self._failure is not None:
            return True
        return self._liveness.state is LivenessState.PASSED and self._best is not None

    @property
    def failure(self) -> LivenessFailure | None:
        return self._failure

    def restart(self) -> None:
        """A fresh challenge (new random steps); the kept frame is dropped."""
        self._liveness = LivenessChallenge(self._settings, rng=self._rng)
        self._best = None
        self._previous_small = None
        self._failure = None
        self._result = None

    def process(self, frame_bgr: Image, now: float) -> FrameAnalysis:
        started = time.perf_counter()
        detection = self._analyzer.detect(frame_bgr)
        faces = detection.faces
        identical = self._previous_small is not None and np.array_equal(
            self._previous_small, detection.small_grey
        )
        self._previous_small = detection.small_grey
        report = assess(frame_bgr, faces, self._settings)
        single = faces[0] if len(faces) == 1 else None
        encoding = None
        if single is not None and self._liveness.needs_encoding(now):
            encoding = self._analyzer.encode(frame_bgr, single)
        if self._failure is None:
            progress = self._liveness.update(
                LivenessObservation(
                    now=now,
                    landmarks=None if single is None else single.landmarks,
                    frame_identical=identical,
                    encoding=encoding,
                )
            )
            self._failure = progress.failure
            if (
                report.passed
                and self._failure is None
                and progress.state is not LivenessState.NOT_STARTED
            ):
                self._keep(frame_bgr, report)
        else:
            progress = self._liveness.progress(now)
        return FrameAnalysis(
            boxes=tuple(face.box for face in faces),
            guidance=guidance_for(report, self._settings),
            quality=report if single is not None else None,
            liveness=progress,
            analysis_ms=(time.perf_counter() - started) * 1000.0,
        )

    def _keep(self, frame: Image, report: QualityReport) -> None:
        score = rank(report, self._settings)
        if self._best is None or score > self._best.score:
            self._best = _Candidate(frame.copy(), report, score)

    def result(self) -> CaptureResult | None:
        """The capture once liveness passed and a frame passed the gates, else None.

        Encodes the chosen frame once; if it is not the face the challenge started with,
        the capture fails with FACE_CHANGED (returns None).
        """
        if self._result is not None:
            return self._result
        best = self._best
        if best is None or self._liveness.state is not LivenessState.PASSED:
            return None
        detection = self._analyzer.detect(best.frame)
        if len(detection.faces) != 1:
            return None
        encoding = self._analyzer.encode(best.frame, detection.faces[0])
        baseline = self._liveness.baseline_encoding
        if baseline is not None and face_distance(baseline, encoding) > (
            self._settings.match_threshold
        ):
            self._failure = LivenessFailure.FACE_CHANGED
            return None
        self._result = _result(
            best.frame,
            encoding,
            quality=best.quality,
            settings=self._settings,
            reference=self._reference,
            liveness_passed=True,
            steps=self._liveness.steps,
        )
        return self._result
