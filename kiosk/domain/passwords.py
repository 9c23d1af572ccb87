"""R-PW-2 (password rule) and R-PW-3 (initial password).

No reason ever contains the password; only characters that can never be part of a
password (R-PW-2 choice: the special list is exhaustive) are named back.
"""

from __future__ import annotations

import hmac
import string

from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-PW-2"
MIN_LENGTH = 8
MAX_LENGTH = 16
DIGITS = frozenset(string.digits)
LETTERS = frozenset(string.ascii_letters)
SPECIALS = frozenset(".@$%*#_+-'&^")
SPECIALS_SHOWN = ". @ $ % * # _ + - ' & ^"
ALLOWED = DIGITS | LETTERS | SPECIALS
INITIAL_LENGTH = 6
_MAX_NAMED = 5


def _describe(c: str) -> tuple[str, str]:
    """How to name a refused character on screen: spaces and invisibles get a name."""
    if c == " ":
        return "空格", "space"
    if c == "\u3000":
        return "全角空格", "full-width space"
    if not c.isprintable() or c.isspace():
        code = f"U+{ord(c):04X}"
        return code, code
    return f"“{c}”", f"'{c}'"


def kinds_present(pw: str) -> int:
    """How many of the three kinds (digits, letters, specials) occur."""
    chars = set(pw)
    return sum(bool(chars & kind) for kind in (DIGITS, LETTERS, SPECIALS))


def check_password(pw: str) -> ValidationResult:
    """R-PW-2: every fault found, most specific first, in one bilingual reason."""
    faults: list[FieldFault] = []
    zh: list[str] = []
    en: list[str] = []
    bad = list(dict.fromkeys(c for c in pw if c not in ALLOWED))
    if bad:
        names = [_describe(c) for c in bad[:_MAX_NAMED]]
        more_zh = " 等" if len(bad) > _MAX_NAMED else ""
        more_en = " and others" if len(bad) > _MAX_NAMED else ""
        faults.append(FieldFault.CHARACTERS)
        zh.append(
            f"密码含有不允许的字符：{'、'.join(n[0] for n in names)}{more_zh}；"
            f"只能使用数字、英文字母和特殊符号 {SPECIALS_SHOWN}"
        )
        en.append(
            f"the password contains characters that are not allowed: "
            f"{', '.join(n[1] for n in names)}{more_en}; use only digits, English letters "
            f"and the special characters {SPECIALS_SHOWN}"
        )
    if not MIN_LENGTH <= len(pw) <= MAX_LENGTH:
        faults.append(FieldFault.LENGTH if pw else FieldFault.EMPTY)
        zh.append(f"密码长度须为 {MIN_LENGTH}-{MAX_LENGTH} 位，当前为 {len(pw)} 位")
        en.append(f"the password must have {MIN_LENGTH}-{MAX_LENGTH} characters, it has {len(pw)}")
    if pw and kinds_present(pw) < 2:
        faults.append(FieldFault.CHARACTER_KINDS)
        zh.append("密码须至少包含数字、字母（区分大小写）、特殊符号中的两种")
        en.append(
            "the password needs at least two kinds of: digits, letters (case-sensitive), "
            "special characters"
        )
    if not faults:
        return ValidationResult.valid(RULE)
    english = "; ".join(en)
    return ValidationResult.invalid(
        RULE,
        faults[0],
        "；".join(zh) + "。请重新设置密码。",
        english[0].upper() + english[1:] + ". Please choose another password.",
    )


def initial_password(document_number: str) -> str:
    """R-PW-3: the last 6 characters of the document number (any document type)."""
    number = document_number.strip()
    if len(number) < INITIAL_LENGTH:
        raise ValueError("a document number has at least 6 characters")
    return number[-INITIAL_LENGTH:]


def is_initial_password(pw: str, document_number: str) -> bool:
    """R-PW-3: constant-time comparison with the initial password."""
    try:
        initial = initial_password(document_number)
    except ValueError:
        return False
    return hmac.compare_digest(pw.encode("utf-8"), initial.encode("utf-8"))
