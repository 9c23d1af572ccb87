"""Real face photos for the face tests, fetched at test time and never committed.

The face_recognition 1.3.0 sdist holds obama.jpg, obama2.jpg, obama3.jpg and biden.jpg
(one face each). Their EXIF says "personal use only", so they are downloaded into a cache
(``$TAX_KIOSK_PHOTO_CACHE`` or ``~/.cache/tax-kiosk/test-photos``) and not stored in the
repository (stack-notes). The astronaut (NASA, public domain) comes from scikit-image.

Fetching: PyPI's simple JSON index (PEP 691) with httpx, the sdist checked against a pinned
sha256; if that fails, ``python3 -m pip download`` (the uv venv has no pip).
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import cv2
import httpx
import numpy as np
from numpy.typing import NDArray

from account_service.authority.demo import photo_cache_dir

SDIST = "face_recognition-1.3.0.tar.gz"
SDIST_SHA256 = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
PHOTO_NAMES = ("obama", "obama2", "obama3", "biden")
SIMPLE_INDEX = "https://pypi.org/simple/face-recognition/"

Image = NDArray[np.uint8]


class PhotosUnavailableError(RuntimeError):
    """The sdist could not be fetched (offline, index down)."""


def cache_dir() -> Path:
    return photo_cache_dir()  # the demo kiosk reads the same cache (account_service)


def _download_with_httpx(target: Path) -> None:
    headers = {"Accept": "application/vnd.pypi.simple.v1+json"}
    with httpx.Client(timeout=60.0, follow_redirects=True) as client:
        index = client.get(SIMPLE_INDEX, headers=headers)
        index.raise_for_status()
        url = next(f["url"] for f in index.json()["files"] if f["filename"] == SDIST)
        response = client.get(url)
        response.raise_for_status()
        target.write_bytes(response.content)


def _python_with_pip() -> str | None:
    """A Python that has pip: this one, else a python3 on PATH outside this (uv) venv."""
    venv_bin = str(Path(sys.prefix) / "bin")
    candidates = [sys.executable]
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder and folder != venv_bin:
            found = shutil.which("python3", path=folder)
            if found:
                candidates.append(found)
    for python in candidates:
        probe = subprocess.run(
            [python, "-m", "pip", "--version"], capture_output=True, check=False, timeout=60
        )
        if probe.returncode == 0:
            return python
    return None


def _download_with_pip(target: Path) -> None:
    python = _python_with_pip()
    if python is None:
        raise PhotosUnavailableError("no python3 with pip to download the sdist")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                python,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "face_recognition==1.3.0",
                "-d",
                tmp,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.copyfile(Path(tmp) / SDIST, target)


def _verified(path: Path) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == SDIST_SHA256


def fetch_sdist(directory: Path | None = None) -> Path:
    """The verified sdist in the cache, downloading it once."""
    folder = directory if directory is not None else cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SDIST
    if _verified(target):
        return target
    errors: list[str] = []
    for download in (_download_with_httpx, _download_with_pip):
        partial = folder / (SDIST + ".part")
        try:
            download(partial)
        except Exception as exc:  # try the next way; report all at the end
            errors.append(f"{download.__name__}: {exc!r}")
            continue
        if _verified(partial):
            partial.replace(target)
            return target
        errors.append(f"{download.__name__}: sha256 mismatch")
    raise PhotosUnavailableError("; ".join(errors))


def photo_paths(directory: Path | None = None) -> dict[str, Path]:
    """name -> path of each test photo, extracted into the cache on first use."""
    folder = directory if directory is not None else cache_dir()
    paths = {name: folder / f"{name}.jpg" for name in PHOTO_NAMES}
    if all(p.is_file() for p in paths.values()):
        return paths
    sdist = fetch_sdist(folder)
    with tarfile.open(sdist, "r:gz") as archive:
        for name, path in paths.items():
            member = archive.extractfile(f"face_recognition-1.3.0/tests/test_images/{name}.jpg")
            if member is None:
                raise PhotosUnavailableError(f"{name}.jpg missing from {SDIST}")
            path.write_bytes(io.BytesIO(member.read()).getvalue())
    return paths


def load_photos(directory: Path | None = None) -> dict[str, Image]:
    """name -> BGR image of each test photo."""
    photos: dict[str, Image] = {}
    for name, path in photo_paths(directory).items():
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise PhotosUnavailableError(f"cannot decode {path}")
        photos[name] = image
    return photos


def astronaut() -> Image:
    """scikit-image's astronaut (NASA, public domain) as BGR. Use HOG upsample 0 on it."""
    data = importlib.import_module("skimage.data")  # dev dependency only
    rgb: Image = data.astronaut()
    return np.ascontiguousarray(rgb[:, :, ::-1])


def place_face(
    photo: Image,
    face_box: tuple[int, int, int, int],
    *,
    box_width: float = 240.0,
    centre: tuple[float, float] = (320.0, 240.0),
    size: tuple[int, int] = (640, 480),
) -> Image:
    """A ``size`` (w, h) frame with the photo scaled so the face box (left, top, right,
    bottom in photo pixels) is ``box_width`` wide, its centre at ``centre``. Areas
    outside the photo are filled by replicating its border (no hard edges to detect)."""
    left, top, right, bottom = face_box
    scale = box_width / (right - left)
    cx, cy = (left + right) / 2.0, (top + bottom) / 2.0
    matrix = np.array(
        [[scale, 0.0, centre[0] - scale * cx], [0.0, scale, centre[1] - scale * cy]],
        dtype=np.float64,
    )
    frame: Image = cv2.warpAffine(
        photo,
        matrix,
        size,
        flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return frame


def synthesize_yaw(
    frame: Image, nose: tuple[float, float], shift_px: float, radius: float
) -> Image:
    """Fake a head turn on a 2-D photo: a smooth horizontal displacement field (Gaussian,
    ``radius`` ~ the inter-eye distance) centred on the nose base moves the nose by
    ``shift_px`` while the eyes move much less, so the 5-point landmarks report yaw.
    ``shift_px`` > 0 moves the nose to the image right = the person turning to THEIR left
    (unmirrored frame; see kiosk.services.face.landmarks)."""
    height, width = frame.shape[:2]
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    sx, sy = radius * 0.45, radius * 0.75
    field = shift_px * np.exp(
        -(((xs - nose[0]) ** 2) / (2 * sx * sx) + ((ys - nose[1]) ** 2) / (2 * sy * sy))
    )
    warped: Image = cv2.remap(
        frame, xs - field.astype(np.float32), ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return warped
