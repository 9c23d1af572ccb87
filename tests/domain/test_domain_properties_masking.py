"""Masking never reveals more than documented and never raises (issue 7, personal data)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.id_numbers import resident_id_check_char
from kiosk.domain.masking import mask_id_number, mask_name, mask_phone, mask_text

any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def revealed(original: str, masked: str) -> list[int]:
    """Positions whose character is shown; every other position must be '*'."""
    assert len(masked) == len(original)
    shown = [i for i, (o, m) in enumerate(zip(original, masked, strict=True)) if m != "*"]
    for i in shown:
        assert masked[i] == original[i]
    return shown


@given(number=any_text)
def test_id_mask_keeps_length_and_shows_at_most_first_3_and_last_4(number: str) -> None:
    shown = revealed(number, mask_id_number(number))
    n = len(number)
    if n >= 10:
        allowed = set(range(3)) | set(range(n - 4, n))
    else:
        allowed = set(range(max(0, n - 2), n)) if n > 2 else set()
    assert set(shown) <= allowed
    # Never more than 7 characters of anything, and always at least 3 hidden when n >= 10.
    assert len(shown) <= 7


@given(phone=any_text)
def test_phone_mask_keeps_length_and_hides_the_middle(phone: str) -> None:
    masked = mask_phone(phone)
    shown = revealed(phone, masked)
    if len(phone) == 11:
        assert set(shown) <= {0, 1, 2, 7, 8, 9, 10}
        assert masked[3:7] == "****"
    assert len(shown) <= 7


@given(name=any_text)
def test_name_mask_never_raises_and_shows_only_first_characters(name: str) -> None:
    masked = mask_name(name)
    stripped = name.strip()
    if stripped.isascii():
        words = stripped.split()
        parts = masked.split(" ") if masked else []
        assert len(parts) == len(words)
        for word, part in zip(words, parts, strict=True):
            assert len(part) == len(word)
            assert part[0] == word[0] and set(part[1:]) <= {"*"}
    else:
        assert len(masked) == len(stripped)
        assert masked[0] == stripped[0] and set(masked[1:]) <= {"*"}


@st.composite
def resident_id(draw: st.DrawFn) -> str:
    first17 = draw(st.from_regex(r"[1-9][0-9]{16}", fullmatch=True))
    return first17 + resident_id_check_char(first17)


phone = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


def _no_digit_after_nfkc(c: str) -> bool:
    return not any(d.isdigit() for d in unicodedata.normalize("NFKC", c))


# Surrounding text that does not run digits into the number (a longer digit run is no ID);
# "²" or "⑴" become digits under NFKC, which mask_text applies first, so they are left out.
gap = st.text(
    st.characters(exclude_categories=["Cs", "Nd"]).filter(_no_digit_after_nfkc), max_size=10
)


@given(before=gap, number=resident_id() | phone, after=gap)
def test_mask_text_hides_numbers_in_any_surrounding_text(
    before: str, number: str, after: str
) -> None:
    masked = mask_text(before + number + after)
    alone = mask_text(number)
    # An ID keeps 3 + 4 characters, a phone 3 + 4: the 11 / 4 in between never show.
    assert alone == number[:3] + "*" * (len(number) - 7) + number[-4:]
    # The surrounding text changes nothing about how the number is masked.
    assert masked == mask_text(before) + alone + mask_text(after)


@given(text=any_text)
def test_mask_text_is_idempotent_and_never_raises(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once


@given(text=st.text(st.characters(codec="ascii"), max_size=60))
def test_mask_text_on_ascii_only_replaces_characters_with_stars(text: str) -> None:
    masked = mask_text(text)
    assert len(masked) == len(text)
    for o, m in zip(text, masked, strict=True):
        assert m in (o, "*")
        if m == "*" and o != "*":
            assert o.isdigit()
