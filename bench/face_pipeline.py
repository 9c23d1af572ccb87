"""Face pipeline benchmark: `uv run python bench/face_pipeline.py` (not part of the tests).

On 640x480 frames built from the real test photos (tests/support/photos.py; the astronaut
if they cannot be fetched) it measures, in one run:
- preview tracking fps and per-frame analysis ms: CaptureSession.process per frame, as the
  kiosk's worker does (detection on the downscaled frame, landmarks, quality, liveness);
- capture -> decision ms: quality + encode + compare (capture.decide);
- the naive face_recognition way: face_locations (upsample 1) + face_encodings per frame.
Medians are quoted. The last lines are `figure: value unit`.
"""

from __future__ import annotations

import importlib
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.services.face.analyzer import FaceAnalyzer, Image
from kiosk.services.face.capture import CaptureSession, decide
from kiosk.services.face.models import FaceModels
from tests.support.photos import astronaut, load_photos, place_face

ROUNDS = 60


def frames_from_photos(models: FaceModels) -> list[Image]:
    try:
        photos = load_photos()
    except Exception as exc:  # offline: fall back to the bundled public-domain photo
        print(f"test photos unavailable ({exc!r}); using the astronaut", file=sys.stderr)
        photos = {}
    photos["astronaut"] = astronaut()
    frames = []
    for image in photos.values():
        rects = models.detector(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), 0)
        rect = rects[0]
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        frames.append(place_face(image, box, box_width=250.0))
    return frames


def noisy(frames: list[Image], count: int) -> list[Image]:
    rng = np.random.default_rng(0)
    out = []
    for index in range(count):
        base = frames[index % len(frames)].astype(np.int16)
        out.append(np.clip(base + rng.integers(-2, 3, base.shape), 0, 255).astype(np.uint8))
    return out


def main() -> None:
    started = time.perf_counter()
    models = FaceModels.load()
    load_s = time.perf_counter() - started
    analyzer = FaceAnalyzer(models)
    base = frames_from_photos(models)
    frames = noisy(base, ROUNDS * 2)

    # Preview: per-frame analysis as the worker does it, in a live session (includes the
    # liveness identity check every identity_check_interval_s of simulated 25 fps time).
    session = CaptureSession(analyzer, rng=random.Random(0))
    per_frame: list[float] = []
    wall = time.perf_counter()
    for index, frame in enumerate(frames):
        t = time.perf_counter()
        session.process(frame, now=index / 25.0)
        per_frame.append((time.perf_counter() - t) * 1000.0)
        if session.done:
            session.restart()
    wall_s = time.perf_counter() - wall
    preview_fps = len(frames) / wall_s

    reference = analyzer.encode_image(base[0])
    decisions: list[float] = []
    for frame in frames[:ROUNDS]:
        t = time.perf_counter()
        decide(analyzer, frame, reference_encoding=reference)
        decisions.append((time.perf_counter() - t) * 1000.0)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # The naive way, measured here only (it loads the 68-point model too).
        face_recognition = importlib.import_module("face_recognition")

    naive: list[float] = []
    for frame in frames[: ROUNDS // 2]:
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        t = time.perf_counter()
        locations = face_recognition.face_locations(rgb)
        face_recognition.face_encodings(rgb, locations)
        naive.append((time.perf_counter() - t) * 1000.0)

    analysis_median = statistics.median(per_frame)
    decision_median = statistics.median(decisions)
    naive_median = statistics.median(naive)
    print(f"# {len(frames)} frames analysed, 640x480, built from {len(base)} photos")
    print(f"model_load_s: {load_s:.2f} s")
    print(f"analysis_ms_p90: {statistics.quantiles(per_frame, n=10)[-1]:.1f} ms")
    print(f"preview_fps: {preview_fps:.1f} fps")
    print(f"analysis_ms_median: {analysis_median:.1f} ms")
    print(f"capture_to_decision_ms_median: {decision_median:.1f} ms")
    print(f"naive_ms_median: {naive_median:.1f} ms")
    print(f"speedup_vs_naive: {naive_median / analysis_median:.1f} x")
    print(f"decision_speedup_vs_naive: {naive_median / decision_median:.1f} x")


if __name__ == "__main__":
    main()
