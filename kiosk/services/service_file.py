"""``<data_dir>/service.json``: where the running demo's embedded service listens.

The demo writes it when its embedded account service is up, so tester tools
(``kiosk sms outbox``) find the service without being told its port.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from kiosk.services.secure_files import write_private_file

SERVICE_FILE_NAME = "service.json"


def service_file_path(data_dir: Path) -> Path:
    return data_dir / SERVICE_FILE_NAME


def write_service_file(data_dir: Path, base_url: str) -> Path:
    """Record ``base_url`` as ``{"base_url": ...}``; returns the file's path."""
    path = service_file_path(data_dir)
    write_private_file(path, json.dumps({"base_url": base_url}).encode("utf-8"))
    return path


def read_service_file(data_dir: Path) -> str | None:
    """The recorded base URL, or None when there is no (valid) file."""
    try:
        data = json.loads(service_file_path(data_dir).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    url = data.get("base_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def clear_service_file(data_dir: Path) -> None:
    """Remove the file when the demo stops, so tools do not talk to a dead port."""
    with contextlib.suppress(FileNotFoundError):
        service_file_path(data_dir).unlink()
