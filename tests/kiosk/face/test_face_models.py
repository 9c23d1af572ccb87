"""Models: the import works, only public-domain model files are used, loading is background."""

from __future__ import annotations

import threading

import dlib
import numpy as np
import pytest

from kiosk.services.face.models import (
    ENCODER_MODEL,
    FIVE_POINT_MODEL,
    FaceModels,
    ModelLoader,
    ModelsUnavailableError,
    import_face_recognition_models,
    model_directory,
)


def test_face_recognition_models_imports_without_warning_setuptools_pin() -> None:
    """setuptools >= 82 removes pkg_resources and the import dies silently (stack-notes);
    the warning it emits is suppressed (pytest runs warnings as errors)."""
    package = import_face_recognition_models()
    assert package.pose_predictor_five_point_model_location().endswith(FIVE_POINT_MODEL)
    assert package.face_recognition_model_location().endswith(ENCODER_MODEL)


def test_model_directory_holds_the_two_public_domain_files() -> None:
    folder = model_directory()
    assert (folder / FIVE_POINT_MODEL).is_file()
    assert (folder / ENCODER_MODEL).is_file()


def test_never_the_68_point_model(face_models: FaceModels) -> None:
    """The 68-point model is non-commercial (iBUG 300-W): the predictor gives 5 points."""
    rect = dlib.rectangle(10, 10, 110, 110)
    shape = face_models.predictor(np.zeros((128, 128), dtype=np.uint8), rect)
    assert shape.num_parts == 5


def test_missing_model_file_is_reported(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(ModelsUnavailableError):
        FaceModels.load(tmp_path)  # type: ignore[arg-type]


def test_loader_is_usable_before_models_finish() -> None:
    """Models load on their own thread; nothing blocks while they load."""
    release = threading.Event()
    sentinel = FaceModels(detector=object(), predictor=object(), encoder=object())

    def slow_load() -> FaceModels:
        release.wait()
        return sentinel

    loader = ModelLoader(slow_load).start()
    assert not loader.ready
    assert not loader.wait(0)
    with pytest.raises(TimeoutError):
        loader.get(timeout=0)
    release.set()
    assert loader.wait(10)
    assert loader.ready
    assert loader.get() is sentinel


def test_loader_loads_real_models_in_background() -> None:
    loader = ModelLoader().start()
    models = loader.get(timeout=60)
    assert loader.ready
    assert models.predictor is not None


def test_loader_failure_surfaces_in_get() -> None:
    def broken() -> FaceModels:
        raise OSError("disk gone")

    loader = ModelLoader(broken).start()
    assert loader.wait(10)
    assert loader.failed and not loader.ready
    with pytest.raises(ModelsUnavailableError):
        loader.get()
