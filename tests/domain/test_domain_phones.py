"""R-PH-1: mainland mobile numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.phones import check_phone, is_mainland_mobile, normalize_phone
from kiosk.domain.validation import FieldFault

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13800138000", "13800138000"),
        (" 138 0013 8000 ", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("0086-13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("8613800138000", "8613800138000"),  # a bare 86 is not taken as a country code
    ],
)
def test_normalize_phone(raw: str, normalized: str) -> None:
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize("s", ["13800138000", "19912345678", "14500000000"])
def test_mainland_mobiles_R_PH_1(s: str) -> None:
    assert is_mainland_mobile(s)
    assert check_phone(s).ok
    assert check_phone(s).rule == "R-PH-1"


@pytest.mark.parametrize(
    ("s", "fault", "zh_part", "en_part"),
    [
        ("", FieldFault.EMPTY, "请输入手机号码", "Please enter"),
        ("  ", FieldFault.EMPTY, "请输入手机号码", "Please enter"),
        ("1380013800a", FieldFault.CHARACTERS, "只能包含数字", "only digits"),
        ("138(0013)8000", FieldFault.CHARACTERS, "只能包含数字", "only digits"),
        ("1380013800", FieldFault.LENGTH, "输入了 10 位", "you entered 10"),
        ("138001380001", FieldFault.LENGTH, "输入了 12 位", "you entered 12"),
        ("12800138000", FieldFault.PREFIX, "13-19", "13-19"),
        ("02812345678", FieldFault.PREFIX, "中国大陆手机号码", "mainland China mobile"),
        ("8613800138000", FieldFault.LENGTH, "13 位", "13"),
    ],
)
def test_each_problem_is_named_R_PH_1(
    s: str, fault: FieldFault, zh_part: str, en_part: str
) -> None:
    result = check_phone(s)
    assert not result.ok
    assert result.fault is fault
    assert zh_part in result.reason_zh
    assert en_part in result.reason_en


def test_is_mainland_mobile_does_not_normalize() -> None:
    assert not is_mainland_mobile("+8613800138000")
    assert not is_mainland_mobile("１３８００１３８０００")
    assert not is_mainland_mobile("1380013800")


@given(mobiles)
def test_generated_mobiles_R_PH_1(s: str) -> None:
    assert is_mainland_mobile(s)
    assert check_phone(s).ok
    assert check_phone("+86 " + s[:3] + "-" + s[3:7] + "-" + s[7:]).ok


@given(st.text(max_size=15))
def test_check_agrees_with_is_mainland_mobile_R_PH_1(s: str) -> None:
    assert check_phone(s).ok == is_mainland_mobile(normalize_phone(s))
