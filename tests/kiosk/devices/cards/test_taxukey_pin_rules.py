"""kiosk.domain.cert_pin: the new-certificate-password rules (R-AC-3)."""

from __future__ import annotations

import pytest

from kiosk.domain.cert_pin import (
    DEFAULT_CERT_PIN,
    PIN_MAX_LENGTH,
    PIN_MIN_LENGTH,
    PinWeakness,
    check_new_pin,
    is_default,
    length_ok,
)
from kiosk.protocol.messages import message_for, pin_code


@pytest.mark.parametrize(
    ("pin", "weakness"),
    [
        (b"Kx7m2Pq9", None),
        (b"20240917", None),
        (b"a1b2c3d4e5f6g7h8", None),  # 16: the maximum
        (b"12345678", PinWeakness.DEFAULT),
        (b"1234567", PinWeakness.WRONG_LENGTH),
        (b"a1b2c3d4e5f6g7h8i", PinWeakness.WRONG_LENGTH),
        (b"", PinWeakness.WRONG_LENGTH),
        (b"Kx7m-2Pq9", PinWeakness.INVALID_CHARACTERS),
        ("口令ab".encode(), PinWeakness.INVALID_CHARACTERS),
        (b"23456789", PinWeakness.SEQUENCE),
        (b"0123456789", PinWeakness.SEQUENCE),
        (b"98765432", PinWeakness.SEQUENCE),
        (b"abcdefgh", PinWeakness.SEQUENCE),
        (b"aBcDeFgH", PinWeakness.SEQUENCE),
        (b"HGFEDCBA", PinWeakness.SEQUENCE),
        (b"6789abcd", None),  # digits then letters: not one run
        (b"11111111", PinWeakness.REPEATED),
        (b"aaaaaaaaaaaa", PinWeakness.REPEATED),
        (b"12121212", PinWeakness.REPEATED),
        (b"abcabcab", PinWeakness.REPEATED),
        (b"Ab12Ab12", PinWeakness.REPEATED),
        (b"Ab123Ab123", None),  # a group of five is long enough
    ],
)
def test_rules(pin: bytes, weakness: PinWeakness | None) -> None:
    assert check_new_pin(pin) is weakness
    assert check_new_pin(bytearray(pin)) is weakness


def test_same_as_old() -> None:
    assert check_new_pin(b"Kx7m2Pq9", b"Kx7m2Pq9") is PinWeakness.SAME_AS_OLD
    assert check_new_pin(bytearray(b"Kx7m2Pq9"), bytearray(b"Kx7m2Pq8")) is None
    assert check_new_pin(DEFAULT_CERT_PIN, DEFAULT_CERT_PIN) is PinWeakness.SAME_AS_OLD


def test_helpers_and_texts() -> None:
    assert is_default(bytearray(b"12345678"))
    assert not is_default(b"12345679")
    assert length_ok(b"12345678") and not length_ok(b"1234567")
    for weakness in PinWeakness:
        message = message_for(pin_code(weakness))
        assert message.zh and message.en and message.rule == "R-AC-3"
    length = message_for(pin_code(PinWeakness.WRONG_LENGTH))
    assert f"{PIN_MIN_LENGTH}至{PIN_MAX_LENGTH}位" in length.zh
    assert f"{PIN_MIN_LENGTH} to {PIN_MAX_LENGTH}" in length.en
