"""Reading an offline bundle file (``.tkb``; docs/protocol.md "Offline bundles").

The terminal writes it with ``kiosk.services.sync.bundle``; the layout is::

    MAGIC (8 bytes "TKBUNDLE") | header length N (uint32 BE) | header (N bytes, UTF-8 JSON)
    | ciphertext length M (uint64 BE) | ciphertext (M bytes, AES-256-GCM, tag appended)
    | Ed25519 signature (64 bytes) over every byte before it

The AES key is HKDF-SHA256(X25519(ephemeral, service bundle key), info = INFO_PREFIX
|| ephemeral public || service public); the header bytes are the AEAD's associated data,
so the clear header cannot be changed without the decryption failing too.

Both sides implement the layout (the account service may import only ``kiosk.domain``
from the kiosk); tests write with the kiosk's writer and read with this reader.
"""

from __future__ import annotations

import base64
import binascii
import json
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from account_service.bundles.keys import fingerprint, public_bytes

MAGIC = b"TKBUNDLE"
FORMAT_VERSION = 1
KEM = "X25519-HKDF-SHA256"
AEAD = "AES-256-GCM"
INFO_PREFIX = b"TAXKIOSK-BUNDLE-V1"
SIGNATURE_LENGTH = 64
NONCE_LENGTH = 12
MAX_HEADER_BYTES = 4 * 1024 * 1024  # ids of ~100 000 records; more is not a real bundle
_HEADER_LEN = struct.Struct(">I")
_CIPHERTEXT_LEN = struct.Struct(">Q")


class Refusal(Enum):
    """Why a whole bundle file is refused (zh, en); nothing of it is imported."""

    NOT_A_BUNDLE = ("不是终端离线数据包文件", "not a terminal bundle file")
    TRUNCATED = ("数据包文件不完整（可能被截断）", "the bundle file is incomplete (truncated?)")
    MALFORMED = ("数据包文件格式不正确", "the bundle file is malformed")
    UNSUPPORTED_VERSION = ("数据包格式版本不受支持", "unsupported bundle format version")
    UNKNOWN_TERMINAL = ("数据包来自未登记的终端", "the bundle comes from an unknown terminal")
    REVOKED_TERMINAL = ("数据包来自已停用的终端", "the bundle comes from a revoked terminal")
    BAD_SIGNATURE = (
        "数据包签名无效：文件被修改过或不是该终端生成的",
        "the bundle signature is not valid: the file was changed or not made by that terminal",
    )
    WRONG_SERVICE_KEY = (
        "数据包不是用本服务的密钥加密的",
        "the bundle was not encrypted to this service's bundle key",
    )
    UNREADABLE = ("数据包无法解密", "the bundle cannot be decrypted")
    CONTENT_MISMATCH = (
        "数据包内容与其清单不一致",
        "the bundle's content does not match its list of records",
    )
    FILE_UNREADABLE = ("无法读取数据包文件", "the bundle file cannot be read")

    @property
    def zh(self) -> str:
        return self.value[0]

    @property
    def en(self) -> str:
        return self.value[1]


class BundleRefusedError(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.en)
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class BundleHeader:
    terminal_id: uuid.UUID
    bundle_id: uuid.UUID
    created_at: datetime
    record_ids: tuple[uuid.UUID, ...]
    ephemeral_public_key: bytes
    recipient_key: str
    nonce: bytes


@dataclass(frozen=True, slots=True)
class SealedBundle:
    header: BundleHeader
    header_bytes: bytes
    ciphertext: bytes
    signed_part: bytes
    signature: bytes


def _b64(value: object, length: int) -> bytes:
    if not isinstance(value, str):
        raise BundleRefusedError(Refusal.MALFORMED)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BundleRefusedError(Refusal.MALFORMED) from None
    if len(raw) != length:
        raise BundleRefusedError(Refusal.MALFORMED)
    return raw


def _header(header_bytes: bytes) -> BundleHeader:
    try:
        raw: Any = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleRefusedError(Refusal.MALFORMED) from None
    if not isinstance(raw, dict):
        raise BundleRefusedError(Refusal.MALFORMED)
    if raw.get("format_version") != FORMAT_VERSION:
        raise BundleRefusedError(Refusal.UNSUPPORTED_VERSION)
    if raw.get("kem") != KEM or raw.get("aead") != AEAD:
        raise BundleRefusedError(Refusal.UNSUPPORTED_VERSION)
    try:
        ids = tuple(uuid.UUID(str(i)) for i in raw["record_ids"])
        header = BundleHeader(
            terminal_id=uuid.UUID(str(raw["terminal_id"])),
            bundle_id=uuid.UUID(str(raw["bundle_id"])),
            created_at=datetime.fromisoformat(str(raw["created_at"])),
            record_ids=ids,
            ephemeral_public_key=_b64(raw["ephemeral_public_key"], 32),
            recipient_key=str(raw["recipient_key"]),
            nonce=_b64(raw["nonce"], NONCE_LENGTH),
        )
    except (KeyError, TypeError, ValueError):
        raise BundleRefusedError(Refusal.MALFORMED) from None
    if raw.get("record_count") != len(ids) or len(set(ids)) != len(ids):
        raise BundleRefusedError(Refusal.MALFORMED)
    return header


def parse(data: bytes) -> SealedBundle:
    """Split a file into its parts; the sizes must add up to the file's size exactly."""
    if not data.startswith(MAGIC):
        raise BundleRefusedError(
            Refusal.TRUNCATED if MAGIC.startswith(data) else Refusal.NOT_A_BUNDLE
        )
    offset = len(MAGIC)
    if len(data) < offset + _HEADER_LEN.size:
        raise BundleRefusedError(Refusal.TRUNCATED)
    (header_len,) = _HEADER_LEN.unpack_from(data, offset)
    if header_len > MAX_HEADER_BYTES:
        raise BundleRefusedError(Refusal.MALFORMED)
    offset += _HEADER_LEN.size
    header_bytes = data[offset : offset + header_len]
    offset += header_len
    if len(data) < offset + _CIPHERTEXT_LEN.size:
        raise BundleRefusedError(Refusal.TRUNCATED)
    (ciphertext_len,) = _CIPHERTEXT_LEN.unpack_from(data, offset)
    offset += _CIPHERTEXT_LEN.size
    expected = offset + ciphertext_len + SIGNATURE_LENGTH
    if len(data) < expected:
        raise BundleRefusedError(Refusal.TRUNCATED)
    if len(data) > expected:
        raise BundleRefusedError(Refusal.MALFORMED)
    ciphertext = data[offset : offset + ciphertext_len]
    signed_end = offset + ciphertext_len
    return SealedBundle(
        header=_header(header_bytes),
        header_bytes=header_bytes,
        ciphertext=ciphertext,
        signed_part=data[:signed_end],
        signature=data[signed_end:],
    )


def verify_signature(bundle: SealedBundle, terminal_public_key: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(terminal_public_key).verify(
            bundle.signature, bundle.signed_part
        )
    except (InvalidSignature, ValueError):
        raise BundleRefusedError(Refusal.BAD_SIGNATURE) from None


def derive_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=INFO_PREFIX + ephemeral_public + recipient_public,
    ).derive(shared)


def decrypt(bundle: SealedBundle, service_key: X25519PrivateKey) -> list[dict[str, Any]]:
    """The record payloads, after checking they are exactly the header's list of ids."""
    recipient = public_bytes(service_key)
    header = bundle.header
    if header.recipient_key != fingerprint(recipient):
        raise BundleRefusedError(Refusal.WRONG_SERVICE_KEY)
    try:
        shared = service_key.exchange(
            X25519PublicKey.from_public_bytes(header.ephemeral_public_key)
        )
        key = derive_key(shared, header.ephemeral_public_key, recipient)
        plain = AESGCM(key).decrypt(header.nonce, bundle.ciphertext, bundle.header_bytes)
    except (InvalidTag, ValueError):
        raise BundleRefusedError(Refusal.UNREADABLE) from None
    try:
        records: Any = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleRefusedError(Refusal.MALFORMED) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise BundleRefusedError(Refusal.MALFORMED)
    try:
        ids = tuple(uuid.UUID(str(r["id"])) for r in records)
    except (KeyError, ValueError):
        raise BundleRefusedError(Refusal.CONTENT_MISMATCH) from None
    if ids != header.record_ids:
        raise BundleRefusedError(Refusal.CONTENT_MISMATCH)
    return records
