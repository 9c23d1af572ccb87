"""R-UN-1: the optional username, and its once-per-calendar-year change (Asia/Shanghai)."""

from __future__ import annotations

import string
from datetime import datetime

from kiosk.domain.lockout import SHANGHAI
from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-UN-1"
MIN_LENGTH = 6
MAX_LENGTH = 20
_LETTERS = frozenset(string.ascii_letters)
_ALLOWED = _LETTERS | frozenset(string.digits)


def check_username(name: str) -> ValidationResult:
    """6-20 English letters or digits, the first a letter; case is kept (case-sensitive)."""
    if not name:
        return ValidationResult.invalid(
            RULE,
            FieldFault.EMPTY,
            "请输入用户名（6-20 位英文字母或数字，以字母开头）。",
            "Please enter a username (6-20 English letters or digits, starting with a letter).",
        )
    bad = list(dict.fromkeys(c for c in name if c not in _ALLOWED))
    if bad:
        shown_zh = "、".join("空格" if c.isspace() else f"“{c}”" for c in bad)
        shown_en = ", ".join("space" if c.isspace() else f"'{c}'" for c in bad)
        return ValidationResult.invalid(
            RULE,
            FieldFault.CHARACTERS,
            f"用户名只能包含英文字母和数字，不能包含：{shown_zh}。请修改后重新输入。",
            f"A username may contain only English letters and digits, not: {shown_en}. "
            "Please change it.",
        )
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return ValidationResult.invalid(
            RULE,
            FieldFault.LENGTH,
            f"用户名长度须为 {MIN_LENGTH}-{MAX_LENGTH} 位，当前为 {len(name)} 位。",
            f"A username must have {MIN_LENGTH}-{MAX_LENGTH} characters; this one has {len(name)}.",
        )
    if name[0] not in _LETTERS:
        return ValidationResult.invalid(
            RULE,
            FieldFault.FIRST_CHARACTER,
            "用户名须以英文字母开头，请修改第一个字符。",
            "A username must start with an English letter. Please change the first character.",
        )
    return ValidationResult.valid(RULE)


def _shanghai_year(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(SHANGHAI).year


def can_change_username(last_changed: datetime | None, now: datetime) -> bool:
    """Once per calendar year; setting the first username (``None``) is not a change."""
    if last_changed is None:
        _shanghai_year(now)  # still refuse a naive ``now``
        return True
    return _shanghai_year(last_changed) < _shanghai_year(now)


def next_username_change(last_changed: datetime | None, now: datetime) -> datetime | None:
    """When the username may next change: ``None`` if it may change now, else 1 January
    00:00 Asia/Shanghai of the year after the last change."""
    if last_changed is None or can_change_username(last_changed, now):
        return None
    return datetime(_shanghai_year(last_changed) + 1, 1, 1, tzinfo=SHANGHAI)
