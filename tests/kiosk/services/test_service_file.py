"""service.json: how tester tools find the running demo's embedded service."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.services.service_file import (
    clear_service_file,
    read_service_file,
    service_file_path,
    write_service_file,
)


def test_written_url_reads_back(tmp_path: Path) -> None:
    path = write_service_file(tmp_path / "d", "http://127.0.0.1:43123")
    assert json.loads(path.read_text()) == {"base_url": "http://127.0.0.1:43123"}
    assert read_service_file(tmp_path / "d") == "http://127.0.0.1:43123"


def test_missing_or_invalid_file_reads_as_none(tmp_path: Path) -> None:
    assert read_service_file(tmp_path) is None
    service_file_path(tmp_path).write_text("{not json")
    assert read_service_file(tmp_path) is None
    service_file_path(tmp_path).write_text('{"base_url": 5}')
    assert read_service_file(tmp_path) is None


def test_clear_removes_the_file_and_tolerates_absence(tmp_path: Path) -> None:
    write_service_file(tmp_path, "http://x")
    clear_service_file(tmp_path)
    assert not service_file_path(tmp_path).exists()
    clear_service_file(tmp_path)
    assert read_service_file(tmp_path) is None
