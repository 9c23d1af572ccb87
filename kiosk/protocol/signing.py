"""Terminal request signing: the canonical bytes both sides sign and verify.

Pure functions (no clock, no I/O): the kiosk passes its own time and nonce, the service
checks freshness against its injected clock. Ed25519 keys via ``cryptography``.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SCHEME = "TAXKIOSK-ED25519-V1"
HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
HEADER_IDEMPOTENCY = "Idempotency-Key"
MAX_SKEW_SECONDS = 300


def canonical_request(
    *, method: str, path_with_query: str, timestamp: int, nonce: str, body: bytes, terminal_id: str
) -> bytes:
    """What is signed: scheme, terminal, method, path+query, time, nonce and the body's hash."""
    body_hash = hashlib.sha256(body).hexdigest()
    parts = [SCHEME, terminal_id, method.upper(), path_with_query, str(timestamp), nonce, body_hash]
    return "\n".join(parts).encode("utf-8")


def sign(private_key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(private_key.sign(message)).decode("ascii")


def verify(public_key_b64: str, message: bytes, signature_b64: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")
