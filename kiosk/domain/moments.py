"""A moment as a person reads it (Asia/Shanghai), for messages on both sides of the wire:
"明天 00:00（12月8日）" rather than "2026-12-08T00:00:00+08:00"."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.domain.lang import Lang
from kiosk.domain.lockout import SHANGHAI, shanghai_day
from kiosk.domain.sms_window import seconds_up

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def describe_moment(moment: datetime, now: datetime | None, lang: Lang) -> str:
    """Today and tomorrow by name, with the date; later days by date (and year when it
    is not this one). Without ``now``, the full date. Datetimes must be timezone-aware."""
    local = moment.astimezone(SHANGHAI)
    clock = f"{local:%H:%M}"
    zh_date = f"{local.month}月{local.day}日"
    en_date = f"{local.day} {_MONTHS_EN[local.month - 1]}"
    if now is None or local.year != now.astimezone(SHANGHAI).year:
        zh_date = f"{local.year}年{zh_date}"
        en_date = f"{en_date} {local.year}"
    days = None if now is None else (local.date() - shanghai_day(now)).days
    if days in (0, 1):
        if lang is Lang.ZH:
            return f"{'今天' if days == 0 else '明天'} {clock}（{zh_date}）"
        return f"{clock} {'today' if days == 0 else 'tomorrow'} ({en_date})"
    if lang is Lang.ZH:
        return f"{zh_date} {clock}"
    return f"{clock} on {en_date}"


def unlock_details(
    unlock_at: datetime, now: datetime
) -> tuple[dict[str, str | int], dict[str, str | int]]:
    """The details of a lock's error, and their English overrides: ``unlock_at`` (ISO
    8601, for machines), ``retry_after_s``, and ``unlock_text`` in a person's words."""
    details: dict[str, str | int] = {
        "unlock_at": unlock_at.astimezone(SHANGHAI).isoformat(),
        "retry_after_s": seconds_up(max(unlock_at - now, timedelta(0))),
        "unlock_text": describe_moment(unlock_at, now, Lang.ZH),
    }
    return details, {"unlock_text": describe_moment(unlock_at, now, Lang.EN)}
