"""The two languages every user-facing sentence exists in."""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    ZH = "zh_CN"
    EN = "en"
