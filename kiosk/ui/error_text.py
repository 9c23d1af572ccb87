"""How a catalog error reads on screen: the catalog text, with dates put in a person's words.

The texts come from ``kiosk.domain.messages`` (never ``tr()``); this module only formats
detail values such as ``unlock_at`` (ISO 8601 on the wire) for reading.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.domain.messages import Lang, message_for
from kiosk.services.account_api import AccountError

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_moment(value: str, lang: Lang) -> str:
    """``2026-11-23T00:00:00+08:00`` → ``11月23日 00:00`` / ``00:00 on 23 Nov``."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    clock = f"{moment:%H:%M}"
    if lang is Lang.ZH:
        return f"{moment.month}月{moment.day}日 {clock}"
    return f"{clock} on {moment.day} {_MONTHS_EN[moment.month - 1]}"


def error_text(error: AccountError, lang: Lang) -> str:
    details: dict[str, Any] = dict(error.details)
    unlock_at = details.get("unlock_at")
    if isinstance(unlock_at, str):
        details["unlock_at"] = format_moment(unlock_at, lang)
    return message_for(error.code).render(lang, details)
