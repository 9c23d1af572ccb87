"""Masking of personal data (lead-owned kiosk.domain.masking)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.id_numbers import PROVINCE_CODES, resident_id_check_char
from kiosk.domain.masking import mask_id_number, mask_name, mask_phone, mask_text

phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
# Surrounding text that is not itself part of a number.
_SEPARATOR_CHARS = " ,:;=()[]/|中文号码电话\n"
separators = st.text(_SEPARATOR_CHARS, max_size=6)
# Between two numbers: at least one character, else they form one longer digit run.
gaps = st.text(_SEPARATOR_CHARS, min_size=1, max_size=6)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    rest = draw(st.text("0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    first17 = f"{province:02d}{rest}{born:%Y%m%d}{seq}"
    return first17 + resident_id_check_char(first17)


def test_examples() -> None:
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name(" John  Smith ") == "J*** S****"
    assert mask_name("") == ""
    assert mask_id_number("AB") == "**"
    assert mask_id_number("E1234") == "***34"


@given(resident_ids())
def test_id_mask_keeps_only_first_3_and_last_4(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[:3] == number[:3]
    assert masked[-4:] == number[-4:]
    assert set(masked[3:-4]) == {"*"}


@given(phones)
def test_phone_mask_hides_the_middle_four(phone: str) -> None:
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]


@given(st.text(min_size=10, max_size=40))
def test_long_numbers_never_show_more_than_7_characters(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert sum(c != "*" for c in masked) <= 7


@given(separators, resident_ids(), gaps, phones, separators)
def test_mask_text_never_leaks_the_middle_digits(
    a: str, number: str, b: str, phone: str, c: str
) -> None:
    text = a + number + b + phone + c
    masked = mask_text(text)
    assert number not in masked
    assert number[6:14] not in masked  # the birth date
    assert phone not in masked
    assert phone[3:7] + phone[7:] not in masked
    assert masked == a + mask_id_number(number) + b + mask_phone(phone) + c


def test_mask_text_leaves_other_text_alone() -> None:
    text = "attempt 42 at 2025-01-01 12:00, amount 1234.56"
    assert mask_text(text) == text


@pytest.mark.parametrize(
    "text",
    ["tel=+8613800138000", "tel=008613800138000", "ID11010519491231002X"],
)
def test_mask_text_masks_numbers_glued_to_prefixes(text: str) -> None:
    masked = mask_text(text)
    assert "0013" not in masked
    assert "19491231" not in masked
