"""How a catalog error reads on screen: the catalog text, with moments in a person's words.

The texts come from ``kiosk.protocol.messages`` (never ``tr()``); this module only formats
detail values such as ``unlock_at`` (ISO 8601 on the wire) for reading.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.domain.lockout import SHANGHAI
from kiosk.domain.moments import describe_moment
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import Lang, message_for

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


def _now() -> datetime:
    return datetime.now(SHANGHAI)


def error_text(error: UserError, lang: Lang, *, now: Callable[[], datetime] = _now) -> str:
    """The catalog text. A lock's moment comes worded by whoever decided it (the service
    at its own clock, ``unlock_text``); a bare ``unlock_at`` is worded here."""
    details: dict[str, Any] = dict(error.details)
    unlock_at = details.get("unlock_at")
    if isinstance(unlock_at, str) and "unlock_text" not in details:
        try:
            moment = datetime.fromisoformat(unlock_at)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            shown = now()
            details["unlock_text"] = describe_moment(moment, shown, Lang.ZH)
            details["unlock_text_en"] = describe_moment(moment, shown, Lang.EN)
    return message_for(error.code).render(lang, details)
