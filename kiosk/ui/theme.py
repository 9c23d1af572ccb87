"""Loads the one QSS theme file and applies it, scaled for the large-type setting."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.fonts import FAMILY, ensure_cjk_font
from kiosk.ui.paths import THEME_FILE

LARGE_TYPE_SCALE = 1.25
BODY_PX = 24
_PX = re.compile(r"(\d+(?:\.\d+)?)px")


def scale_px(qss: str, scale: float) -> str:
    """Multiply every ``NNpx`` length in a stylesheet (fonts, heights, padding) by ``scale``."""
    if scale == 1.0:
        return qss
    return _PX.sub(lambda m: f"{round(float(m.group(1)) * scale)}px", qss)


def load_stylesheet(scale: float = 1.0, path: Path = THEME_FILE) -> str:
    return scale_px(path.read_text(encoding="utf-8"), scale)


def apply_theme(app: QApplication, *, large_type: bool = False) -> float:
    """Font + stylesheet on the whole application; returns the scale in use."""
    scale = LARGE_TYPE_SCALE if large_type else 1.0
    font = QFont(ensure_cjk_font())
    font.setPixelSize(round(BODY_PX * scale))
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    app.setStyleSheet(load_stylesheet(scale))
    return scale


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used by a selector changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


__all__ = ["FAMILY", "LARGE_TYPE_SCALE", "apply_theme", "load_stylesheet", "restyle", "scale_px"]
