"""Where the UI finds its resources (theme, translations, QML) inside the repository."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
THEME_FILE = RESOURCES_DIR / "theme" / "kiosk.qss"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
QML_DIR = RESOURCES_DIR / "qml"
