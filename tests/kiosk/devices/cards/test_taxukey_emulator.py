"""The emulated Tax UKey, APDU by APDU: every instruction and status word path, persistence
over power cycles, tester controls, and the in-process slot."""

from __future__ import annotations

from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.devices.cards import taxukey_protocol as p
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator import (
    ATR,
    DEFAULT_ADMIN_PIN,
    EmulatedTaxUKey,
    InProcessTransport,
    IssuedIdentity,
    build_card,
)
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.domain import sm2

SELECT = "00A4040009" + p.AID.hex() + "00"
PIN = b"12345678"


def apdu(card: EmulatedTaxUKey, hex_or_bytes: str | bytes) -> tuple[bytes, int]:
    raw = bytes.fromhex(hex_or_bytes) if isinstance(hex_or_bytes, str) else hex_or_bytes
    answer = card.process(raw)
    return answer[:-2], int.from_bytes(answer[-2:], "big")


def sw(card: EmulatedTaxUKey, command: str | bytes) -> int:
    return apdu(card, command)[1]


def verify_apdu(pin: bytes, reference: int = 0x81) -> bytes:
    return bytes((0, 0x20, 0, reference, len(pin))) + pin


def two_pins(ins: int, first: bytes, second: bytes, p2: int = 0x81) -> bytes:
    data = bytes(p.pack_two_pins(first, second))
    return bytes((0, ins, 0, p2, len(data))) + data


@pytest.fixture
def on(card: EmulatedTaxUKey) -> EmulatedTaxUKey:
    card.power_on()
    assert sw(card, SELECT) == 0x9000
    return card


def test_atr_is_well_formed() -> None:
    assert ATR[0] == 0x3B
    assert ATR[1] & 0x0F == len(b"TAXUKEY-EMU1")
    check = 0
    for byte in ATR[1:]:
        check ^= byte
    assert check == 0  # TCK makes the XOR of T0..TCK zero


# -- selection and generic errors ---------------------------------------------------------------


def test_select_answers_fci_with_the_aid(card: EmulatedTaxUKey) -> None:
    card.power_on()
    data, status = apdu(card, SELECT)
    assert status == 0x9000
    assert p.parse_tlvs(p.parse_tlvs(data)[0x6F])[0x84] == p.AID
    assert apdu(card, "00A404" + "0C" + "09" + p.AID.hex()) == (b"", 0x9000)


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("00A4040005A000000003", 0x6A82),  # another application
        ("00A4040109" + p.AID.hex(), 0x6A86),  # bad P2
        ("00A4080009" + p.AID.hex(), 0x6A86),  # bad P1
    ],
)
def test_select_refusals(card: EmulatedTaxUKey, command: str, status: int) -> None:
    card.power_on()
    assert sw(card, command) == status


def test_a_failed_select_deselects(on: EmulatedTaxUKey) -> None:
    assert sw(on, "00A4040005A000000003") == 0x6A82
    assert sw(on, "0084000008") == 0x6985


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("0084000008", 0x6985),  # application not selected
        ("80CA010000", 0x6985),
        ("00A4020C02C001", 0x6A82),  # EF outside the application
    ],
)
def test_commands_before_select(card: EmulatedTaxUKey, command: str, status: int) -> None:
    card.power_on()
    assert sw(card, command) == status


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("00EE0000", 0x6D00),  # unknown instruction
        ("80EE0000", 0x6D00),  # unknown proprietary instruction
        ("A0A40000", 0x6E00),  # unknown class
        ("00A4", 0x6700),  # not an APDU
        ("00A4040005A0", 0x6700),  # Lc larger than the data
        ("80CA020000", 0x6A88),  # unknown data object
    ],
)
def test_bad_apdus_get_real_status_words(on: EmulatedTaxUKey, command: str, status: int) -> None:
    assert sw(on, command) == status


def test_an_unpowered_card_refuses(card: EmulatedTaxUKey) -> None:
    assert sw(card, SELECT) == 0x6985


# -- files -----------------------------------------------------------------------------------------


def test_select_ef_returns_its_size_and_read_binary_reads_it(
    on: EmulatedTaxUKey, issued: IssuedIdentity
) -> None:
    data, status = apdu(on, "00A4020002C00100")
    assert status == 0x9000
    fcp = p.parse_tlvs(p.parse_tlvs(data)[p.TAG_FCP])
    size = int.from_bytes(fcp[p.TAG_FILE_SIZE], "big")
    assert size == len(issued.signing.der)
    assert fcp[p.TAG_FILE_ID] == b"\xc0\x01"
    first, status = apdu(on, "00B0000080")
    assert (first, status) == (issued.signing.der[:128], 0x9000)
    offset = size - 10
    tail, status = apdu(on, bytes((0, 0xB0, offset >> 8, offset & 0xFF, 0x20)))
    assert (tail, status) == (issued.signing.der[-10:], 0x6282)  # end of file before Le
    assert sw(on, bytes((0, 0xB0, size >> 8, size & 0xFF, 0x10))) == 0x6B00


def test_encryption_certificate_and_missing_files(
    on: EmulatedTaxUKey, issued: IssuedIdentity
) -> None:
    assert sw(on, "00A4020C02C002") == 0x9000
    assert apdu(on, "00B0000010")[0] == issued.encryption.der[:16]
    assert sw(on, "00A4020C02C003") == 0x6A82
    assert sw(on, "00A4020C03C00100") == 0x6700


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("00B0000010", 0x6986),  # no EF selected
    ],
)
def test_read_binary_without_ef(on: EmulatedTaxUKey, command: str, status: int) -> None:
    assert sw(on, command) == status


def test_read_binary_refusals(on: EmulatedTaxUKey) -> None:
    assert sw(on, "00A4020C02C001") == 0x9000
    assert sw(on, "00B0810010") == 0x6A81  # short EF identifiers are not offered
    assert sw(on, "00B00000") == 0x6700  # no Le


# -- PINs ------------------------------------------------------------------------------------------


def test_empty_verify_reports_tries_without_consuming_one(on: EmulatedTaxUKey) -> None:
    assert sw(on, "00200081") == 0x63C3
    assert sw(on, "00200081") == 0x63C3
    assert on.user_tries_left == 3


def test_verify_paths(on: EmulatedTaxUKey) -> None:
    assert sw(on, verify_apdu(b"1234567")) == 0x6700  # too short: no try consumed
    assert on.user_tries_left == 3
    assert sw(on, verify_apdu(b"87654321")) == 0x63C2
    assert sw(on, verify_apdu(PIN)) == 0x9000
    assert on.user_tries_left == 3  # a right PIN restores the counter
    assert sw(on, "00200081") == 0x9000  # verified in this session
    assert sw(on, "00200083") == 0x6A88
    assert sw(on, "00200181") == 0x6A86


def test_three_wrong_pins_block_and_the_right_one_no_longer_helps(on: EmulatedTaxUKey) -> None:
    assert [sw(on, verify_apdu(b"00000000")) for _ in range(3)] == [0x63C2, 0x63C1, 0x63C0]
    assert sw(on, verify_apdu(PIN)) == 0x6983
    assert sw(on, "00200081") == 0x6983
    assert sw(on, verify_apdu(b"1")) == 0x6983  # blocked wins over the length check


def test_change_reference_data(on: EmulatedTaxUKey) -> None:
    assert sw(on, "0024008103" + "05AA00") == 0x6A80  # malformed pair
    assert sw(on, two_pins(0x24, PIN, b"Kx7m")) == 0x6700
    assert sw(on, two_pins(0x24, b"99999999", b"Kx7m2Pq9")) == 0x63C2
    assert sw(on, two_pins(0x24, PIN, b"23456789")) == 0x6A80  # weak: a run
    assert sw(on, two_pins(0x24, PIN, PIN)) == 0x6A80  # same as old
    assert on.user_pin_is_default
    assert sw(on, two_pins(0x24, PIN, b"Kx7m2Pq9")) == 0x9000
    assert not on.user_pin_is_default
    assert sw(on, verify_apdu(PIN)) == 0x63C2
    assert sw(on, verify_apdu(b"Kx7m2Pq9")) == 0x9000
    assert sw(on, two_pins(0x24, PIN, b"Kx7m2Pq9", p2=0x83)) == 0x6A88


def test_change_when_blocked(on: EmulatedTaxUKey) -> None:
    for _ in range(3):
        apdu(on, verify_apdu(b"00000000"))
    assert sw(on, two_pins(0x24, PIN, b"Kx7m2Pq9")) == 0x6983


def test_admin_pin_can_be_changed(on: EmulatedTaxUKey) -> None:
    assert sw(on, two_pins(0x24, DEFAULT_ADMIN_PIN, b"Staff2468", p2=0x82)) == 0x9000
    assert sw(on, verify_apdu(b"Staff2468", 0x82)) == 0x9000
    assert sw(on, "00200082") == 0x9000


def test_reset_retry_counter(on: EmulatedTaxUKey) -> None:
    for _ in range(3):
        apdu(on, verify_apdu(b"00000000"))
    assert sw(on, two_pins(0x2C, b"00000000", PIN)) == 0x63C9
    assert on.admin_tries_left == 9
    assert sw(on, two_pins(0x2C, DEFAULT_ADMIN_PIN, b"1234")) == 0x6700
    assert sw(on, two_pins(0x2C, DEFAULT_ADMIN_PIN, "证书口令1".encode())) == 0x6A80
    assert sw(on, two_pins(0x2C, DEFAULT_ADMIN_PIN, PIN, p2=0x82)) == 0x6A86
    assert sw(on, "002C008103" + "05AA00") == 0x6A80
    assert sw(on, two_pins(0x2C, DEFAULT_ADMIN_PIN, PIN)) == 0x9000  # default allowed here
    assert (on.user_tries_left, on.admin_tries_left) == (3, 10)
    assert on.user_pin_is_default
    assert sw(on, verify_apdu(PIN)) == 0x9000


def test_admin_pin_blocks_after_ten_wrong(on: EmulatedTaxUKey) -> None:
    statuses = [sw(on, two_pins(0x2C, b"00000000", PIN)) for _ in range(10)]
    assert statuses == [0x63C0 | n for n in range(9, -1, -1)]
    assert sw(on, two_pins(0x2C, DEFAULT_ADMIN_PIN, PIN)) == 0x6983


# -- challenge, signature, data objects ------------------------------------------------------------


def test_get_challenge(holder: CertificateHolder, now: datetime) -> None:
    card, _ = build_card(holder, now=now)
    seeded = EmulatedTaxUKey(card.identity, random_bytes=lambda n: bytes(range(n)))
    seeded.power_on()
    apdu(seeded, SELECT)
    assert apdu(seeded, "0084000008") == (bytes(range(8)), 0x9000)
    assert apdu(seeded, "0084000020") == (bytes(range(32)), 0x9000)
    assert sw(seeded, "0084000007") == 0x6700
    assert sw(seeded, "00840000") == 0x6700
    assert sw(seeded, "0084010008") == 0x6A86


def test_random_challenges_differ(on: EmulatedTaxUKey) -> None:
    assert apdu(on, "0084000010")[0] != apdu(on, "0084000010")[0]


def test_sign_needs_the_verified_pin_and_a_32_byte_digest(
    on: EmulatedTaxUKey, issued: IssuedIdentity
) -> None:
    digest = sm2.sm2_digest(issued.signing.public_point, b"nonce")
    pso = "002A9E9A20" + digest.hex() + "00"
    assert sw(on, pso) == 0x6982
    apdu(on, verify_apdu(PIN))
    assert sw(on, "002A9E9A10" + digest[:16].hex() + "00") == 0x6700
    assert sw(on, "002A9E9B20" + digest.hex() + "00") == 0x6A86
    signature, status = apdu(on, pso)
    assert status == 0x9000
    assert sm2.verify(issued.signing.public_point, b"nonce", signature)


def test_sign_without_le_answers_61xx_then_get_response(
    on: EmulatedTaxUKey, issued: IssuedIdentity
) -> None:
    apdu(on, verify_apdu(PIN))
    digest = sm2.sm2_digest(issued.signing.public_point, b"nonce")
    _, status = apdu(on, "002A9E9A20" + digest.hex())
    assert status >> 8 == 0x61
    length = status & 0xFF
    part, status = apdu(on, "00C0000010")
    assert (len(part), status) == (16, 0x6100 | (length - 16))
    rest, status = apdu(on, bytes((0, 0xC0, 0, 0, length - 16)))
    assert status == 0x9000
    r, s = decode_dss_signature(part + rest)
    assert r > 0 and s > 0
    assert sm2.verify(issued.signing.public_point, b"nonce", part + rest)


def test_get_response_refusals(on: EmulatedTaxUKey) -> None:
    assert sw(on, "00C0000010") == 0x6985  # nothing pending
    apdu(on, "80CA0100")  # case 1: data waits for GET RESPONSE
    assert sw(on, "00C0010010") == 0x6A86
    apdu(on, "80CA0100")
    apdu(on, "0084000008")  # any other command drops the pending data
    assert sw(on, "00C0000010") == 0x6985


def test_get_data_token_and_pin_info(on: EmulatedTaxUKey) -> None:
    data, status = apdu(on, "80CA010000")
    assert status == 0x9000
    fields = p.parse_tlvs(data)
    assert fields[p.TAG_SERIAL] == b"UK0000000001"
    assert fields[p.TAG_MEDIUM] == b"\x01"
    assert fields[p.TAG_FLAGS][0] & p.FLAG_DEFAULT_PIN
    assert fields[p.TAG_LABEL].decode() == "税务UKey 演示科技有限公司"
    apdu(on, verify_apdu(b"00000000"))
    pin_info = p.parse_tlvs(apdu(on, "80CA010100")[0])
    assert pin_info[p.TAG_USER_TRIES_LEFT] == b"\x02"
    assert pin_info[p.TAG_USER_TRIES_MAX] == b"\x03"
    assert pin_info[p.TAG_ADMIN_TRIES_LEFT] == b"\x0a"


def test_short_le_answers_6cxx_with_the_exact_length(on: EmulatedTaxUKey) -> None:
    full, _ = apdu(on, "80CA010100")
    _, status = apdu(on, "80CA010104")
    assert status == 0x6C00 | len(full)


# -- persistence and tester controls ---------------------------------------------------------------


def test_counters_survive_power_off_but_the_session_does_not(on: EmulatedTaxUKey) -> None:
    apdu(on, verify_apdu(b"00000000"))
    apdu(on, verify_apdu(PIN))
    assert sw(on, "00200081") == 0x9000
    apdu(on, verify_apdu(b"00000000"))
    on.power_off()
    on.power_on()
    assert sw(on, "00200081") == 0x6985  # application no longer selected
    apdu(on, SELECT)
    assert sw(on, "00200081") == 0x63C2  # the try survived; the verified state did not
    on.reset()
    assert sw(on, "0084000008") == 0x6985


def test_forced_status_word_applies_to_the_next_apdu_only(on: EmulatedTaxUKey) -> None:
    on.force_next_status(0x6581)
    assert apdu(on, "0084000008") == (b"", 0x6581)
    assert sw(on, "0084000008") == 0x9000


def test_latency_is_applied_per_apdu(holder: CertificateHolder, now: datetime) -> None:
    card, _ = build_card(holder, now=now)
    slept: list[float] = []
    slow = EmulatedTaxUKey(card.identity, sleep=slept.append)
    slow.latency_s = 0.05
    slow.power_on()
    apdu(slow, SELECT)
    apdu(slow, "0084000008")
    assert slept == [0.05, 0.05]
    slow.latency_s = -1
    assert slow.latency_s == 0.0


def test_load_identity_swaps_holder_and_resets_pins(
    on: EmulatedTaxUKey, holder: CertificateHolder, now: datetime
) -> None:
    apdu(on, verify_apdu(b"00000000"))
    _, other = build_card(holder, now=now, serial="UK0000000002")
    on.load_identity(other.identity)
    assert on.identity.serial == "UK0000000002"
    assert on.user_tries_left == 3
    assert sw(on, "0084000008") == 0x6985  # the session is gone
    apdu(on, SELECT)
    assert apdu(on, "00A4020C02C001")[1] == 0x9000
    assert apdu(on, "00B0000020")[0] == other.signing.der[:32]


def test_retry_counters_must_fit_a_nibble(holder: CertificateHolder, now: datetime) -> None:
    card, _ = build_card(holder, now=now)
    with pytest.raises(ValueError):
        EmulatedTaxUKey(card.identity, user_max_tries=16)


# -- the in-process slot ---------------------------------------------------------------------------


def test_in_process_slot_insert_remove(card: EmulatedTaxUKey) -> None:
    slot = InProcessTransport(card, "Reader A", inserted=False)
    assert not slot.present
    with pytest.raises(CardError) as caught:
        slot.transmit(bytes.fromhex(SELECT))
    assert caught.value.failure is CardFailure.REMOVED
    with pytest.raises(CardError):
        _ = slot.atr
    slot.insert()
    assert slot.atr == ATR
    assert slot.reader == "Reader A"
    assert slot.transmit(bytes.fromhex(SELECT))[-2:] == b"\x90\x00"
    slot.remove()
    slot.remove()  # idempotent
    with pytest.raises(CardError):
        slot.transmit(bytes.fromhex(SELECT))
    slot.insert()
    assert slot.transmit(bytes.fromhex("0084000008"))[-2:] == b"\x69\x85"  # powered afresh
    slot.close()
    with pytest.raises(CardError) as closed:
        slot.transmit(bytes.fromhex(SELECT))
    assert closed.value.failure is CardFailure.COMMUNICATION


def test_in_process_slot_can_take_another_card(
    card: EmulatedTaxUKey, holder: CertificateHolder, now: datetime
) -> None:
    other, _ = build_card(holder, now=now)
    slot = InProcessTransport(card, "Reader A")
    slot.remove()
    slot.insert(other)
    assert slot.card is other


def test_removal_during_an_apdu_fails_it(card: EmulatedTaxUKey) -> None:
    slot: InProcessTransport | None = None

    def pull(_seconds: float) -> None:
        assert slot is not None
        slot.remove()

    slow = EmulatedTaxUKey(card.identity, sleep=pull)
    slot = InProcessTransport(slow, "Reader A")
    slow.latency_s = 0.01
    with pytest.raises(CardError) as caught:
        slot.transmit(bytes.fromhex(SELECT))
    assert caught.value.failure is CardFailure.REMOVED
