"""R-ID-2: the 12 document types and their number formats (R-ID-5 for GB 11643 ones)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.documents import (
    DIRECT_TYPES,
    HALL_FIRST_TYPES,
    DocumentType,
    label,
    needs_hall_collection,
    normalize_document_number,
    registers_directly,
    validate_document_number,
)
from kiosk.domain.id_numbers import resident_id_check_char
from kiosk.domain.validation import FieldFault
from kiosk.protocol.messages import Lang

T = DocumentType


def gb(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def flip(number: str) -> str:
    """The same number with a different (so wrong) check character."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def test_twelve_types_seven_direct_five_hall_first_R_ID_2() -> None:
    assert len(DocumentType) == 12
    assert len(DIRECT_TYPES) == 7
    assert len(HALL_FIRST_TYPES) == 5
    assert set(DIRECT_TYPES) | set(HALL_FIRST_TYPES) == set(DocumentType)
    assert not set(DIRECT_TYPES) & set(HALL_FIRST_TYPES)


def test_values_are_stable_ascii_codes() -> None:
    for t in DocumentType:
        assert t.value.isascii()
        assert t.value == t.name


@pytest.mark.parametrize(
    "zh",
    [
        "居民身份证",
        "中华人民共和国台湾居民居住证",
        "中华人民共和国港澳居民居住证",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
        "中国护照",
    ],
)
def test_direct_types_by_official_name_R_ID_2(zh: str) -> None:
    (t,) = [t for t in DocumentType if label(t, Lang.ZH) == zh]
    assert registers_directly(t)
    assert not needs_hall_collection(t)


@pytest.mark.parametrize(
    "zh",
    [
        "外国护照",
        "外国人工作许可证（A类）",
        "外国人工作许可证（B类）",
        "外国人工作许可证（C类）",
        "其他个人证件",
    ],
)
def test_hall_first_types_by_official_name_R_ID_2(zh: str) -> None:
    (t,) = [t for t in DocumentType if label(t, Lang.ZH) == zh]
    assert needs_hall_collection(t)
    assert not registers_directly(t)


def test_labels_exist_and_differ_in_both_languages() -> None:
    for lang in Lang:
        names = [label(t, lang) for t in DocumentType]
        assert all(names)
        assert len(set(names)) == 12
    assert all(label(t, Lang.EN).isascii() for t in DocumentType)


VALID: list[tuple[DocumentType, str]] = [
    (T.RESIDENT_ID, "11010519491231002X"),
    (T.RESIDENT_ID, "11010519491231002x"),
    (T.HK_MACAO_RESIDENCE_PERMIT, gb("81000019800101001")),
    (T.HK_MACAO_RESIDENCE_PERMIT, gb("82000019991231123")),
    (T.TAIWAN_RESIDENCE_PERMIT, gb("83000020000229004")),
    (T.HK_MACAO_TRAVEL_PERMIT, "H12345678"),
    (T.HK_MACAO_TRAVEL_PERMIT, "m1234567890"),
    (T.TAIWAN_TRAVEL_PERMIT, "12345678"),
    (T.TAIWAN_TRAVEL_PERMIT, "1234567890"),
    (T.FOREIGN_PERMANENT_RESIDENT_ID, "USA123456789012"),
    (T.FOREIGN_PERMANENT_RESIDENT_ID, gb("93184019850615001")),
    (T.CHINESE_PASSPORT, "E12345678"),
    (T.CHINESE_PASSPORT, "EA1234567"),
    (T.CHINESE_PASSPORT, "G12345678"),
    (T.FOREIGN_PASSPORT, "X1234567"),
    (T.FOREIGN_PASSPORT, "c01x00t47"),
    (T.FOREIGN_WORK_PERMIT_A, "911000012345678901"),
    (T.FOREIGN_WORK_PERMIT_B, "12345"),
    (T.FOREIGN_WORK_PERMIT_C, "A" * 30),
    (T.OTHER_PERSONAL, "ZZ99887766"),
]


@pytest.mark.parametrize(("t", "number"), VALID)
def test_valid_numbers_R_ID_2(t: DocumentType, number: str) -> None:
    assert validate_document_number(t, number).ok


INVALID: list[tuple[DocumentType, str, FieldFault, str]] = [
    (T.RESIDENT_ID, "", FieldFault.EMPTY, "R-ID-2"),
    (T.RESIDENT_ID, "110105194912310021", FieldFault.CHECK_CHARACTER, "R-ID-5"),
    (T.RESIDENT_ID, "1101051949", FieldFault.LENGTH, "R-ID-5"),
    (T.RESIDENT_ID, gb("83000020000229004"), FieldFault.WRONG_DOCUMENT_TYPE, "R-ID-2"),
    (T.RESIDENT_ID, gb("81000019800101001"), FieldFault.WRONG_DOCUMENT_TYPE, "R-ID-2"),
    (T.RESIDENT_ID, gb("93184019850615001"), FieldFault.WRONG_DOCUMENT_TYPE, "R-ID-2"),
    (T.HK_MACAO_RESIDENCE_PERMIT, "11010519491231002X", FieldFault.PREFIX, "R-ID-5"),
    (T.HK_MACAO_RESIDENCE_PERMIT, gb("83000020000229004"), FieldFault.PREFIX, "R-ID-5"),
    (T.HK_MACAO_RESIDENCE_PERMIT, "81000019800101001", FieldFault.LENGTH, "R-ID-5"),
    (T.TAIWAN_RESIDENCE_PERMIT, gb("81000019800101001"), FieldFault.PREFIX, "R-ID-5"),
    (T.TAIWAN_RESIDENCE_PERMIT, gb("83000020000230004"), FieldFault.BIRTH_DATE, "R-ID-5"),
    (
        T.TAIWAN_RESIDENCE_PERMIT,
        flip(gb("83000020000229004")),
        FieldFault.CHECK_CHARACTER,
        "R-ID-5",
    ),
    (T.HK_MACAO_TRAVEL_PERMIT, "12345678", FieldFault.FORMAT, "R-ID-2"),
    (T.HK_MACAO_TRAVEL_PERMIT, "H123456789", FieldFault.FORMAT, "R-ID-2"),
    (T.TAIWAN_TRAVEL_PERMIT, "1234567", FieldFault.FORMAT, "R-ID-2"),
    (T.TAIWAN_TRAVEL_PERMIT, "T12345678", FieldFault.FORMAT, "R-ID-2"),
    (T.FOREIGN_PERMANENT_RESIDENT_ID, "US1234567890123", FieldFault.FORMAT, "R-ID-2"),
    (T.FOREIGN_PERMANENT_RESIDENT_ID, gb("13184019850615001"), FieldFault.PREFIX, "R-ID-5"),
    (T.CHINESE_PASSPORT, "D12345678", FieldFault.FORMAT, "R-ID-2"),
    (T.CHINESE_PASSPORT, "EI1234567", FieldFault.FORMAT, "R-ID-2"),
    (T.CHINESE_PASSPORT, "E1234567", FieldFault.FORMAT, "R-ID-2"),
    (T.FOREIGN_PASSPORT, "X123", FieldFault.FORMAT, "R-ID-2"),
    (T.FOREIGN_PASSPORT, "X123-4567", FieldFault.CHARACTERS, "R-ID-2"),
    (T.FOREIGN_WORK_PERMIT_A, "A" * 31, FieldFault.FORMAT, "R-ID-2"),
    (T.OTHER_PERSONAL, "证件12345", FieldFault.CHARACTERS, "R-ID-2"),
]


@pytest.mark.parametrize(("t", "number", "fault", "rule"), INVALID)
def test_invalid_numbers_name_the_problem_R_ID_2(
    t: DocumentType, number: str, fault: FieldFault, rule: str
) -> None:
    result = validate_document_number(t, number)
    assert not result.ok
    assert result.fault is fault
    assert result.rule == rule
    assert result.reason_zh
    assert result.reason_en
    assert "请" in result.reason_zh
    assert "lease" in result.reason_en


def test_permanent_resident_2023_card_check_char_R_ID_5() -> None:
    number = flip(gb("93184019850615001"))
    result = validate_document_number(T.FOREIGN_PERMANENT_RESIDENT_ID, number)
    assert result.fault is FieldFault.CHECK_CHARACTER


def test_wrong_type_message_suggests_the_right_type_R_ID_2() -> None:
    result = validate_document_number(T.RESIDENT_ID, gb("83000020000229004"))
    assert "中华人民共和国台湾居民居住证" in result.reason_zh
    assert "Residence Permit for Taiwan Residents" in result.reason_en


def test_future_birth_refused_when_today_given_R_ID_5() -> None:
    today = date(2025, 6, 1)
    for t, first17 in [
        (T.RESIDENT_ID, "11010520300101001"),
        (T.TAIWAN_RESIDENCE_PERMIT, "83000020300101001"),
    ]:
        assert validate_document_number(t, gb(first17)).ok
        result = validate_document_number(t, gb(first17), today=today)
        assert result.fault is FieldFault.BIRTH_DATE


def test_normalize_document_number() -> None:
    assert normalize_document_number(" e1234 5678 ") == "E12345678"
    assert normalize_document_number("Ｈ１２３４５６７８") == "H12345678"


@given(st.sampled_from(list(DocumentType)), st.text(max_size=40))
def test_any_input_gets_a_bilingual_answer_R_ID_2(t: DocumentType, number: str) -> None:
    result = validate_document_number(t, number)
    assert result.rule in {"R-ID-2", "R-ID-5"}
    if result.ok:
        assert result.fault is None
    else:
        assert result.fault is not None
        assert result.reason_zh
        assert result.reason_en
