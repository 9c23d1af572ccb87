"""Personal names as collected in the hall (R-HA-1): Chinese characters, or Latin letters.

One rule for the flow (which decides) and the screen (which gives feedback as staff type).
"""

from __future__ import annotations

import re
import unicodedata

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef]+"  # CJK + Ext. A-F
_CHINESE_NAME = re.compile(f"{_HAN}(?:·{_HAN})*")
_LATIN_NAME = re.compile(r"[A-Za-z]+(?:[ '\-][A-Za-z]+)*")
MAX_NAME_CHARS = 60
MIN_NAME_CHARS = 2


def normalize_chinese_name(name: str) -> str:
    """NFKC, spaces dropped; the various middle dots (•, ・, ‧, .) become ·."""
    text = unicodedata.normalize("NFKC", name).strip().replace(" ", "")
    for dot in ("•", "・", "‧", "．", "."):
        text = text.replace(dot, "·")
    return text


def normalize_latin_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).upper()


def is_chinese_name(name: str) -> bool:
    """Chinese characters, minority name parts joined by ·; call on a normalized name."""
    return bool(_CHINESE_NAME.fullmatch(name)) and len(name) <= MAX_NAME_CHARS


def is_latin_name(name: str) -> bool:
    """Letters, with single spaces, hyphens or apostrophes between; call on a normalized name."""
    return bool(_LATIN_NAME.fullmatch(name)) and len(name) <= MAX_NAME_CHARS
