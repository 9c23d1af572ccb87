"""R-ID-2: the 12 identity document types (7 register directly, 5 need hall collection
first) and a format check per type (R-ID-5 for the GB 11643 numbers).

Formats other than the GB 11643 ones are assumptions of this project, kept loose on
purpose: refusing a real number at the kiosk is worse than letting the service refuse it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.domain.id_numbers import check_gb11643
from kiosk.domain.lang import Lang
from kiosk.domain.validation import FieldFault, ValidationResult

FORMAT_RULE = "R-ID-2"
GB11643_RULE = "R-ID-5"


class DocumentType(StrEnum):
    RESIDENT_ID = "RESIDENT_ID"
    TAIWAN_RESIDENCE_PERMIT = "TAIWAN_RESIDENCE_PERMIT"
    HK_MACAO_RESIDENCE_PERMIT = "HK_MACAO_RESIDENCE_PERMIT"
    HK_MACAO_TRAVEL_PERMIT = "HK_MACAO_TRAVEL_PERMIT"
    TAIWAN_TRAVEL_PERMIT = "TAIWAN_TRAVEL_PERMIT"
    FOREIGN_PERMANENT_RESIDENT_ID = "FOREIGN_PERMANENT_RESIDENT_ID"
    CHINESE_PASSPORT = "CHINESE_PASSPORT"
    FOREIGN_PASSPORT = "FOREIGN_PASSPORT"
    FOREIGN_WORK_PERMIT_A = "FOREIGN_WORK_PERMIT_A"
    FOREIGN_WORK_PERMIT_B = "FOREIGN_WORK_PERMIT_B"
    FOREIGN_WORK_PERMIT_C = "FOREIGN_WORK_PERMIT_C"
    OTHER_PERSONAL = "OTHER_PERSONAL"


DIRECT_TYPES: tuple[DocumentType, ...] = (
    DocumentType.RESIDENT_ID,
    DocumentType.TAIWAN_RESIDENCE_PERMIT,
    DocumentType.HK_MACAO_RESIDENCE_PERMIT,
    DocumentType.HK_MACAO_TRAVEL_PERMIT,
    DocumentType.TAIWAN_TRAVEL_PERMIT,
    DocumentType.FOREIGN_PERMANENT_RESIDENT_ID,
    DocumentType.CHINESE_PASSPORT,
)
# R-ID-2 choice: the kiosk sends every hall-first type to staff collection.
HALL_FIRST_TYPES: tuple[DocumentType, ...] = (
    DocumentType.FOREIGN_PASSPORT,
    DocumentType.FOREIGN_WORK_PERMIT_A,
    DocumentType.FOREIGN_WORK_PERMIT_B,
    DocumentType.FOREIGN_WORK_PERMIT_C,
    DocumentType.OTHER_PERSONAL,
)

_LABELS: dict[DocumentType, tuple[str, str]] = {
    DocumentType.RESIDENT_ID: ("居民身份证", "Resident Identity Card"),
    DocumentType.TAIWAN_RESIDENCE_PERMIT: (
        "中华人民共和国台湾居民居住证",
        "Residence Permit for Taiwan Residents of the PRC",
    ),
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: (
        "中华人民共和国港澳居民居住证",
        "Residence Permit for Hong Kong and Macao Residents of the PRC",
    ),
    DocumentType.HK_MACAO_TRAVEL_PERMIT: (
        "港澳居民来往内地通行证",
        "Mainland Travel Permit for Hong Kong and Macao Residents",
    ),
    DocumentType.TAIWAN_TRAVEL_PERMIT: (
        "台湾居民来往大陆通行证",
        "Mainland Travel Permit for Taiwan Residents",
    ),
    DocumentType.FOREIGN_PERMANENT_RESIDENT_ID: (
        "外国人永久居留身份证",
        "Foreign Permanent Resident ID Card",
    ),
    DocumentType.CHINESE_PASSPORT: ("中国护照", "Chinese Passport"),
    DocumentType.FOREIGN_PASSPORT: ("外国护照", "Foreign Passport"),
    DocumentType.FOREIGN_WORK_PERMIT_A: (
        "外国人工作许可证（A类）",
        "Foreigner's Work Permit (Class A)",
    ),
    DocumentType.FOREIGN_WORK_PERMIT_B: (
        "外国人工作许可证（B类）",
        "Foreigner's Work Permit (Class B)",
    ),
    DocumentType.FOREIGN_WORK_PERMIT_C: (
        "外国人工作许可证（C类）",
        "Foreigner's Work Permit (Class C)",
    ),
    DocumentType.OTHER_PERSONAL: ("其他个人证件", "Other Personal Identity Document"),
}


def registers_directly(t: DocumentType) -> bool:
    """R-ID-2: may register online / at the kiosk without hall collection first."""
    return t in DIRECT_TYPES


def needs_hall_collection(t: DocumentType) -> bool:
    """R-ID-2: must have in-hall real-name collection (实名信息采集) before registering."""
    return t in HALL_FIRST_TYPES


def label(t: DocumentType, lang: Lang) -> str:
    zh, en = _LABELS[t]
    return zh if lang is Lang.ZH else en


@dataclass(frozen=True, slots=True)
class _Format:
    pattern: re.Pattern[str]
    zh: str
    en: str


# Assumptions (no seed gives these formats):
# - Chinese passport: ordinary passports only, E + 8 digits, E + letter (not I/O) + 7 digits
#   (2017+ numbering), or the older G + 8 digits.
# - HK/Macao travel permit (回乡证): H or M + 8 digits (2013+ card) or + 10 digits (older).
# - Taiwan travel permit (台胞证): 8 digits (2015+ card) or 10 digits (older booklet).
# - Old foreign permanent resident card: 3 letters (nationality) + 12 digits.
# - Foreign passports, work permits, other documents: 5-30 letters or digits.
_FORMATS: dict[DocumentType, _Format] = {
    DocumentType.CHINESE_PASSPORT: _Format(
        re.compile(r"[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}"),
        "中国护照号码为 E 或 G 开头的 9 位（如 E12345678、EA1234567）",
        "a Chinese passport number has 9 characters starting with E or G "
        "(e.g. E12345678, EA1234567)",
    ),
    DocumentType.HK_MACAO_TRAVEL_PERMIT: _Format(
        re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})"),
        "港澳居民来往内地通行证号码为 H 或 M 加 8 位或 10 位数字",
        "a Mainland Travel Permit for Hong Kong and Macao Residents number is H or M "
        "followed by 8 or 10 digits",
    ),
    DocumentType.TAIWAN_TRAVEL_PERMIT: _Format(
        re.compile(r"[0-9]{8}|[0-9]{10}"),
        "台湾居民来往大陆通行证号码为 8 位或 10 位数字",
        "a Mainland Travel Permit for Taiwan Residents number has 8 or 10 digits",
    ),
    DocumentType.FOREIGN_PERMANENT_RESIDENT_ID: _Format(
        re.compile(r"[A-Z]{3}[0-9]{12}"),
        "外国人永久居留身份证号码为 15 位（3 位字母加 12 位数字，旧版）"
        "或 18 位（以 9 开头，2023 版）",
        "a Foreign Permanent Resident ID number has 15 characters (3 letters and 12 "
        "digits, older card) or 18 (starting with 9, 2023 card)",
    ),
}
_GENERIC = _Format(
    re.compile(r"[A-Z0-9]{5,30}"),
    "证件号码应为 5-30 位字母或数字",
    "the document number must be 5-30 letters or digits",
)

_RESIDENCE_PREFIXES: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: ("810000", "820000"),
    DocumentType.TAIWAN_RESIDENCE_PERMIT: ("830000",),
}
_ALL_RESIDENCE_PREFIXES = ("810000", "820000", "830000")
_SHAPE_FAULTS = (FieldFault.EMPTY, FieldFault.LENGTH, FieldFault.CHARACTERS)


def normalize_document_number(number: str) -> str:
    """Full-width to ASCII, spaces removed, letters upper-cased (how numbers are stored)."""
    return unicodedata.normalize("NFKC", number).strip().replace(" ", "").upper()


def _wrong_type(t: DocumentType, suggested: DocumentType) -> ValidationResult:
    return ValidationResult.invalid(
        FORMAT_RULE,
        FieldFault.WRONG_DOCUMENT_TYPE,
        f"该号码不是{label(t, Lang.ZH)}号码，看起来是{label(suggested, Lang.ZH)}号码，"
        "请重新选择证件类型。",
        f"This is not a {label(t, Lang.EN)} number; it looks like a "
        f"{label(suggested, Lang.EN)} number. Please choose the right document type.",
    )


def _validate_resident_id(text: str, today: date | None) -> ValidationResult:
    if len(text) == 18 and text.startswith(_ALL_RESIDENCE_PREFIXES):
        suggested = (
            DocumentType.TAIWAN_RESIDENCE_PERMIT
            if text.startswith("830000")
            else DocumentType.HK_MACAO_RESIDENCE_PERMIT
        )
        return _wrong_type(DocumentType.RESIDENT_ID, suggested)
    if len(text) == 18 and text.startswith("9"):
        return _wrong_type(DocumentType.RESIDENT_ID, DocumentType.FOREIGN_PERMANENT_RESIDENT_ID)
    return check_gb11643(text, today=today)


def _validate_residence_permit(t: DocumentType, text: str, today: date | None) -> ValidationResult:
    name_zh, name_en = _LABELS[t]
    result = check_gb11643(
        text, label_zh=f"{name_zh}号码", label_en=f"{name_en} number", today=today
    )
    if result.fault in _SHAPE_FAULTS:
        return result
    prefixes = _RESIDENCE_PREFIXES[t]
    if not text.startswith(prefixes):
        shown = " / ".join(prefixes)
        return ValidationResult.invalid(
            GB11643_RULE,
            FieldFault.PREFIX,
            f"{name_zh}号码以 {shown} 开头，请核对前 6 位；如持居民身份证请选择“居民身份证”。",
            f"A {name_en} number starts with {shown}. Please check the first 6 digits; for a "
            "Resident Identity Card choose that document type.",
        )
    return result


def _validate_permanent_resident(text: str) -> ValidationResult:
    if len(text) == 18:
        if not text.startswith("9"):
            return ValidationResult.invalid(
                GB11643_RULE,
                FieldFault.PREFIX,
                "18 位外国人永久居留身份证号码以 9 开头，请核对第一位。",
                "An 18-character Foreign Permanent Resident ID number starts with 9. "
                "Please check the first digit.",
            )
        # 2023 card: GB 11643 structure and check. Region/birth positions are not checked
        # (assumption: the issuing-place and nationality codes are not the resident ones).
        return check_gb11643(
            text,
            label_zh="外国人永久居留身份证号码",
            label_en="Foreign Permanent Resident ID number",
            check_region=False,
            check_birth=False,
        )
    return _validate_format(DocumentType.FOREIGN_PERMANENT_RESIDENT_ID, text)


def _validate_format(t: DocumentType, text: str) -> ValidationResult:
    fmt = _FORMATS.get(t, _GENERIC)
    if fmt.pattern.fullmatch(text):
        return ValidationResult.valid(FORMAT_RULE)
    return ValidationResult.invalid(
        FORMAT_RULE,
        FieldFault.FORMAT if text.isascii() and text.isalnum() else FieldFault.CHARACTERS,
        f"证件号码格式不正确：{fmt.zh}。请核对证件后重新输入。",
        f"The document number is not in the right format: {fmt.en}. Please check the "
        "document and enter it again.",
    )


def validate_document_number(
    t: DocumentType, number: str, *, today: date | None = None
) -> ValidationResult:
    """The format check for ``t`` on the normalized number (see normalize_document_number);
    ``today`` (Shanghai date) also refuses birth dates in the future where there is one."""
    text = normalize_document_number(number)
    if not text:
        return ValidationResult.invalid(
            FORMAT_RULE,
            FieldFault.EMPTY,
            f"请输入{label(t, Lang.ZH)}号码。",
            f"Please enter the {label(t, Lang.EN)} number.",
        )
    if t is DocumentType.RESIDENT_ID:
        return _validate_resident_id(text, today)
    if t in _RESIDENCE_PREFIXES:
        return _validate_residence_permit(t, text, today)
    if t is DocumentType.FOREIGN_PERMANENT_RESIDENT_ID:
        return _validate_permanent_resident(text)
    return _validate_format(t, text)
