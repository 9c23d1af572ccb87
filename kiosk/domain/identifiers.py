"""R-LG-1: a login identifier is an ID number, a bound phone number, or a username."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_RESIDENT_ID = re.compile(r"^[0-9]{17}[0-9X]$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{5,19}$")
_PHONE_DECORATION = re.compile(r"^(?:\+86|0086)?([0-9 -]{11,15})$")
# Other document numbers (passports, permits, residence cards): letters, digits, a few marks.
_DOCUMENT = re.compile(r"^[A-Za-z0-9()（）-]{5,30}$")


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
