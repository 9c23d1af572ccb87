"""The registration password blocklist (issue 6, R-PW-2 plus): common passwords, patterns,
and anything derived from the person's document number, birthday or phone."""

from __future__ import annotations

import string
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.domain.id_numbers import resident_id_check_char
from kiosk.domain.password_blocklist import (
    COMMON_PASSWORDS,
    Guessable,
    PersonalFacts,
    check_guessable,
    facts_for,
    find_guessable,
)

padding = st.text(alphabet=string.ascii_letters + ".@_", max_size=5)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"110105{born:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


phones = st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"13{n:09d}")


@given(resident_ids(), phones, padding, padding)
def test_R_PW_2_last_six_of_the_id_number_is_refused(
    number: str, phone: str, before: str, after: str
) -> None:
    password = before + number[-6:].lower() + after
    assert find_guessable(password, facts_for(number, phone)) is not None


@given(resident_ids(), padding, padding, st.sampled_from(["%Y%m%d", "%y%m%d", "%d%m%Y"]))
def test_R_PW_2_the_birthday_in_any_usual_form_is_refused(
    number: str, before: str, after: str, form: str
) -> None:
    facts = facts_for(number)
    assert facts.birth_date is not None
    password = before + facts.birth_date.strftime(form) + after
    assert find_guessable(password, facts) is not None


@given(resident_ids(), phones, padding, padding, st.sampled_from([slice(None), slice(-8, None)]))
def test_R_PW_2_the_phone_number_or_its_tail_is_refused(
    number: str, phone: str, before: str, after: str, part: slice
) -> None:
    password = before + phone[part] + after
    assert find_guessable(password, facts_for(number, phone)) is not None


_LOOK_ALIKES = {"a": "@", "o": "0", "s": "$", "e": "3", "i": "1"}


@given(st.sampled_from(sorted(COMMON_PASSWORDS)), st.data())
def test_R_PW_2_common_passwords_in_any_case_and_look_alikes_are_refused(
    common: str, data: st.DataObject
) -> None:
    changed = "".join(
        data.draw(st.sampled_from([c, c.upper(), _LOOK_ALIKES.get(c, c)])) for c in common
    )
    assert find_guessable(changed, PersonalFacts(document_number="H60123456")) is Guessable.COMMON


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvw.", min_size=8, max_size=16),
    resident_ids(),
    resident_ids(),
    phones,
)
def test_R_PW_2_personal_data_never_refuses_a_password_without_digits(
    password: str, first: str, second: str, phone: str
) -> None:
    """Every personal fragment holds digits, so for a digit-free password only the common
    list and patterns can speak, whoever the person is."""
    assert find_guessable(password, facts_for(first, phone)) == find_guessable(
        password, facts_for(second)
    )


@given(st.text(alphabet=string.ascii_letters + string.digits + ".@_", min_size=8, max_size=16))
@example("P@ssw0rd1")
def test_R_PW_2_case_does_not_matter_and_reasons_never_repeat_the_password(
    password: str,
) -> None:
    facts = facts_for("11010519491231002X", "13800000001")
    assert find_guessable(password, facts) == find_guessable(password.swapcase(), facts)
    result = check_guessable(password, facts)
    assert result.rule == "R-PW-2"
    if not result.ok:
        assert password not in result.reason_zh
        assert password not in result.reason_en
        assert result.reason_en[0].islower()  # the catalog template starts the sentence


def test_R_PW_2_patterns_and_reasons_by_kind() -> None:
    facts = facts_for("110108198005120035", "13900000011")
    assert facts.birth_date == date(1980, 5, 12)
    assert find_guessable("aaaaaaaa", facts) is Guessable.PATTERN
    assert find_guessable("87654321", facts) is Guessable.PATTERN
    assert find_guessable("qwertyuiop", facts) is Guessable.PATTERN
    assert find_guessable("Ou.19800512", facts) is Guessable.BIRTHDAY
    assert find_guessable("Ou.120035y", facts) is Guessable.DOCUMENT_NUMBER
    assert find_guessable("x.13900000011", facts) is Guessable.PHONE
    assert find_guessable("x.00000011y", facts) is Guessable.PHONE  # its last 8
    assert check_guessable("Tax.kiosk7", facts).ok
    assert check_guessable("Ou.0512x.k9", facts).ok  # 4 digits of a date are not refused
    # A number without a birth date (a travel permit) gives no birthday.
    assert facts_for("H60123456").birth_date is None
