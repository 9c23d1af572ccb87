"""The CJK font, set explicitly so that every glyph renders and screenshots are deterministic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

FAMILY = "WenQuanYi Micro Hei"
# Debian package fonts-wqy-microhei (stack-notes: without a CJK font every glyph is a box).
DEFAULT_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


class FontMissingError(RuntimeError):
    """The CJK font is not installed: Chinese text would render as empty boxes."""


def ensure_cjk_font(font_file: Path = DEFAULT_FONT_FILE) -> str:
    """Return the family name, loading the font file into Qt if fontconfig does not know it.

    Needs a QGuiApplication. Raises ``FontMissingError`` with the fix when the font is absent.
    """
    if FAMILY in QFontDatabase.families():
        return FAMILY
    if font_file.is_file():
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        if font_id >= 0 and FAMILY in QFontDatabase.applicationFontFamilies(font_id):
            return FAMILY
    raise FontMissingError(
        f"font {FAMILY!r} not found (looked in fontconfig and {font_file}); "
        "install it: apt-get install fonts-wqy-microhei"
    )
