"""R-PW-2 (password rule) and R-PW-3 (initial password)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.domain.passwords import (
    ALLOWED,
    SPECIALS,
    check_password,
    initial_password,
    is_initial_password,
    kinds_present,
)
from kiosk.domain.validation import FieldFault

SPECIALS_TEXT = ".@$%*#_+-'&^"


def test_specials_are_exactly_the_seed_list_R_PW_2() -> None:
    assert frozenset(SPECIALS_TEXT) == SPECIALS
    assert len(SPECIALS) == 12


@pytest.mark.parametrize(
    "pw",
    [
        "abcdefg1",  # letters + digits, 8
        "12345678.",  # digits + special
        "abcdefgh@",  # letters + special
        "Aa1.@$%*#_+-'&^"[:16],  # all three, 16
        "ABCDEFGH'",
        "^^^^^^^^a",
    ],
)
def test_valid_passwords_R_PW_2(pw: str) -> None:
    result = check_password(pw)
    assert result.ok, result.reason_en
    assert result.rule == "R-PW-2"


@pytest.mark.parametrize(
    ("pw", "fault", "zh_part", "en_part"),
    [
        ("", FieldFault.EMPTY, "8-16 位", "8-16 characters"),
        ("abc123", FieldFault.LENGTH, "当前为 6 位", "it has 6"),
        ("abcdefgh12345678X", FieldFault.LENGTH, "当前为 17 位", "it has 17"),
        ("abcdefghij", FieldFault.CHARACTER_KINDS, "两种", "at least two kinds"),
        ("1234567890", FieldFault.CHARACTER_KINDS, "两种", "at least two kinds"),
        ("AbCdEfGhIj", FieldFault.CHARACTER_KINDS, "区分大小写", "case-sensitive"),
        ("........", FieldFault.CHARACTER_KINDS, "两种", "at least two kinds"),
        ("abcd 1234", FieldFault.CHARACTERS, "空格", "space"),
        ("abcd!1234", FieldFault.CHARACTERS, "“！”".replace("！", "!"), "'!'"),
        ("密码abcd1234", FieldFault.CHARACTERS, "“密”、“码”", "'密', '码'"),
        ("ａｂｃｄ1234", FieldFault.CHARACTERS, "“ａ”", "'ａ'"),
        ("abcd\u30001234", FieldFault.CHARACTERS, "全角空格", "full-width space"),
        ("abcd\t1234", FieldFault.CHARACTERS, "U+0009", "U+0009"),
        ("abcd~1234", FieldFault.CHARACTERS, "“~”", "'~'"),
    ],
)
def test_each_problem_is_named_R_PW_2(
    pw: str, fault: FieldFault, zh_part: str, en_part: str
) -> None:
    result = check_password(pw)
    assert not result.ok
    assert result.rule == "R-PW-2"
    assert result.fault is fault
    assert zh_part in result.reason_zh
    assert en_part in result.reason_en
    assert "请重新设置密码" in result.reason_zh
    assert "Please choose another password" in result.reason_en


def test_refused_characters_name_the_allowed_set_R_PW_2() -> None:
    result = check_password("pass word1")
    assert ". @ $ % * # _ + - ' & ^" in result.reason_zh
    assert ". @ $ % * # _ + - ' & ^" in result.reason_en


def test_several_problems_reported_together_R_PW_2() -> None:
    result = check_password("ab!")
    assert result.fault is FieldFault.CHARACTERS
    assert "当前为 3 位" in result.reason_zh
    assert "两种" in result.reason_zh
    assert "it has 3" in result.reason_en


def test_many_bad_characters_are_capped() -> None:
    result = check_password("abcd1234!~`<>?/")
    assert "等" in result.reason_zh
    assert "and others" in result.reason_en


def test_reason_never_contains_the_password_R_PW_2() -> None:
    for pw in ("Xq7$Lp2!", "tR0ub4dor&3 x", "秘密Pw9#abc", "Zz9"):
        result = check_password(pw)
        assert pw not in result.reason_zh
        assert pw not in result.reason_en


_SAME_KIND = {
    **{c: string.digits for c in string.digits},
    **{c: string.ascii_letters for c in string.ascii_letters},
    **{c: SPECIALS_TEXT for c in SPECIALS_TEXT},
}


@given(st.text(min_size=0, max_size=24), st.randoms(use_true_random=False))
def test_reason_depends_only_on_shape_not_on_allowed_characters_R_PW_2(
    pw: str, rnd: random.Random
) -> None:
    """Swapping any allowed character for another of its kind never changes the answer,
    so the reason cannot reveal the password's allowed characters."""
    swapped = "".join(rnd.choice(_SAME_KIND[c]) if c in _SAME_KIND else c for c in pw)
    assert check_password(swapped) == check_password(pw)


password_chars = st.sampled_from(sorted(ALLOWED))


@given(st.text(password_chars, min_size=8, max_size=16))
def test_allowed_alphabet_valid_iff_two_kinds_R_PW_2(pw: str) -> None:
    assert check_password(pw).ok == (kinds_present(pw) >= 2)


@given(st.text(min_size=1, max_size=30))
def test_valid_implies_every_clause_R_PW_2(pw: str) -> None:
    result = check_password(pw)
    expected = 8 <= len(pw) <= 16 and set(pw) <= ALLOWED and kinds_present(pw) >= 2
    assert result.ok == expected


@given(st.text(password_chars, min_size=7, max_size=15), st.characters())
def test_any_character_outside_the_set_is_refused_R_PW_2(pw: str, extra: str) -> None:
    assume(extra not in ALLOWED)
    result = check_password(pw + extra)
    assert result.fault is FieldFault.CHARACTERS


def test_initial_password_is_last_six_R_PW_3() -> None:
    assert initial_password("11010519491231002X") == "31002X"
    assert initial_password(" E12345678 ") == "345678"
    assert initial_password("123456") == "123456"
    with pytest.raises(ValueError, match="6 characters"):
        initial_password("12345")


def test_initial_password_never_passes_the_rule_R_PW_3() -> None:
    """R-PW-4: the initial password (6 characters) fails R-PW-2 anyway."""
    assert not check_password(initial_password("11010519491231002X")).ok


def test_is_initial_password_R_PW_3() -> None:
    assert is_initial_password("31002X", "11010519491231002X")
    assert not is_initial_password("31002x", "11010519491231002X")
    assert not is_initial_password("31002X", "123")
