"""Where the demo keeps its world: a folder of its own inside the data directory, started
afresh each time so the demo is always the one the README describes (issue 22), unless the
tester asks to keep the last state. Never the production terminal's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.services.service_file import service_file_path

DEMO_SUBDIR = "demo"
# Only a folder that carries this mark is ever wiped: a path typed by mistake is not.
MARKER = ".tax-kiosk-demo"


class DemoError(RuntimeError):
    """The demo could not start or finish; the message is one sentence for the tester."""


class DemoDirError(DemoError):
    """The demo folder exists but was not made by the demo: it is left alone."""


def demo_data_dir(data_dir: Path) -> Path:
    """The demo's own folder inside the terminal's data directory."""
    return data_dir / DEMO_SUBDIR


def fresh_demo_dir(data_dir: Path, *, keep: bool = False) -> Path:
    """The demo folder, emptied first unless ``keep`` (the last demo's state stays)."""
    path = demo_data_dir(data_dir)
    if path.exists() and not (path / MARKER).is_file():
        raise DemoDirError(
            f"{path} exists but is not a demo folder (no {MARKER}); move it away or pass "
            "another --data-dir."
        )
    if path.exists() and not keep:
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).touch()
    return path


def running_terminal_dir(data_dir: Path) -> Path:
    """The folder of the kiosk running on this machine, for the tester tools (SMS outbox,
    tax-app simulator, mock camera, sync): the demo's while a demo runs, else ``data_dir``."""
    demo = demo_data_dir(data_dir)
    return demo if service_file_path(demo).is_file() else data_dir
