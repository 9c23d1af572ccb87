"""R-HA-1 names: one rule for the collection flow and the screen's live feedback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.names import (
    MAX_NAME_CHARS,
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("张三", True),
        ("阿卜杜·热合曼", True),
        ("阿卜杜•热合曼", True),  # other middle dots are normalized to ·
        ("𠮷野", True),  # CJK extension B
        ("张 三", True),  # spaces dropped
        ("张3", False),
        ("Zhang", False),
        ("·张三", False),
        ("张" * (MAX_NAME_CHARS + 1), False),
    ],
)
def test_R_HA_1_chinese_names(raw: str, ok: bool) -> None:
    assert is_chinese_name(normalize_chinese_name(raw)) is ok


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("John Smith", True),
        ("  mary  o'neil ", True),
        ("Jean-Luc", True),
        ("A.B", False),
        ("John  -Smith", False),
        ("张三", False),
        ("R2D2", False),
    ],
)
def test_R_HA_1_latin_names(raw: str, ok: bool) -> None:
    assert is_latin_name(normalize_latin_name(raw)) is ok


@given(st.from_regex(r"[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,3}", fullmatch=True))
def test_latin_names_normalize_to_upper_case_and_stay_valid(name: str) -> None:
    normalized = normalize_latin_name(name)
    assert normalized == normalized.upper()
    assert is_latin_name(normalized)
