"""The Tax UKey application's APDU protocol — our design, shared by the client and the emulator.

Real tax media speak vendor SKF (GM/T 0016) through vendor libraries; this is an ISO 7816-4
mapping of the same semantics for CCID-class tokens and our emulator. The table, with every
status word, is in docs/cards.md; keep the two in step.
"""

from __future__ import annotations

from enum import Enum, IntEnum

from kiosk.devices.cards import MediumKind

# Proprietary AID (first nibble F: not registered): F0 'TAXUKEY' 01.
AID = bytes.fromhex("F0") + b"TAXUKEY" + b"\x01"

CLA_ISO = 0x00
CLA_PROPRIETARY = 0x80

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_VERIFY = 0x20
INS_CHANGE_REFERENCE_DATA = 0x24
INS_RESET_RETRY_COUNTER = 0x2C
INS_GET_CHALLENGE = 0x84
INS_PSO = 0x2A
INS_GET_DATA = 0xCA
INS_GET_RESPONSE = 0xC0

P1_SELECT_BY_AID = 0x04
P1_SELECT_EF = 0x02
P2_SELECT_FCI = 0x00  # answer with FCI/FCP
P2_SELECT_NO_DATA = 0x0C

# PSO: COMPUTE DIGITAL SIGNATURE (P1 = 9E signature out, P2 = 9A digest in).
P1_PSO_SIGNATURE = 0x9E
P2_PSO_DIGEST = 0x9A

# GET DATA (CLA 80) P1-P2 objects.
P1P2_TOKEN_INFO = 0x0100
P1P2_PIN_INFO = 0x0101

# Token info TLV tags (one-byte tag, one-byte length).
TAG_SERIAL = 0x80  # ASCII
TAG_LABEL = 0x81  # UTF-8
TAG_MEDIUM = 0x82  # one byte, MEDIUM_CODES
TAG_FLAGS = 0x83  # one byte, FLAG_*
TAG_USER_MAX_TRIES = 0x84  # one byte
TAG_VERSION = 0x85  # two bytes, major.minor
FLAG_DEFAULT_PIN = 0x01  # the user PIN is still the factory 12345678

# PIN info TLV tags (GET DATA 0101): tries left and maximum for user and admin PINs.
TAG_USER_TRIES_LEFT = 0x90
TAG_USER_TRIES_MAX = 0x91
TAG_ADMIN_TRIES_LEFT = 0x92
TAG_ADMIN_TRIES_MAX = 0x93

# FCP tags (SELECT EF with P2 = 00).
TAG_FCP = 0x62
TAG_FILE_SIZE = 0x80
TAG_FILE_ID = 0x83

APP_VERSION = (1, 0)


class PinReference(IntEnum):
    """P2 of VERIFY / CHANGE REFERENCE DATA / RESET RETRY COUNTER (b8 = specific)."""

    USER = 0x81  # 用户口令 = the certificate password
    ADMIN = 0x82  # 管理员口令 (SO PIN) = hall staff unblock


class CertificateSlot(Enum):
    """Elementary files holding DER certificates (SKF: signing / encryption container)."""

    SIGNING = 0xC001
    ENCRYPTION = 0xC002

    @property
    def file_id(self) -> bytes:
        return self.value.to_bytes(2, "big")


MEDIUM_CODES: dict[MediumKind, int] = {
    MediumKind.UKEY: 0x01,
    MediumKind.JINSHUIPAN: 0x02,
    MediumKind.SHUIKONGPAN: 0x03,
}


def medium_from_code(code: int) -> MediumKind | None:
    for kind, value in MEDIUM_CODES.items():
        if value == code:
            return kind
    return None


def tlv(tag: int, value: bytes) -> bytes:
    """One-byte tag, BER length (short form, or 81/82 long form)."""
    length = len(value)
    if length < 0x80:
        encoded = bytes((length,))
    elif length <= 0xFF:
        encoded = bytes((0x81, length))
    else:
        encoded = b"\x82" + length.to_bytes(2, "big")
    return bytes((tag,)) + encoded + value


def parse_tlvs(data: bytes) -> dict[int, bytes]:
    """Parse a flat run of one-byte-tag TLVs; raises ValueError on truncation."""
    out: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError("truncated TLV")
        tag, first = data[i], data[i + 1]
        i += 2
        if first < 0x80:
            length = first
        elif first == 0x81 and i < len(data):
            length, i = data[i], i + 1
        elif first == 0x82 and i + 1 < len(data):
            length, i = int.from_bytes(data[i : i + 2], "big"), i + 2
        else:
            raise ValueError("bad TLV length")
        if i + length > len(data):
            raise ValueError("truncated TLV value")
        out[tag] = data[i : i + length]
        i += length
    return out


def pack_two_pins(first: bytes | bytearray, second: bytes | bytearray) -> bytearray:
    """CHANGE REFERENCE DATA / RESET RETRY COUNTER data: L1 ‖ PIN1 ‖ L2 ‖ PIN2 (our format:
    ISO leaves the split of two variable-length PINs to the application)."""
    return bytearray((len(first),)) + first + bytearray((len(second),)) + second


def unpack_two_pins(data: bytes | bytearray) -> tuple[bytearray, bytearray]:
    if not data:
        raise ValueError("no data")
    first_len = data[0]
    if len(data) < 2 + first_len:
        raise ValueError("truncated")
    second_len = data[1 + first_len]
    if len(data) != 2 + first_len + second_len:
        raise ValueError("length mismatch")
    return bytearray(data[1 : 1 + first_len]), bytearray(data[2 + first_len :])
