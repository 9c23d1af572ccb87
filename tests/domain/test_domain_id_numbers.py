"""R-ID-5: resident ID numbers (GB 11643, ISO 7064 MOD 11-2)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.id_numbers import (
    PROVINCE_CODES,
    birth_date,
    resident_id_check_char,
    validate_resident_id,
)
from kiosk.domain.validation import FieldFault

KNOWN_VALID = "11010519491231002X"


def make_id(region: str = "110105", born: str = "19491231", seq: str = "002") -> str:
    first17 = region + born + seq
    return first17 + resident_id_check_char(first17)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    rest = draw(st.text("0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    return make_id(f"{province:02d}{rest}", born.strftime("%Y%m%d"), seq)


def test_known_valid_id_R_ID_5() -> None:
    assert resident_id_check_char(KNOWN_VALID[:17]) == "X"
    result = validate_resident_id(KNOWN_VALID)
    assert result.ok
    assert result.rule == "R-ID-5"
    assert result.reason_zh == result.reason_en == ""


def test_lowercase_x_and_spaces_accepted_R_ID_5() -> None:
    assert validate_resident_id("11010519491231002x").ok
    assert validate_resident_id(" 110105 19491231 002X ").ok


@pytest.mark.parametrize(
    ("number", "fault", "zh_part", "en_part"),
    [
        ("", FieldFault.EMPTY, "请输入", "enter"),
        ("1101051949123100", FieldFault.LENGTH, "18 位", "18 characters"),
        ("11010519491231002X1", FieldFault.LENGTH, "19 位", "you entered 19"),
        ("1101051949123100AX", FieldFault.CHARACTERS, "前 17 位应为数字", "first 17"),
        ("11010519491231002Y", FieldFault.CHARACTERS, "字母 X", "letter X"),
        ("X10105194912310021", FieldFault.CHARACTERS, "数字", "digits"),
        (make_id(region="990105"), FieldFault.REGION, "“99”", "'99'"),
        (make_id(region="000105"), FieldFault.REGION, "省级地区代码", "province code"),
        (make_id(born="19490230"), FieldFault.BIRTH_DATE, "出生日期", "birth date"),
        (make_id(born="19491301"), FieldFault.BIRTH_DATE, "19491301", "19491301"),
        (make_id(born="18991231"), FieldFault.BIRTH_DATE, "第 7-14 位", "Characters 7-14"),
        ("110105194912310021", FieldFault.CHECK_CHARACTER, "校验码", "check character"),
    ],
)
def test_each_wrong_part_is_named_R_ID_5(
    number: str, fault: FieldFault, zh_part: str, en_part: str
) -> None:
    result = validate_resident_id(number)
    assert not result.ok
    assert result.rule == "R-ID-5"
    assert result.fault is fault
    assert zh_part in result.reason_zh
    assert en_part in result.reason_en
    # Every reason also says what to do.
    assert "请" in result.reason_zh
    assert "Please" in result.reason_en


def test_full_width_digits_are_normalized_R_ID_5() -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in KNOWN_VALID)
    assert validate_resident_id(full_width).ok


def test_non_ascii_digits_are_refused_R_ID_5() -> None:
    arabic_indic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in KNOWN_VALID)
    assert validate_resident_id(arabic_indic).fault is FieldFault.CHARACTERS


def test_future_birth_refused_only_when_today_given_R_ID_5() -> None:
    number = make_id(born="20300101")
    assert validate_resident_id(number).ok
    result = validate_resident_id(number, today=date(2025, 6, 1))
    assert result.fault is FieldFault.BIRTH_DATE
    assert validate_resident_id(number, today=date(2030, 1, 1)).ok


def test_birth_date() -> None:
    assert birth_date(KNOWN_VALID) == date(1949, 12, 31)
    assert birth_date(make_id(born="20000229")) == date(2000, 2, 29)
    with pytest.raises(ValueError, match="calendar"):
        birth_date(make_id(born="19000229"))
    with pytest.raises(ValueError, match="18-character"):
        birth_date("123")


def test_check_char_needs_17_ascii_digits() -> None:
    for bad in ("1234", "1101051949123100X", "１１０１０５１９４９１２３１００２"):
        with pytest.raises(ValueError, match="17 ASCII digits"):
            resident_id_check_char(bad)


@given(valid_ids())
def test_generated_ids_validate_R_ID_5(number: str) -> None:
    assert validate_resident_id(number, today=date(2026, 1, 1)).ok


@given(valid_ids(), st.sampled_from("0123456789X"))
def test_any_other_check_char_fails_R_ID_5(number: str, other: str) -> None:
    if other == number[-1]:
        return
    result = validate_resident_id(number[:-1] + other)
    assert result.fault is FieldFault.CHECK_CHARACTER


@given(valid_ids(), st.integers(0, 16), st.integers(1, 9))
def test_single_digit_error_is_always_caught_R_ID_5(number: str, pos: int, delta: int) -> None:
    """MOD 11-2 catches every single-digit substitution (the weights are all non-zero mod 11)."""
    changed = str((int(number[pos]) + delta) % 10)
    typo = number[:pos] + changed + number[pos + 1 :]
    assert not validate_resident_id(typo).ok
