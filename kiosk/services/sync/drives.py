"""Removable drives to export a bundle to: writable mounts under the usual roots.

Linux desktop automounters put USB drives at ``/media/<user>/<label>`` (udisks2, older
systems ``/media/<label>``) or ``/run/media/<user>/<label>``; halls mount by hand under
``/mnt``. A root that does not exist is skipped; nothing here raises.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MAX_DRIVES = 8


@dataclass(frozen=True, slots=True)
class Drive:
    path: Path
    label: str


def _is_drive(path: Path) -> bool:
    try:
        return path.is_dir() and os.access(path, os.W_OK | os.X_OK)
    except OSError:
        return False


def _children(path: Path) -> list[Path]:
    try:
        return sorted(p for p in path.iterdir() if not p.name.startswith("."))
    except OSError:
        return []


def removable_drives(roots: tuple[Path, ...]) -> list[Drive]:
    """Mounted, writable folders one or two levels under each root (``root/label`` or
    ``root/user/label``); a mount point counts, a plain folder with mounts below does not."""
    found: list[Drive] = []
    for root in roots:
        for child in _children(root):
            grandchildren = [g for g in _children(child) if os.path.ismount(g)]
            if grandchildren:
                found.extend(Drive(g, g.name) for g in grandchildren if _is_drive(g))
            elif (os.path.ismount(child) or _marked(child)) and _is_drive(child):
                found.append(Drive(child, child.name))
    return found[:MAX_DRIVES]


DEMO_MARKER = ".tax-kiosk-demo-drive"


def _marked(path: Path) -> bool:
    """The demo's and testers' stand-in drive: a folder carrying the marker file."""
    return (path / DEMO_MARKER).is_file()


def make_demo_drive(root: Path, label: str = "USB-DEMO") -> Path:
    """A folder the kiosk lists as a removable drive (demo mode, tests)."""
    drive = root / label
    drive.mkdir(parents=True, exist_ok=True)
    (drive / DEMO_MARKER).touch()
    return drive
