"""R-AC-3: rules for a new tax certificate password (证书口令), shared by the kiosk and the card.

Chosen policy (the official 《税务UKey技术规范》 is not public, so this is ours, documented in
docs/cards.md): 8 to 16 characters, ASCII letters and digits only (what every vendor's
on-screen keyboard can type; the factory default 12345678 is 8 digits, so 8 is the floor);
not the factory default 12345678; not one character repeated (11111111) or a short group
repeated (12121212, abcabcab); not an ascending or descending run of digits or letters
(23456789, 87654321, abcdefgh — compared case-insensitively); not the current password.

Everything works on ``bytes``/``bytearray`` without making ``str`` copies of a PIN.
"""

from __future__ import annotations

import itertools
from enum import Enum

DEFAULT_CERT_PIN = b"12345678"  # the vendors' factory certificate password (stack-notes)
PIN_MIN_LENGTH = 8
PIN_MAX_LENGTH = 16
# A PIN made of one group of at most this many characters, repeated, counts as a repeat.
_MAX_REPEATED_GROUP = 4

PinBytes = bytes | bytearray


class PinWeakness(Enum):
    """Why a new certificate password is refused (its words: the catalog's CERT_PIN_*)."""

    WRONG_LENGTH = "wrong_length"
    INVALID_CHARACTERS = "invalid_characters"
    DEFAULT = "default"
    SEQUENCE = "sequence"
    REPEATED = "repeated"
    SAME_AS_OLD = "same_as_old"


def length_ok(pin: PinBytes) -> bool:
    return PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH


def _is_alnum(code: int) -> bool:
    return 0x30 <= code <= 0x39 or 0x41 <= code <= 0x5A or 0x61 <= code <= 0x7A


def _fold(code: int) -> int:
    """Lower-case an ASCII letter (so that aBcDeFgH is still a run)."""
    return code | 0x20 if 0x41 <= code <= 0x5A else code


def is_default(pin: PinBytes) -> bool:
    return pin == DEFAULT_CERT_PIN


def _is_run(pin: PinBytes) -> bool:
    """Every character is the previous one ±1 in the same direction, within digits or
    within letters (so '89ab' is not a run: the classes differ)."""
    steps = {_fold(b) - _fold(a) for a, b in itertools.pairwise(pin)}
    if steps not in ({1}, {-1}):
        return False
    digits = [0x30 <= c <= 0x39 for c in pin]
    return all(digits) or not any(digits)


def _is_repeat(pin: PinBytes) -> bool:
    for group in range(1, min(_MAX_REPEATED_GROUP, len(pin) // 2) + 1):
        if all(pin[i] == pin[i % group] for i in range(len(pin))):
            return True
    return False


def check_new_pin(new: PinBytes, old: PinBytes | None = None) -> PinWeakness | None:
    """None when ``new`` is acceptable; else the first rule it breaks (in the order the
    user should fix them)."""
    if not length_ok(new):
        return PinWeakness.WRONG_LENGTH
    if not all(_is_alnum(c) for c in new):
        return PinWeakness.INVALID_CHARACTERS
    if old is not None and new == old:
        return PinWeakness.SAME_AS_OLD
    if is_default(new):
        return PinWeakness.DEFAULT
    if _is_repeat(new):
        return PinWeakness.REPEATED
    if _is_run(new):
        return PinWeakness.SEQUENCE
    return None
