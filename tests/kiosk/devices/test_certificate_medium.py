"""MockCertificateMedium: default PIN 12345678, 3 tries then blocked, PIN buffers zeroed."""

from __future__ import annotations

from kiosk.devices.cards import (
    DEFAULT_PIN,
    CertificateMedium,
    MediumKind,
    MockCertificateMedium,
    PinResult,
)
from kiosk.devices.cards.pcsc_medium import PcscCertificateMedium
from kiosk.devices.status import DeviceStatus


def pin(text: str) -> bytearray:
    return bytearray(text.encode())


def test_default_pin_verifies_and_buffer_is_zeroed() -> None:
    medium = MockCertificateMedium()
    buffer = pin("12345678")
    assert medium.verify_pin(buffer) is PinResult.OK
    assert buffer == bytearray(8)
    assert medium.pin_tries_left == 3


def test_wrong_pins_count_down_then_block() -> None:
    medium = MockCertificateMedium()
    results = []
    for _ in range(3):
        buffer = pin("00000000")
        results.append((medium.verify_pin(buffer), medium.pin_tries_left))
        assert buffer == bytearray(8)
    assert results == [(PinResult.WRONG, 2), (PinResult.WRONG, 1), (PinResult.BLOCKED, 0)]
    # Blocked: even the right PIN is refused, and its buffer is still zeroed.
    buffer = pin("12345678")
    assert medium.verify_pin(buffer) is PinResult.BLOCKED
    assert buffer == bytearray(8)


def test_a_right_pin_restores_the_tries() -> None:
    medium = MockCertificateMedium()
    medium.verify_pin(pin("bad"))
    assert medium.pin_tries_left == 2
    medium.verify_pin(pin("12345678"))
    assert medium.pin_tries_left == 3


def test_unblock_resets_pin_and_tries() -> None:
    medium = MockCertificateMedium(max_tries=1)
    assert medium.verify_pin(pin("x")) is PinResult.BLOCKED
    medium.unblock(b"87654321")
    assert medium.verify_pin(pin("87654321")) is PinResult.OK


def test_change_pin_zeroes_both_buffers_and_takes_effect() -> None:
    medium = MockCertificateMedium()
    old, new = pin("12345678"), pin("24681357")
    assert medium.change_pin(old, new) is PinResult.OK
    assert old == bytearray(8)
    assert new == bytearray(8)
    assert medium.verify_pin(pin("12345678")) is PinResult.WRONG
    assert medium.verify_pin(pin("24681357")) is PinResult.OK


def test_change_pin_with_wrong_old_pin_counts_a_try() -> None:
    medium = MockCertificateMedium()
    old, new = pin("99999999"), pin("24681357")
    assert medium.change_pin(old, new) is PinResult.WRONG
    assert medium.pin_tries_left == 2
    assert new == bytearray(8)


def test_change_pin_rejects_a_too_short_new_pin() -> None:
    medium = MockCertificateMedium()
    assert medium.change_pin(pin("12345678"), pin("123")) is PinResult.REJECTED
    assert medium.verify_pin(pin("12345678")) is PinResult.OK


def test_r_se_1_insert_and_remove_notify_listeners() -> None:
    medium = MockCertificateMedium(inserted=False, kind=MediumKind.JINSHUIPAN)
    seen: list[bool] = []
    medium.add_presence_listener(seen.append)
    assert medium.verify_pin(pin("12345678")) is PinResult.NOT_PRESENT
    assert medium.serial is None
    medium.insert()
    medium.insert()  # already in: no second event
    assert medium.serial == "TEST-UKEY-0001"
    assert medium.certificate_subject is not None
    medium.remove()
    assert seen == [True, False]
    assert medium.kind is MediumKind.JINSHUIPAN


def test_default_pin_is_the_vendor_default() -> None:
    assert DEFAULT_PIN == b"12345678"


def test_pcsc_placeholder_reports_not_connected_and_zeroes() -> None:
    medium: CertificateMedium = PcscCertificateMedium()
    assert medium.status is DeviceStatus.NOT_CONNECTED
    assert "card readers" in medium.description
    assert not medium.present
    old, new = pin("12345678"), pin("87654321")
    assert medium.change_pin(old, new) is PinResult.NOT_PRESENT
    assert old == bytearray(8)
    assert new == bytearray(8)
