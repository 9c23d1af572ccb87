"""R-PW-2 at registration, one step further: a password that passes the rule may still be
too easy to guess. Refused are common passwords (also with letters swapped for look-alike
digits or symbols, in any case), one character repeated or a straight run ("abcd1234" is
two runs, and common), and passwords that contain something a stranger can read off the
person: the document number's telling parts, the birthday, the phone number.

Pure functions of their inputs (no I/O, no clock), so property tests can drive them.
Reasons never repeat the password or the personal data, only which kind of thing matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.domain.id_numbers import birth_date as id_birth_date
from kiosk.domain.validation import FieldFault, ValidationResult

RULE = "R-PW-2"
# Shorter fragments would refuse too much by accident (any 4 digits look like a year).
MIN_FRAGMENT = 6

# Lower-case; passwords are compared after ``fold`` (case and look-alikes folded), so one
# entry stands for "Password1", "P@ssw0rd1", "PASSWORD1" alike. Only entries that can pass
# R-PW-2 (8-16 characters, two kinds) matter; the list is a sample of the most used ones
# in published leak statistics, Chinese sites included.
COMMON_PASSWORDS: frozenset[str] = frozenset(
    {
        "password1",
        "password12",
        "password123",
        "passw0rd",
        "password.",
        "password@1",
        "qwerty123",
        "qwerty12",
        "qwer1234",
        "qwe123456",
        "qweasd123",
        "1qaz2wsx",
        "1qaz@wsx",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "q1w2e3r4",
        "zxcvbnm1",
        "zxcvbnm123",
        "asdf1234",
        "asd123456",
        "a1234567",
        "a12345678",
        "a123456789",
        "aa123456",
        "aa12345678",
        "abc12345",
        "abc123456",
        "abcd1234",
        "abc@1234",
        "admin123",
        "admin1234",
        "admin@123",
        "root1234",
        "test1234",
        "welcome1",
        "iloveyou1",
        "woaini1314",
        "woaini520",
        "5201314a",
        "a5201314",
        "monkey123",
        "dragon123",
        "letmein1",
        "football1",
        "sunshine1",
        "princess1",
        "p@ssword",
        "123456abc",
        "123456aa",
        "12345678a",
        "123456789a",
        "1234abcd",
        "123qwe123",
        "123qweasd",
        "qq123456",
        "qq5201314",
        "wang123456",
        "zhang123456",
        "li123456",
    }
)

# Look-alikes folded back to the letter they imitate (after lower-casing).
_FOLD = str.maketrans({"@": "a", "4": "a", "0": "o", "$": "s", "5": "s", "3": "e", "1": "i"})
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
)


_FOLDED_COMMON = frozenset(p.translate(_FOLD) for p in COMMON_PASSWORDS)


class Guessable(StrEnum):
    """Which kind of thing made a password guessable (tests and callers need not parse)."""

    COMMON = "common"
    PATTERN = "pattern"
    DOCUMENT_NUMBER = "document_number"
    BIRTHDAY = "birthday"
    PHONE = "phone"


_REASONS: dict[Guessable, tuple[str, str]] = {
    Guessable.COMMON: ("它是常用密码之一。", "it is one of the most common passwords."),
    Guessable.PATTERN: (
        "它只是同一字符重复或连续字符（如 aaaa、1234、qwer）。",
        "it is only one character repeated or a straight run (like aaaa, 1234, qwer).",
    ),
    Guessable.DOCUMENT_NUMBER: (
        "它包含您的证件号码或其中一段。",
        "it contains your document number or part of it.",
    ),
    Guessable.BIRTHDAY: ("它包含您的出生日期。", "it contains your date of birth."),
    Guessable.PHONE: (
        "它包含您的手机号码或其中一段。",
        "it contains your phone number or part of it.",
    ),
}


@dataclass(frozen=True, slots=True)
class PersonalFacts:
    """What a stranger might know about the person (all optional but the number)."""

    document_number: str
    phones: tuple[str, ...] = ()
    birth_date: date | None = None


def facts_for(document_number: str, *phones: str | None) -> PersonalFacts:
    """The facts of a person; the birthday is read off an 18-character GB 11643 number
    (resident ID, residence permits), where there is a valid one."""
    number = document_number.strip().upper()
    born: date | None = None
    try:
        born = id_birth_date(number)
    except ValueError:
        born = None
    known = tuple(p for p in phones if p)
    return PersonalFacts(document_number=number, phones=known, birth_date=born)


def fold(password: str) -> str:
    """Lower case, look-alike digits and symbols read as the letters they imitate."""
    return password.lower().translate(_FOLD)


def _windows(text: str, size: int) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def _is_pattern(password: str) -> bool:
    text = password.lower()
    if len(set(text)) == 1:
        return True
    return any(text in run or text in run[::-1] for run in _RUNS)


def document_fragments(document_number: str) -> frozenset[str]:
    """The whole number and every run of ``MIN_FRAGMENT`` or more of its characters that a
    stranger could quote: its last 6 and 8 (R-PW-3's initial password is the last 6), and
    every window of its tail (the birth date and sequence part)."""
    number = document_number.strip().lower()
    if len(number) < MIN_FRAGMENT:
        return frozenset({number}) if number else frozenset()
    parts = {number, number[-MIN_FRAGMENT:], number[-8:]}
    parts |= _windows(number[6:], MIN_FRAGMENT) if len(number) >= 12 else set()
    return frozenset(p for p in parts if len(p) >= MIN_FRAGMENT)


def birthday_fragments(born: date) -> frozenset[str]:
    """The usual ways of writing a birthday with the year: 19900307, 900307, 07031990,
    03071990."""
    y, yy, m, d = (
        f"{born.year:04d}",
        f"{born.year % 100:02d}",
        f"{born.month:02d}",
        f"{born.day:02d}",
    )
    return frozenset({y + m + d, yy + m + d, d + m + y, m + d + y})


def phone_fragments(phone: str) -> frozenset[str]:
    """The whole number, its last 8 and last 6 digits, its first 7 (prefix and area)."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < MIN_FRAGMENT:
        return frozenset()
    return frozenset({digits, digits[-8:], digits[-MIN_FRAGMENT:], digits[:7]})


def find_guessable(password: str, facts: PersonalFacts) -> Guessable | None:
    """The first reason ``password`` is guessable, or None."""
    text = password.lower()
    if text in COMMON_PASSWORDS or fold(password) in _FOLDED_COMMON:
        return Guessable.COMMON
    if _is_pattern(password):
        return Guessable.PATTERN
    # The birthday first: it sits inside a resident ID number, and is the better reason.
    if facts.birth_date is not None and any(
        part in text for part in birthday_fragments(facts.birth_date)
    ):
        return Guessable.BIRTHDAY
    if any(part in text for part in document_fragments(facts.document_number)):
        return Guessable.DOCUMENT_NUMBER
    if any(part in text for phone in facts.phones for part in phone_fragments(phone)):
        return Guessable.PHONE
    return None


def check_guessable(password: str, facts: PersonalFacts) -> ValidationResult:
    """Valid, or invalid with the zh/en reason naming the kind of thing that matched."""
    found = find_guessable(password, facts)
    if found is None:
        return ValidationResult.valid(RULE)
    zh, en = _REASONS[found]
    return ValidationResult.invalid(RULE, FieldFault.FORMAT, zh, en)
