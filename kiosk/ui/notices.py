"""Dates and account notices in a person's words (R-PH-2 "your number moved")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from kiosk.domain.messages import Lang
from kiosk.services.account_api import Notice


def format_day(value: date, lang: Lang) -> str:
    if lang is Lang.ZH:
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def format_at(value: datetime, lang: Lang) -> str:
    if lang is Lang.ZH:
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value:%Y-%m-%d %H:%M}"


def notice_text(notice: Notice, lang: Lang) -> str:
    """R-PH-2: what the person who lost a number is told at the next login."""
    when = format_at(notice.at, lang)
    phone = notice.phone_masked or ""
    return QCoreApplication.translate(
        "AccountNotices",
        "Your phone number {phone} was verified by another account on {when} and has been "
        "removed from your account. If it is still yours, add it again in the account center.",
    ).format(phone=phone, when=when)


def notices_text(notices: Sequence[Notice], lang: Lang) -> str:
    return "\n".join(notice_text(n, lang) for n in notices)
