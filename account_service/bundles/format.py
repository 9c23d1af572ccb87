"""Reading an offline bundle file (``.tkb``; docs/protocol.md "Offline bundles").

The terminal writes it with ``kiosk.services.sync.bundle``; the layout, the key
derivation and the key fingerprint are ``kiosk.protocol.bundle_format``, shared by both
sides (the account service may import only ``kiosk.domain`` from the kiosk). The header
bytes are the AEAD's associated data, so the clear header cannot be changed without the
decryption failing too. This module checks the header and names every refusal (its
catalog code words it, zh and en); tests write with the kiosk's writer and read with this
reader.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from account_service.bundle_keys import public_bytes
from kiosk.protocol.bundle_format import (
    AEAD,
    FORMAT_VERSION,
    INFO_PREFIX,
    KEM,
    MAGIC,
    MAX_HEADER_BYTES,
    NONCE_LENGTH,
    PUBLIC_KEY_LENGTH,
    SIGNATURE_LENGTH,
    BundleLayoutError,
    LayoutProblem,
    derive_key,
    fingerprint,
    unpack,
)
from kiosk.protocol.messages import CodedEnum, ErrorCode, Lang, message_for

# The layout names are re-exported: the service names the format through this module.
__all__ = [
    "AEAD",
    "FORMAT_VERSION",
    "INFO_PREFIX",
    "KEM",
    "MAGIC",
    "MAX_HEADER_BYTES",
    "NONCE_LENGTH",
    "SIGNATURE_LENGTH",
    "BundleHeader",
    "BundleRefusedError",
    "Refusal",
    "SealedBundle",
    "decrypt",
    "derive_key",
    "parse",
    "verify_signature",
]


class Refusal(CodedEnum):
    """Why a whole bundle file is refused (nothing of it is imported); the catalog words it."""

    NOT_A_BUNDLE = ErrorCode.BUNDLE_NOT_A_BUNDLE
    TRUNCATED = ErrorCode.BUNDLE_TRUNCATED
    MALFORMED = ErrorCode.BUNDLE_MALFORMED
    UNSUPPORTED_VERSION = ErrorCode.BUNDLE_UNSUPPORTED_VERSION
    UNKNOWN_TERMINAL = ErrorCode.BUNDLE_UNKNOWN_TERMINAL
    REVOKED_TERMINAL = ErrorCode.BUNDLE_REVOKED_TERMINAL
    BAD_SIGNATURE = ErrorCode.BUNDLE_BAD_SIGNATURE
    WRONG_SERVICE_KEY = ErrorCode.BUNDLE_WRONG_SERVICE_KEY
    UNREADABLE = ErrorCode.BUNDLE_UNREADABLE
    CONTENT_MISMATCH = ErrorCode.BUNDLE_CONTENT_MISMATCH
    FILE_UNREADABLE = ErrorCode.BUNDLE_FILE_UNREADABLE


class BundleRefusedError(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(message_for(refusal.code).render(Lang.EN))
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
    except (UnicodeDecodeError, ValueError, RecursionError):
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
            ephemeral_public_key=_b64(raw["ephemeral_public_key"], PUBLIC_KEY_LENGTH),
            recipient_key=str(raw["recipient_key"]),
            nonce=_b64(raw["nonce"], NONCE_LENGTH),
        )
    except (KeyError, TypeError, ValueError):
        raise BundleRefusedError(Refusal.MALFORMED) from None
    if raw.get("record_count") != len(ids) or len(set(ids)) != len(ids):
        raise BundleRefusedError(Refusal.MALFORMED)
    return header


_LAYOUT_REFUSALS = {
    LayoutProblem.NOT_A_BUNDLE: Refusal.NOT_A_BUNDLE,
    LayoutProblem.TRUNCATED: Refusal.TRUNCATED,
    LayoutProblem.MALFORMED: Refusal.MALFORMED,
}


def parse(data: bytes) -> SealedBundle:
    """Split a file into its parts; the sizes must add up to the file's size exactly."""
    try:
        container = unpack(data)
    except BundleLayoutError as exc:
        raise BundleRefusedError(_LAYOUT_REFUSALS[exc.problem]) from None
    return SealedBundle(
        header=_header(container.header_bytes),
        header_bytes=container.header_bytes,
        ciphertext=container.ciphertext,
        signed_part=container.signed_part,
        signature=container.signature,
    )


def verify_signature(bundle: SealedBundle, terminal_public_key: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(terminal_public_key).verify(
            bundle.signature, bundle.signed_part
        )
    except (InvalidSignature, ValueError):
        raise BundleRefusedError(Refusal.BAD_SIGNATURE) from None


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
    except (UnicodeDecodeError, ValueError, RecursionError):
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
