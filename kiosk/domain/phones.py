"""Mainland mobile numbers: the format a bindable phone must have (R-PH-1)."""

from __future__ import annotations

import re
import unicodedata

from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-PH-1"
LENGTH = 11
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only
_SEPARATORS = re.compile(r"[\s\-]")
_COUNTRY_PREFIXES = ("+86", "0086")


def normalize_phone(s: str) -> str:
    """Full-width to ASCII; spaces and dashes removed; a leading +86 / 0086 dropped.

    Idempotent: a prefix is dropped only when no second one follows it ("+86+86…" is left
    as typed and refused), so normalizing again (kiosk, then service) changes nothing."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", s))
    for prefix in _COUNTRY_PREFIXES:
        rest = text.removeprefix(prefix)
        if rest != text and not rest.startswith(_COUNTRY_PREFIXES):
            return rest
    return text


def is_mainland_mobile(s: str) -> bool:
    """Exactly 11 ASCII digits ``1[3-9]xxxxxxxxx``, as given (no normalizing)."""
    return _MOBILE.fullmatch(s) is not None


def check_phone(s: str) -> ValidationResult:
    """The normalized number's first problem, with what to do about it."""
    text = normalize_phone(s)
    if not text:
        return ValidationResult.invalid(
            RULE,
            FieldFault.EMPTY,
            "请输入手机号码。",
            "Please enter a mobile phone number.",
        )
    if not (text.isascii() and text.isdigit()):
        return ValidationResult.invalid(
            RULE,
            FieldFault.CHARACTERS,
            "手机号码只能包含数字，请核对后重新输入。",
            "A mobile phone number contains only digits. Please check it and enter it again.",
        )
    if len(text) != LENGTH:
        return ValidationResult.invalid(
            RULE,
            FieldFault.LENGTH,
            f"手机号码应为 11 位，您输入了 {len(text)} 位，请核对后重新输入。",
            f"A mobile phone number has 11 digits; you entered {len(text)}. "
            "Please check it and enter it again.",
        )
    if not is_mainland_mobile(text):
        return ValidationResult.invalid(
            RULE,
            FieldFault.PREFIX,
            "请输入中国大陆手机号码（以 13-19 开头的 11 位数字）。",
            "Please enter a mainland China mobile number (11 digits starting with 13-19).",
        )
    return ValidationResult.valid(RULE)
