"""R-ID-5: the 18-character resident ID number (GB 11643, check by ISO 7064 MOD 11-2).

The same structure serves the Hong Kong / Macao / Taiwan residence permits and the 2023
foreign permanent resident ID card, so ``documents`` reuses the parts checked here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-ID-5"
LENGTH = 18
EARLIEST_BIRTH = date(1900, 1, 1)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_MAP = "10X98765432"
# Province-level codes (GB/T 2260) plus 71/81/82/83 (Taiwan, HK, Macao, Taiwan permits)
# and 91 (foreign), as the brief lists them.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
# ASCII only: Python's \d would also accept full-width and other Unicode digits.
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for 17 ASCII digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_MAP[total % 11]


def normalize_resident_id(number: str) -> str:
    """Full-width to ASCII, spaces removed, a trailing ``x`` upper-cased."""
    text = unicodedata.normalize("NFKC", number).strip().replace(" ", "")
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def _birth(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def birth_date(number: str) -> date:
    """The birth date in characters 7-14; ValueError if it is not a real date."""
    text = normalize_resident_id(number)
    if len(text) != LENGTH or not text[6:14].isascii() or not text[6:14].isdigit():
        raise ValueError("not an 18-character resident ID number")
    born = _birth(text)
    if born is None:
        raise ValueError("characters 7-14 are not a real calendar date")
    return born


def check_gb11643(
    number: str,
    *,
    rule: str = RULE,
    label_zh: str = "身份证号码",
    label_en: str = "ID number",
    today: date | None = None,
    check_region: bool = True,
    check_birth: bool = True,
) -> ValidationResult:
    """Length, characters, region, birth date, check character — the first that fails."""
    text = normalize_resident_id(number)
    if not text:
        return ValidationResult.invalid(
            rule,
            FieldFault.EMPTY,
            f"请输入{label_zh}。",
            f"Please enter the {label_en}.",
        )
    if len(text) != LENGTH:
        return ValidationResult.invalid(
            rule,
            FieldFault.LENGTH,
            f"{label_zh}应为 18 位，您输入了 {len(text)} 位，请核对后重新输入。",
            f"The {label_en} must have 18 characters; you entered {len(text)}. "
            "Please check it and enter it again.",
        )
    if not _SHAPE.fullmatch(text):
        return ValidationResult.invalid(
            rule,
            FieldFault.CHARACTERS,
            f"{label_zh}前 17 位应为数字，最后一位为数字或字母 X，请核对后重新输入。",
            f"The first 17 characters of the {label_en} must be digits and the last a digit "
            "or the letter X. Please check it and enter it again.",
        )
    if check_region and int(text[:2]) not in PROVINCE_CODES:
        return ValidationResult.invalid(
            rule,
            FieldFault.REGION,
            f"{label_zh}前两位（省级地区代码）“{text[:2]}”不存在，请核对前几位数字。",
            f"The first two digits of the {label_en} (province code '{text[:2]}') do not "
            "exist. Please check the first digits.",
        )
    born = _birth(text)
    if check_birth and (
        born is None or born < EARLIEST_BIRTH or (today is not None and born > today)
    ):
        return ValidationResult.invalid(
            rule,
            FieldFault.BIRTH_DATE,
            f"{label_zh}第 7-14 位（出生日期）“{text[6:14]}”不是有效日期，请核对出生日期部分。",
            f"Characters 7-14 of the {label_en} (birth date '{text[6:14]}') are not a valid "
            "date. Please check the birth-date part.",
        )
    if resident_id_check_char(text[:17]) != text[17]:
        return ValidationResult.invalid(
            rule,
            FieldFault.CHECK_CHARACTER,
            f"{label_zh}最后一位（校验码）与前 17 位不符，请逐位核对号码后重新输入。",
            f"The last character of the {label_en} (the check character) does not match the "
            "first 17. Please check every digit and enter it again.",
        )
    return ValidationResult.valid(rule)


def validate_resident_id(number: str, *, today: date | None = None) -> ValidationResult:
    """R-ID-5: says which part is wrong; ``today`` (Shanghai date) also refuses future births."""
    return check_gb11643(number, today=today)
