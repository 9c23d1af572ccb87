"""R-ID-5: the unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters: registry authority (1), entity type (1), administrative region (6),
organization code (9), check character (1), over a 31-character alphabet.
"""

from __future__ import annotations

import unicodedata

from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-ID-5"
LENGTH = 18
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100 table 1. The type codes are only checked for 9 (market regulation), which
# covers enterprises; for other authorities any digit 1-9 is accepted (assumption: the
# standard's per-authority tables change more often than this code would).
REGISTRY_AUTHORITIES = frozenset("123456789ANY")
_TYPES_BY_AUTHORITY = {"9": frozenset("123"), "Y": frozenset("1")}
_ANY_TYPE = frozenset("123456789")


def uscc_check_char(first17: str) -> str:
    if len(first17) != 17 or any(c not in ALPHABET for c in first17):
        raise ValueError("need exactly 17 characters of the GB 32100 alphabet")
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().replace(" ", "").upper()


def validate_uscc(code: str) -> ValidationResult:
    """Length, alphabet, authority, type, region digits, check character — first failure."""
    text = normalize_uscc(code)
    if not text:
        return ValidationResult.invalid(
            RULE,
            FieldFault.EMPTY,
            "请输入统一社会信用代码。",
            "Please enter the unified social credit code.",
        )
    if len(text) != LENGTH:
        return ValidationResult.invalid(
            RULE,
            FieldFault.LENGTH,
            f"统一社会信用代码应为 18 位，您输入了 {len(text)} 位，请核对后重新输入。",
            f"The unified social credit code must have 18 characters; you entered "
            f"{len(text)}. Please check it and enter it again.",
        )
    bad = sorted({c for c in text if c not in ALPHABET})
    if bad:
        shown = " ".join(bad)
        return ValidationResult.invalid(
            RULE,
            FieldFault.CHARACTERS,
            f"统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），不能包含：{shown}。"
            "请核对后重新输入。",
            "The unified social credit code contains only digits and capital letters "
            f"(never I, O, Z, S or V); it cannot contain: {shown}. Please check it.",
        )
    if text[0] not in REGISTRY_AUTHORITIES:
        return ValidationResult.invalid(
            RULE,
            FieldFault.REGISTRY_AUTHORITY,
            f"统一社会信用代码第 1 位（登记管理部门代码）“{text[0]}”无效，请核对第一位。",
            f"The first character of the code (registry authority '{text[0]}') is not valid. "
            "Please check the first character.",
        )
    if text[1] not in _TYPES_BY_AUTHORITY.get(text[0], _ANY_TYPE):
        return ValidationResult.invalid(
            RULE,
            FieldFault.ENTITY_TYPE,
            f"统一社会信用代码第 2 位（机构类别代码）“{text[1]}”无效，请核对第二位。",
            f"The second character of the code (entity type '{text[1]}') is not valid. "
            "Please check the second character.",
        )
    if not text[2:8].isdigit():
        return ValidationResult.invalid(
            RULE,
            FieldFault.REGION,
            "统一社会信用代码第 3-8 位（行政区划码）应为数字，请核对。",
            "Characters 3-8 of the code (administrative region) must be digits. Please check.",
        )
    if uscc_check_char(text[:17]) != text[17]:
        return ValidationResult.invalid(
            RULE,
            FieldFault.CHECK_CHARACTER,
            "统一社会信用代码最后一位（校验码）与前 17 位不符，请逐位核对后重新输入。",
            "The last character of the code (the check character) does not match the first "
            "17. Please check every character and enter it again.",
        )
    return ValidationResult.valid(RULE)
