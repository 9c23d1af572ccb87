"""R-LG-1: classifying a login identifier (lead-owned kiosk.domain.identifiers)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.id_numbers import PROVINCE_CODES, resident_id_check_char
from kiosk.domain.identifiers import IdentifierKind, classify_identifier, normalize_identifier

K = IdentifierKind


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    rest = draw(st.text("0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    first17 = f"{province:02d}{rest}{born:%Y%m%d}{seq}"
    return first17 + resident_id_check_char(first17)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("13800138000", K.PHONE),
        (" 138 0013 8000 ", K.PHONE),
        ("11010519491231002X", K.DOCUMENT_NUMBER),
        ("11010519491231002x", K.DOCUMENT_NUMBER),
        ("110105491231002", K.DOCUMENT_NUMBER),  # 15-digit legacy number
        ("Zhang2024", K.USERNAME),
        ("E12345678", K.USERNAME),  # username first, then document (documented)
        ("12345678", K.DOCUMENT_NUMBER),  # Taiwan permit
        ("", None),
        ("abc", None),
        ("张三", None),
        ("a" * 31, None),
        ("1234", None),
    ],
)
def test_classify_table_R_LG_1(raw: str, kind: IdentifierKind | None) -> None:
    assert classify_identifier(raw) is kind


def test_normalize_keeps_username_case_R_UN_1() -> None:
    assert normalize_identifier(" AbCdEf1 ") == "AbCdEf1"
    assert normalize_identifier("11010519491231002x") == "11010519491231002X"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_generated_phones_are_phones_R_LG_1(phone: str) -> None:
    assert classify_identifier(phone) is K.PHONE


@given(resident_ids())
def test_generated_ids_are_document_numbers_R_LG_1(number: str) -> None:
    assert classify_identifier(number) is K.DOCUMENT_NUMBER
    assert classify_identifier(number.lower()) is K.DOCUMENT_NUMBER


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9]{5,19}", fullmatch=True))
def test_generated_usernames_are_usernames_R_LG_1(name: str) -> None:
    assert classify_identifier(name) is K.USERNAME


@pytest.mark.parametrize(
    "raw",
    [
        "１１０１０５１９４９１２３１００２X",  # full-width resident ID
        "13８00138000",  # phone typed with the IME switching mid-way
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
    ],
)
def test_classified_identifiers_are_ascii_R_LG_1(raw: str) -> None:
    kind = classify_identifier(raw)
    assert kind is None or normalize_identifier(raw).isascii()


@pytest.mark.parametrize(
    "raw", ["+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "１３８００１３８０００"]
)
def test_decorated_phone_numbers_log_in_as_phones_R_LG_1(raw: str) -> None:
    assert normalize_identifier(raw) == "13800138000"
    assert classify_identifier(raw) is K.PHONE
