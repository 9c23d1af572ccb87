"""Scripted camera scenes generated from one face photo: pure functions, no device state.

``build_scene(kind)`` places the face of a portrait (default: the public-domain astronaut in
``resources/media``) on a plain synthetic wall, at a size and position that give the scene
its property (see ``SceneKind``). Static scenes carry a little sensor noise per frame so
that consecutive frames differ like a real camera's; ``STILL_PHOTO`` does not (a replayed
photo). Sequences (head turns, coming closer) move over ``count`` frames, then hold.

Sizes are for 640x480 and scale with the frame width: GOOD has an inter-eye distance of
110 px, TOO_SMALL 55 px (the collection gate is 90 px).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.devices.camera import Frame, SceneKind
from kiosk.devices.face_probe import FaceProbe

__all__ = [
    "ASTRONAUT_ANCHOR",
    "FaceAnchor",
    "SceneFrames",
    "SceneKind",
    "build_scene",
    "default_face_path",
    "load_image",
    "media_dir",
]

DEFAULT_SIZE = (640, 480)
REFERENCE_WIDTH = 640
GOOD_INTER_EYE = 110.0
SMALL_INTER_EYE = 55.0
TWO_FACES_INTER_EYE = 70.0
# "Come closer" starts where a person stands for a good picture and ends clearly nearer:
# a liveness baseline is taken at the normal size, so the scene must grow beyond it.
CLOSER_TO_INTER_EYE = 145.0
DARK_GAIN = 0.12
BLUR_SIGMA = 7.0
TURN_AMOUNT = 0.4  # nose displacement at full turn, in inter-eye units
NOISE_SIGMA = 2.0
STATIC_FRAMES = 8
SEQUENCE_FRAMES = 24
DEFAULT_LOST_AT = 30


def media_dir() -> Path:
    """``resources/media`` of this checkout, found from this file (never from the cwd)."""
    return Path(__file__).resolve().parents[2] / "resources" / "media"


def default_face_path() -> Path:
    return media_dir() / "astronaut.jpg"


def load_image(path: Path) -> Frame:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        msg = f"cannot read image {path}"
        raise ValueError(msg)
    return np.asarray(image, dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class FaceAnchor:
    """Where the face is in the base photo: eye midpoint, inter-eye distance, nose (px)."""

    eye_centre: tuple[float, float]
    inter_eye: float
    nose: tuple[float, float]


# Measured on resources/media/astronaut.jpg with dlib's 5-point model (tests re-measure it).
ASTRONAUT_ANCHOR = FaceAnchor(eye_centre=(225.0, 103.25), inter_eye=43.07, nose=(224.0, 135.0))


def locate_face(image: Frame, probe: FaceProbe | None = None) -> FaceAnchor:
    """The largest face of a photo, measured with dlib; ValueError when there is none."""
    faces = (probe or FaceProbe()).faces(image)
    if not faces:
        msg = "no face found in the scene photo"
        raise ValueError(msg)
    face = max(faces, key=lambda f: f.inter_eye)
    return FaceAnchor(eye_centre=face.eye_centre, inter_eye=face.inter_eye, nose=face.nose)


@dataclass(frozen=True, slots=True)
class SceneFrames:
    """The frames of one scene. ``loop``: repeat from the start, else hold the last frame.

    ``lost_at``: the camera playing it raises ``CameraLost`` at that frame index.
    """

    kind: SceneKind
    frames: tuple[Frame, ...]
    loop: bool = True
    lost_at: int | None = None

    def frame_at(self, index: int) -> Frame:
        if self.loop:
            return self.frames[index % len(self.frames)]
        return self.frames[min(index, len(self.frames) - 1)]


def background(size: tuple[int, int] = DEFAULT_SIZE) -> Frame:
    """A plain hall wall: a soft vertical gradient with a darker panel — no face-like detail."""
    width, height = size
    ramp = np.linspace(205, 165, height, dtype=np.float32)[:, None]
    wall = np.empty((height, width, 3), dtype=np.float32)
    wall[..., 0] = ramp * 0.92  # B
    wall[..., 1] = ramp * 0.97  # G
    wall[..., 2] = ramp  # R: a warm wall
    wall[int(height * 0.1) : int(height * 0.9), int(width * 0.04) : int(width * 0.16)] *= 0.8
    return np.clip(wall, 0, 255).astype(np.uint8)


def _portrait_mask(shape: tuple[int, ...], anchor: FaceAnchor) -> np.ndarray:
    """Head and shoulders only: keeps other face-like things in the photo (a patch) out."""
    height, width = shape[:2]
    ex, ey = anchor.eye_centre
    ie = anchor.inter_eye
    mask = np.zeros((height, width), dtype=np.float32)
    top, bottom = max(0, int(ey - 3.0 * ie)), min(height, int(ey + 3.4 * ie))
    left, right = max(0, int(ex - 2.5 * ie)), min(width, int(ex + 2.5 * ie))
    mask[top:bottom, left:right] = 1.0
    feather = max(3, int(ie * 0.4)) | 1
    return cv2.GaussianBlur(mask, (feather * 2 + 1, feather * 2 + 1), 0)


def place_face(
    base: Frame,
    anchor: FaceAnchor,
    *,
    size: tuple[int, int],
    inter_eye: float,
    centre: tuple[float, float],
    canvas: Frame | None = None,
) -> Frame:
    """The portrait scaled to ``inter_eye`` with its eye midpoint at ``centre``, on a wall."""
    scale = inter_eye / anchor.inter_eye
    tx = centre[0] - scale * anchor.eye_centre[0]
    ty = centre[1] - scale * anchor.eye_centre[1]
    matrix = np.array([[scale, 0.0, tx], [0.0, scale, ty]], dtype=np.float64)
    warped = cv2.warpAffine(base, matrix, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpAffine(_portrait_mask(base.shape, anchor), matrix, size)[..., None]
    wall = background(size) if canvas is None else canvas
    out = warped.astype(np.float32) * mask + wall.astype(np.float32) * (1.0 - mask)
    return np.asarray(np.clip(out, 0, 255), dtype=np.uint8)


def turn_head(frame: Frame, nose: tuple[float, float], inter_eye: float, amount: float) -> Frame:
    """Shift the nose region sideways by ``amount`` inter-eye units (+ = +x), eyes barely.

    A smooth Gaussian displacement field centred on the nose, applied with ``cv2.remap``: the
    5-point landmarks then report the nose moving relative to the eyes, as in a head turn.
    """
    height, width = frame.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    sx, sy = 0.55 * inter_eye, 0.55 * inter_eye
    weight = np.exp(-(((xs - nose[0]) ** 2) / (2 * sx**2) + ((ys - nose[1]) ** 2) / (2 * sy**2)))
    map_x = xs - np.float32(amount * inter_eye) * weight
    moved = cv2.remap(frame, map_x, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    return np.asarray(moved, dtype=np.uint8)


def with_noise(frame: Frame, seed: int, sigma: float = NOISE_SIGMA) -> Frame:
    """Sensor-like noise, deterministic per seed."""
    noise = np.random.default_rng(seed).normal(0.0, sigma, frame.shape)
    return np.clip(frame.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def _ease(t: float) -> float:
    return 0.5 - 0.5 * float(np.cos(np.pi * min(max(t, 0.0), 1.0)))


def _ramp(count: int) -> list[float]:
    """0 → 1 over the first two thirds of the frames, then held at 1."""
    moving = max(1, (count * 2) // 3)
    return [_ease(i / moving) for i in range(count)]


def build_scene(
    kind: SceneKind,
    base_image: Frame | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    *,
    anchor: FaceAnchor | None = None,
    count: int | None = None,
    lost_at: int = DEFAULT_LOST_AT,
    seed: int = 0,
) -> SceneFrames:
    """The frames of one scene. Without ``base_image`` the astronaut photo is used.

    A custom ``base_image`` without an ``anchor`` is measured with dlib (about 0.5 s).
    """
    if base_image is None:
        base = load_image(default_face_path())
        anchor = anchor or ASTRONAUT_ANCHOR
    else:
        base = base_image
        anchor = anchor or locate_face(base)
    width, height = size
    unit = width / REFERENCE_WIDTH
    middle = (width / 2, height * 0.42)
    n = count or (SEQUENCE_FRAMES if kind in _SEQUENCES else STATIC_FRAMES)

    def face(inter_eye: float = GOOD_INTER_EYE, centre: tuple[float, float] = middle) -> Frame:
        return place_face(base, anchor, size=size, inter_eye=inter_eye * unit, centre=centre)

    def noisy(frame: Frame) -> tuple[Frame, ...]:
        return tuple(with_noise(frame, seed + i) for i in range(n))

    if kind is SceneKind.GOOD:
        return SceneFrames(kind, noisy(face()))
    if kind is SceneKind.CAMERA_LOST:
        return SceneFrames(kind, noisy(face()), lost_at=lost_at)
    if kind is SceneKind.NO_FACE:
        return SceneFrames(kind, noisy(background(size)))
    if kind is SceneKind.TWO_FACES:
        left = face(TWO_FACES_INTER_EYE, (width * 0.27, middle[1]))
        pair = place_face(
            base,
            anchor,
            size=size,
            inter_eye=TWO_FACES_INTER_EYE * unit,
            centre=(width * 0.73, middle[1]),
            canvas=left,
        )
        return SceneFrames(kind, noisy(pair))
    if kind is SceneKind.TOO_DARK:
        return SceneFrames(kind, noisy(np.asarray(face() * DARK_GAIN, dtype=np.uint8)))
    if kind is SceneKind.BLURRED:
        blurred = (
            np.asarray(cv2.GaussianBlur(f, (0, 0), BLUR_SIGMA), dtype=np.uint8)
            for f in noisy(face())
        )
        return SceneFrames(kind, tuple(blurred))
    if kind is SceneKind.TOO_SMALL:
        return SceneFrames(kind, noisy(face(SMALL_INTER_EYE)))
    if kind is SceneKind.OFF_CENTRE:
        return SceneFrames(kind, noisy(face(centre=(width * 0.78, height * 0.36))))
    if kind is SceneKind.STILL_PHOTO:
        still = with_noise(face(), seed)
        return SceneFrames(kind, tuple(still for _ in range(n)))
    if kind in (SceneKind.TURN_LEFT, SceneKind.TURN_RIGHT):
        # The person's left is the raw (unmirrored) frame's +x.
        sign = 1.0 if kind is SceneKind.TURN_LEFT else -1.0
        scale = GOOD_INTER_EYE * unit / anchor.inter_eye
        nose = (
            middle[0] + scale * (anchor.nose[0] - anchor.eye_centre[0]),
            middle[1] + scale * (anchor.nose[1] - anchor.eye_centre[1]),
        )
        still = face()
        frames = tuple(
            with_noise(
                turn_head(still, nose, GOOD_INTER_EYE * unit, sign * TURN_AMOUNT * t), seed + i
            )
            for i, t in enumerate(_ramp(n))
        )
        return SceneFrames(kind, frames, loop=False)
    if kind is SceneKind.COME_CLOSER:
        frames = tuple(
            with_noise(face(GOOD_INTER_EYE + (CLOSER_TO_INTER_EYE - GOOD_INTER_EYE) * t), seed + i)
            for i, t in enumerate(_ramp(n))
        )
        return SceneFrames(kind, frames, loop=False)
    msg = f"unknown scene {kind!r}"  # pragma: no cover -- every SceneKind is handled above
    raise ValueError(msg)


_SEQUENCES = frozenset({SceneKind.TURN_LEFT, SceneKind.TURN_RIGHT, SceneKind.COME_CLOSER})
