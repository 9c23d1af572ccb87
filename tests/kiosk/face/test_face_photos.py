"""The test photos come from the verified sdist into a cache, never from the repository."""

from __future__ import annotations

from pathlib import Path

from tests.support.photos import PHOTO_NAMES, SDIST, cache_dir, photo_paths


def test_photos_are_cached_outside_the_repository() -> None:
    repo = Path(__file__).resolve().parents[3]
    paths = photo_paths()
    assert set(paths) == set(PHOTO_NAMES)
    for path in paths.values():
        assert path.is_file()
        assert repo not in path.resolve().parents
    assert not list(repo.glob("**/obama*.jpg"))


def test_cache_location_is_overridable(monkeypatch: object, tmp_path: Path) -> None:
    monkeypatch.setenv("TAX_KIOSK_PHOTO_CACHE", str(tmp_path))  # type: ignore[attr-defined]
    assert cache_dir() == tmp_path
    assert not (tmp_path / SDIST).exists()
