"""The offline bundle file layout (``.tkb``; docs/protocol.md "Offline bundles"), shared
by the terminal's writer (``kiosk.services.sync.bundle``) and the service's reader
(``account_service.bundles.format``): one definition, so the two cannot drift apart. The
account service may import only ``kiosk.domain`` from the kiosk, hence here.

Layout::

    MAGIC (8 bytes "TKBUNDLE") | header length N (uint32 BE) | header (N bytes, UTF-8 JSON)
    | ciphertext length M (uint64 BE) | ciphertext (M bytes, AES-256-GCM, tag appended)
    | Ed25519 signature (64 bytes, terminal identity key) over every byte before it

The AES key is HKDF-SHA256(X25519(ephemeral, service bundle key), info = INFO_PREFIX
|| ephemeral public || service public). Pure: no I/O, no clock. What the header says and
why a file is refused in words (zh/en) stay with the writer and the reader.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from enum import Enum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAGIC = b"TKBUNDLE"
FORMAT_VERSION = 1
KEM = "X25519-HKDF-SHA256"
AEAD = "AES-256-GCM"
INFO_PREFIX = b"TAXKIOSK-BUNDLE-V1"
KEY_LENGTH = 32  # AES-256
PUBLIC_KEY_LENGTH = 32  # raw X25519
NONCE_LENGTH = 12
SIGNATURE_LENGTH = 64
MAX_HEADER_BYTES = 4 * 1024 * 1024  # ids of ~100 000 records; more is not a real bundle
HEADER_LEN = struct.Struct(">I")
CIPHERTEXT_LEN = struct.Struct(">Q")


class LayoutProblem(Enum):
    """Why bytes are not a bundle container (the reader words it for people)."""

    NOT_A_BUNDLE = "not_a_bundle"
    TRUNCATED = "truncated"
    MALFORMED = "malformed"


class BundleLayoutError(ValueError):
    def __init__(self, problem: LayoutProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Container:
    """A file split into its parts; ``signed_part`` is every byte the signature covers."""

    header_bytes: bytes
    ciphertext: bytes
    signed_part: bytes
    signature: bytes


def fingerprint(raw_public_key: bytes) -> str:
    """Short, stable name of a public key: the header says which service key the bundle
    was sealed to (the service tells a bundle meant for another service from a damaged one)."""
    return hashlib.sha256(raw_public_key).hexdigest()[:32]


def raw_public_key(key: X25519PrivateKey) -> bytes:
    """The raw 32-byte public half of an X25519 key, as used in HKDF info and fingerprints."""
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def derive_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """The AES-256-GCM key from the X25519 shared secret, bound to both public keys."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_LENGTH,
        salt=None,
        info=INFO_PREFIX + ephemeral_public + recipient_public,
    ).derive(shared)


def pack(header_bytes: bytes, ciphertext: bytes) -> bytes:
    """The signed part of a file: everything but the trailing signature."""
    return b"".join(
        [
            MAGIC,
            HEADER_LEN.pack(len(header_bytes)),
            header_bytes,
            CIPHERTEXT_LEN.pack(len(ciphertext)),
            ciphertext,
        ]
    )


def unpack(data: bytes, *, max_header_bytes: int = MAX_HEADER_BYTES) -> Container:
    """Split a file into its parts; the sizes must add up to the file's size exactly.
    Raises ``BundleLayoutError``."""
    if not data.startswith(MAGIC):
        problem = LayoutProblem.TRUNCATED if MAGIC.startswith(data) else LayoutProblem.NOT_A_BUNDLE
        raise BundleLayoutError(problem)
    offset = len(MAGIC)
    if len(data) < offset + HEADER_LEN.size:
        raise BundleLayoutError(LayoutProblem.TRUNCATED)
    (header_len,) = HEADER_LEN.unpack_from(data, offset)
    if header_len > max_header_bytes:
        raise BundleLayoutError(LayoutProblem.MALFORMED)
    offset += HEADER_LEN.size
    header_bytes = data[offset : offset + header_len]
    offset += header_len
    if len(data) < offset + CIPHERTEXT_LEN.size:
        raise BundleLayoutError(LayoutProblem.TRUNCATED)
    (ciphertext_len,) = CIPHERTEXT_LEN.unpack_from(data, offset)
    offset += CIPHERTEXT_LEN.size
    signed_end = offset + ciphertext_len
    expected = signed_end + SIGNATURE_LENGTH
    if len(data) < expected:
        raise BundleLayoutError(LayoutProblem.TRUNCATED)
    if len(data) > expected:
        raise BundleLayoutError(LayoutProblem.MALFORMED)
    return Container(
        header_bytes=header_bytes,
        ciphertext=data[offset:signed_end],
        signed_part=data[:signed_end],
        signature=data[signed_end:],
    )
