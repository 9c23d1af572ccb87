"""R-LG-1: a login identifier is an ID number, a bound phone number, or a username."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from kiosk.domain.id_numbers import check_gb11643
from kiosk.domain.validation import FieldFault, ValidationResult

_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_RESIDENT_ID = re.compile(r"^[0-9]{17}[0-9X]$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{5,19}$")
_PHONE_DECORATION = re.compile(r"^(?:\+86|0086)?([0-9 -]{11,15})$")
# Other document numbers (passports, permits, residence cards): letters, digits, a few marks.
_DOCUMENT = re.compile(r"^[A-Za-z0-9()（）-]{5,30}$")
RULE = "R-LG-1"
_PERMANENT_RESIDENT_PREFIX = "9"  # the 2023 card: GB 11643 structure, no region or birth


class IdentifierKind(StrEnum):
    PHONE = "phone"
    DOCUMENT_NUMBER = "document_number"
    USERNAME = "username"


def normalize_identifier(raw: str) -> str:
    """Full-width to ASCII, no spaces, ``+86 138-0013-8000`` to ``13800138000``, and a
    trailing resident-ID ``x`` upper-cased; usernames keep their case (R-UN-1)."""
    # Chinese input methods in full-width mode type "１３８..." : NFKC makes them ASCII.
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    decorated = _PHONE_DECORATION.fullmatch(text)
    if decorated:
        digits = decorated.group(1).replace("-", "").replace(" ", "")
        if _PHONE.fullmatch(digits):
            return digits
    if len(text) == 18 and text[:17].isdigit() and text[17] == "x":
        text = text[:17] + "X"
    return text


def classify_identifier(raw: str) -> IdentifierKind | None:
    """Which kind of identifier this is, or None when it cannot be any of them.

    A string that fits the username rule may also be a foreign document number; the service
    looks such a string up as a username first, then as a document number.
    """
    text = normalize_identifier(raw)
    if _PHONE.fullmatch(text):
        return IdentifierKind.PHONE
    if _RESIDENT_ID.fullmatch(text):
        return IdentifierKind.DOCUMENT_NUMBER
    if _USERNAME.fullmatch(text):
        return IdentifierKind.USERNAME
    if _DOCUMENT.fullmatch(text):
        return IdentifierKind.DOCUMENT_NUMBER
    return None


def identifier_problem(text: str, *, today: date | None = None) -> ValidationResult | None:
    """What is wrong with a normalized identifier, or None when it can be looked up.

    R-LG-1: it must be one of the three kinds. R-ID-5: an 18-character number in the
    GB 11643 shape (resident ID, residence permits, the 2023 permanent resident card) must
    pass its check, and the reason says which part is wrong, as registration says it: a
    typo is not "not registered"."""
    kind = classify_identifier(text)
    if kind is None:
        return ValidationResult.invalid(
            RULE,
            FieldFault.FORMAT,
            "证件号码为 18 位（末位可为 X），手机号码为 11 位，用户名为 6-20 位字母或数字且以字母开头。",
            "An ID number has 18 characters (the last may be X), a phone number 11 digits, "
            "a username 6-20 letters or digits starting with a letter.",
        )
    if not _RESIDENT_ID.fullmatch(text):
        return None
    if text.startswith(_PERMANENT_RESIDENT_PREFIX):
        checked = check_gb11643(text, check_region=False, check_birth=False)
    else:
        checked = check_gb11643(text, today=today)
    return None if checked.ok else checked
