"""The dlib model files, loaded once and in the background (docs/models.md).

Only public-domain models are used: dlib's HOG frontal face detector, the 5-point landmark
model and the ResNet face encoder. The 68-point model (iBUG 300-W, non-commercial only) is
never loaded: we do not ``import face_recognition``, which loads it (stack-notes).
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dlib

FIVE_POINT_MODEL = "shape_predictor_5_face_landmarks.dat"
ENCODER_MODEL = "dlib_face_recognition_resnet_model_v1.dat"


class ModelsUnavailableError(RuntimeError):
    """The model files cannot be found or loaded."""


def import_face_recognition_models() -> Any:
    """Import ``face_recognition_models`` without its pkg_resources deprecation warning.

    The package does ``from pkg_resources import resource_filename``; setuptools < 82 is
    a runtime dependency for that (82+ removes pkg_resources, stack-notes).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*pkg_resources is deprecated.*")
        return importlib.import_module("face_recognition_models")


def model_directory() -> Path:
    """Where ``face_recognition_models`` keeps its ``.dat`` files.

    Found from the package's location without importing it (no pkg_resources needed);
    falls back to the package's own location functions.
    """
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "models"
            if (candidate / FIVE_POINT_MODEL).is_file() and (candidate / ENCODER_MODEL).is_file():
                return candidate
    try:
        package = import_face_recognition_models()
        return Path(package.pose_predictor_five_point_model_location()).parent
    except Exception as exc:  # any import failure means "not installed properly"
        raise ModelsUnavailableError("face_recognition_models is not installed") from exc


@dataclass(frozen=True, slots=True)
class FaceModels:
    """The three dlib models. Thread use: detection and landmarks are cheap and reentrant
    per call; callers keep one analyzer per worker thread anyway."""

    detector: Any  # dlib.fhog_object_detector
    predictor: Any  # dlib.shape_predictor (5 points)
    encoder: Any  # dlib.face_recognition_model_v1

    @classmethod
    def load(cls, directory: Path | None = None) -> FaceModels:
        """Blocking: about 0.5 s. Use ``ModelLoader`` to load off the UI thread."""
        folder = directory if directory is not None else model_directory()
        five_point = folder / FIVE_POINT_MODEL
        encoder = folder / ENCODER_MODEL
        for path in (five_point, encoder):
            if not path.is_file():
                raise ModelsUnavailableError(f"missing model file {path}")
        return cls(
            detector=dlib.get_frontal_face_detector(),
            predictor=dlib.shape_predictor(str(five_point)),
            encoder=dlib.face_recognition_model_v1(str(encoder)),
        )


class ModelLoader:
    """Loads ``FaceModels`` on its own thread so the kiosk is usable meanwhile."""

    def __init__(self, load: Any = FaceModels.load) -> None:
        self._load = load
        self._done = threading.Event()
        self._models: FaceModels | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="face-model-loader", daemon=True)

    def start(self) -> ModelLoader:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._models = self._load()
        except BaseException as exc:  # reported through get(), never lost on the thread
            self._error = exc
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        """True once loading finished successfully."""
        return self._done.is_set() and self._models is not None

    @property
    def failed(self) -> bool:
        return self._done.is_set() and self._error is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Block up to ``timeout`` seconds; True when loading has finished (either way)."""
        return self._done.wait(timeout)

    def get(self, timeout: float | None = None) -> FaceModels:
        """The models; waits up to ``timeout``. Raises ``ModelsUnavailableError`` on failure
        or ``TimeoutError`` when not finished in time."""
        if not self._done.wait(timeout):
            raise TimeoutError("face models are still loading")
        if self._models is None:
            raise ModelsUnavailableError("face models failed to load") from self._error
        return self._models
