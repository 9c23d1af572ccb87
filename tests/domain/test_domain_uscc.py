"""R-ID-5: unified social credit codes (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.uscc import ALPHABET, uscc_check_char, validate_uscc
from kiosk.domain.validation import FieldFault

# A published example code (GB 32100 worked example style); verified by the check below.
EXAMPLE_FIRST17 = "91350100M000100Y4"


def make_code(first17: str = EXAMPLE_FIRST17) -> str:
    return first17 + uscc_check_char(first17)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "53", "Y1", "N2"]))
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    org = draw(st.text(ALPHABET, min_size=9, max_size=9))
    return make_code(head + region + org)


def test_check_char_matches_the_standards_formula_R_ID_5() -> None:
    weights = [pow(3, i, 31) for i in range(17)]
    assert weights == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(ALPHABET.index(c) * w for c, w in zip(EXAMPLE_FIRST17, weights, strict=True))
    assert uscc_check_char(EXAMPLE_FIRST17) == ALPHABET[(31 - total % 31) % 31]


def test_valid_code_and_normalization_R_ID_5() -> None:
    code = make_code()
    assert validate_uscc(code).ok
    assert validate_uscc(" " + code.lower() + " ").ok
    assert validate_uscc(code).rule == "R-ID-5"


@pytest.mark.parametrize(
    ("code", "fault", "zh_part", "en_part"),
    [
        ("", FieldFault.EMPTY, "请输入", "enter"),
        ("91350100M000100Y", FieldFault.LENGTH, "16 位", "entered 16"),
        ("91350100M000100Y4I", FieldFault.CHARACTERS, "：I", "cannot contain: I"),
        ("91350100M0O0100Y4S", FieldFault.CHARACTERS, "O S", "O S"),
        (make_code("C1350100M000100Y4"), FieldFault.REGISTRY_AUTHORITY, "第 1 位", "first"),
        (make_code("94350100M000100Y4"), FieldFault.ENTITY_TYPE, "第 2 位", "second"),
        (make_code("Y2350100M000100Y4"), FieldFault.ENTITY_TYPE, "机构类别", "entity type"),
        (make_code("913501A0M000100Y4"), FieldFault.REGION, "行政区划", "region"),
    ],
)
def test_each_wrong_part_is_named_R_ID_5(
    code: str, fault: FieldFault, zh_part: str, en_part: str
) -> None:
    result = validate_uscc(code)
    assert not result.ok
    assert result.fault is fault
    assert result.rule == "R-ID-5"
    assert zh_part in result.reason_zh
    assert en_part in result.reason_en


def test_wrong_check_char_R_ID_5() -> None:
    code = make_code()
    other = next(c for c in ALPHABET if c != code[-1])
    result = validate_uscc(code[:-1] + other)
    assert result.fault is FieldFault.CHECK_CHARACTER
    assert "校验码" in result.reason_zh
    assert "check character" in result.reason_en


def test_check_char_input_errors() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("9135")
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("91350100M000100YI")


@given(valid_codes())
def test_round_trip_R_ID_5(code: str) -> None:
    assert validate_uscc(code).ok
    assert uscc_check_char(code[:17]) == code[17]


@given(valid_codes(), st.sampled_from(ALPHABET))
def test_flipped_check_char_fails_R_ID_5(code: str, other: str) -> None:
    if other == code[-1]:
        return
    assert validate_uscc(code[:-1] + other).fault is FieldFault.CHECK_CHARACTER


@given(valid_codes(), st.integers(8, 16), st.integers(1, 30))
def test_single_substitution_in_org_code_is_caught_R_ID_5(code: str, pos: int, d: int) -> None:
    """31 is prime and no weight is 0 mod 31, so one changed character always changes the sum."""
    changed = ALPHABET[(ALPHABET.index(code[pos]) + d) % 31]
    assert not validate_uscc(code[:pos] + changed + code[pos + 1 :]).ok
