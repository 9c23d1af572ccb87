"""Properties shared by every text validator in kiosk.domain (issue 7).

Whatever a person types (any Unicode, control characters, full-width forms), a validator
answers with a ValidationResult, never an exception, and a refusal always says what is
wrong in both languages. Normalizers are idempotent on what a person can type, and a
second normalization (kiosk, then service) never changes a verdict.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.domain.documents import DocumentType, normalize_document_number, validate_document_number
from kiosk.domain.id_numbers import normalize_resident_id, validate_resident_id
from kiosk.domain.identifiers import classify_identifier, normalize_identifier
from kiosk.domain.names import (
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)
from kiosk.domain.passwords import check_password, initial_password, is_initial_password
from kiosk.domain.phones import check_phone, normalize_phone
from kiosk.domain.uscc import normalize_uscc, validate_uscc
from kiosk.domain.usernames import check_username
from kiosk.domain.validation import ValidationResult

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Anything at all, including control characters, surrogate-free Unicode and full-width forms.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
# What a keyboard or a Chinese input method produces: ASCII, full-width ASCII, spaces, Han.
typed_alphabet = (
    string.ascii_letters
    + string.digits
    + " -+()'.·•"
    + "".join(chr(0xFF10 + i) for i in range(10))  # full-width digits
    + "ＸｘＡ　（）－"  # full-width letters, full-width space, brackets, dash
    + "张王李欧阳娜"
)
typed_text = st.text(st.sampled_from(typed_alphabet), max_size=30)

Validator = Callable[[str], ValidationResult]
VALIDATORS: dict[str, Validator] = {
    "R-ID-5": validate_resident_id,
    "R-ID-5 uscc": validate_uscc,
    "R-PH-1": check_phone,
    "R-PW-2": check_password,
    "R-UN-1": check_username,
}


def assert_well_formed(result: ValidationResult, rule_prefix: str) -> None:
    assert result.rule.startswith(rule_prefix)
    if result.ok:
        assert result.fault is None
        assert result.reason_zh == result.reason_en == ""
    else:
        assert result.fault is not None
        assert _CJK.search(result.reason_zh), result.reason_zh
        # English text (it may quote the refused characters back, so not ASCII-only).
        assert re.search(r"[A-Za-z]{4}", result.reason_en), result.reason_en


@settings(max_examples=150)
@given(raw=any_text | typed_text)
def test_validators_never_raise_and_answer_in_both_languages_R_ID_5_R_PH_1_R_PW_2_R_UN_1(
    raw: str,
) -> None:
    for rule, validator in VALIDATORS.items():
        assert_well_formed(validator(raw), rule.split()[0])


@settings(max_examples=100)
@given(t=st.sampled_from(DocumentType), raw=any_text | typed_text)
def test_every_document_type_answers_any_text_R_ID_2(t: DocumentType, raw: str) -> None:
    result = validate_document_number(t, raw)
    assert result.rule in {"R-ID-2", "R-ID-5"}
    assert_well_formed(result, "R-ID-")


@given(raw=any_text | typed_text)
def test_classify_identifier_never_raises_and_is_stable_under_renormalizing_R_LG_1(
    raw: str,
) -> None:
    # The kiosk normalizes before sending; the service normalizes what it receives again.
    once = normalize_identifier(raw)
    assert classify_identifier(once) == classify_identifier(raw)


Normalizer = Callable[[str], str]
NORMALIZERS: dict[str, Normalizer] = {
    "identifier": normalize_identifier,
    "resident_id": normalize_resident_id,
    "document": normalize_document_number,
    "uscc": normalize_uscc,
    "phone": normalize_phone,
    "chinese_name": normalize_chinese_name,
    "latin_name": normalize_latin_name,
}


@given(raw=typed_text)
@example(raw="１３８ ００１３ ８０００")
@example(raw="+86 138-0013-8000")
def test_normalizers_are_idempotent_on_typed_text_R_LG_1_R_ID_5_R_PH_1(raw: str) -> None:
    for name, normalize in NORMALIZERS.items():
        once = normalize(raw)
        assert normalize(once) == once, name


@given(raw=any_text | typed_text)
def test_renormalizing_never_changes_a_verdict_R_ID_5_R_ID_2(raw: str) -> None:
    # Verdicts are taken on the normalized value, so normalizing first must not matter.
    assert validate_resident_id(normalize_resident_id(raw)).ok == validate_resident_id(raw).ok
    assert validate_uscc(normalize_uscc(raw)).ok == validate_uscc(raw).ok
    for t in DocumentType:
        once = normalize_document_number(raw)
        assert validate_document_number(t, once).ok == validate_document_number(t, raw).ok


@given(raw=any_text | typed_text)
def test_name_predicates_never_raise_and_accept_only_normalized_names_R_HA_1(raw: str) -> None:
    chinese = normalize_chinese_name(raw)
    latin = normalize_latin_name(raw)
    if is_chinese_name(chinese):
        assert 1 <= len(chinese) <= 60
        assert " " not in chinese
    if is_latin_name(latin):
        assert latin == latin.upper() and latin.isascii()
        assert "  " not in latin and latin == latin.strip()


@given(
    number=st.text(st.characters(exclude_categories=["Cs"]), min_size=6, max_size=30).filter(
        lambda s: len(s.strip()) >= 6
    )
)
def test_initial_password_is_last_six_and_never_passes_the_password_rule_R_PW_3_R_PW_4(
    number: str,
) -> None:
    initial = initial_password(number)
    assert initial == number.strip()[-6:]
    assert is_initial_password(initial, number)
    # R-PW-4: "may equal the old one, unless the old one is the initial password, which
    # fails R-PW-2 anyway" — so the rule alone keeps the initial password out.
    assert not check_password(initial).ok


@given(pw=any_text, number=any_text)
def test_is_initial_password_never_raises_R_PW_3(pw: str, number: str) -> None:
    expected = len(number.strip()) >= 6 and pw == number.strip()[-6:]
    assert is_initial_password(pw, number) is expected


# What people type into the phone field: digits, separators, and country prefixes.
phone_pieces = st.lists(
    st.sampled_from(["+86", "0086", "86", "+", " ", "-", "\u3000", "１", "3", "8", "0", "1"]),
    max_size=20,
).map("".join)


@given(raw=phone_pieces)
@example(raw="+86+8613800138000")
def test_phone_normalization_is_idempotent_and_verdict_stable_R_PH_1(raw: str) -> None:
    once = normalize_phone(raw)
    assert normalize_phone(once) == once
    assert check_phone(once).ok == check_phone(raw).ok
