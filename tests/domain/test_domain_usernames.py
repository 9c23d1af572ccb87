"""R-UN-1: usernames and the once-per-calendar-year change (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.lockout import SHANGHAI
from kiosk.domain.usernames import can_change_username, check_username, next_username_change
from kiosk.domain.validation import FieldFault


@pytest.mark.parametrize("name", ["abcdef", "Zhang2024", "a" + "1" * 19, "ABCDEF", "aB3dE5"])
def test_valid_usernames_R_UN_1(name: str) -> None:
    result = check_username(name)
    assert result.ok
    assert result.rule == "R-UN-1"


@pytest.mark.parametrize(
    ("name", "fault", "zh_part", "en_part"),
    [
        ("", FieldFault.EMPTY, "请输入用户名", "Please enter a username"),
        ("abc12", FieldFault.LENGTH, "当前为 5 位", "has 5"),
        ("a" * 21, FieldFault.LENGTH, "6-20", "6-20"),
        ("1abcdef", FieldFault.FIRST_CHARACTER, "字母开头", "start with an English letter"),
        ("abc_def", FieldFault.CHARACTERS, "“_”", "'_'"),
        ("abc def", FieldFault.CHARACTERS, "空格", "space"),
        ("张三abcdef", FieldFault.CHARACTERS, "“张”、“三”", "'张', '三'"),
        ("ａｂｃｄｅｆ", FieldFault.CHARACTERS, "英文字母和数字", "English letters and digits"),
    ],
)
def test_each_problem_is_named_R_UN_1(
    name: str, fault: FieldFault, zh_part: str, en_part: str
) -> None:
    result = check_username(name)
    assert not result.ok
    assert result.fault is fault
    assert zh_part in result.reason_zh
    assert en_part in result.reason_en


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9]{5,19}", fullmatch=True))
def test_generated_usernames_validate_R_UN_1(name: str) -> None:
    assert check_username(name).ok


@given(st.text(max_size=25))
def test_rule_matches_definition_R_UN_1(name: str) -> None:
    expected = 6 <= len(name) <= 20 and name.isascii() and name.isalnum() and name[0].isalpha()
    assert check_username(name).ok == expected


def sh(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI)


def test_first_setting_is_not_a_change_R_UN_1() -> None:
    assert can_change_username(None, sh(2025, 3, 1))
    assert next_username_change(None, sh(2025, 3, 1)) is None


def test_once_per_calendar_year_R_UN_1() -> None:
    last = sh(2025, 1, 2)
    assert not can_change_username(last, sh(2025, 12, 31, 23, 59))
    assert next_username_change(last, sh(2025, 6, 1)) == sh(2026, 1, 1, 0, 0)
    assert can_change_username(last, sh(2026, 1, 1, 0, 0))
    assert next_username_change(last, sh(2026, 1, 1, 0, 0)) is None


def test_calendar_year_is_shanghai_not_utc_R_UN_1() -> None:
    # 2025-12-31 17:00 UTC is already 2026-01-01 01:00 in Shanghai.
    last = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    assert not can_change_username(last, sh(2026, 6, 1))
    assert next_username_change(last, sh(2026, 6, 1)) == sh(2027, 1, 1, 0, 0)
    # ...and 2025-12-31 15:00 UTC is still 2025 in Shanghai.
    assert can_change_username(datetime(2025, 12, 31, 15, 0, tzinfo=UTC), sh(2026, 1, 1, 0, 0))


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        can_change_username(None, datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        can_change_username(datetime(2025, 1, 1), sh(2025, 1, 1))
