"""Masking of personal data for logs and screens: ``110***********123X``, ``138****0001``."""

from __future__ import annotations

import re
import unicodedata

# Letters may touch a number ("ID1101..."), digits may not; +86 / 0086 prefixes are kept.
_ID_IN_TEXT = re.compile(r"(?<![0-9])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9])", re.ASCII)
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(\+86|0086|86)?(1[3-9]\d)(\d{4})(\d{4})(?![0-9])", re.ASCII)


def mask_id_number(number: str) -> str:
    """Keep the first 3 and last 4 characters; short numbers keep only their last 2."""
    if len(number) >= 10:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    if len(number) > 2:
        return "*" * (len(number) - 2) + number[-2:]
    return "*" * len(number)


def mask_phone(phone: str) -> str:
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    return mask_id_number(phone)


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep each word's first letter."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())
    return name[0] + "*" * (len(name) - 1)


def mask_text(text: str) -> str:
    """Mask every resident ID number and mobile number inside free text (for log records)."""
    text = unicodedata.normalize("NFKC", text)
    text = _ID_IN_TEXT.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3)[-4:], text)
    return _PHONE_IN_TEXT.sub(lambda m: (m.group(1) or "") + m.group(2) + "****" + m.group(4), text)
