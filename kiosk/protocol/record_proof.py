"""The staff member's proof on a hall collection record (R-HA-1): who collected it, on which
terminal, signed so that neither the terminal nor anyone on the way can change a word.

At an online staff login the terminal makes an Ed25519 key pair for that staff member; the
service records the public key, bound to the staff member, the terminal and an expiry, and
answers its id. Every record collected in that staff session (online or offline, until the
key expires) carries ``staff_key_id`` and ``staff_signature``: the signature over the
record's canonical bytes (every field but the signature itself; docs/protocol.md)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_ID_FIELD = "staff_key_id"
SIGNATURE_FIELD = "staff_signature"
SCHEME = b"TAXKIOSK-RECORD-V1\n"


def canonical_record(payload: Mapping[str, Any]) -> bytes:
    """The bytes signed: the record as JSON with sorted keys, no spaces, without the
    signature field; the same on both sides whatever order the fields travelled in."""
    fields = {k: v for k, v in payload.items() if k != SIGNATURE_FIELD}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return SCHEME + text.encode("utf-8")


def sign_record(private_key: Ed25519PrivateKey, payload: Mapping[str, Any]) -> str:
    return base64.b64encode(private_key.sign(canonical_record(payload))).decode("ascii")


def verify_record(public_key_b64: str, payload: Mapping[str, Any]) -> bool:
    signature = payload.get(SIGNATURE_FIELD)
    if not isinstance(signature, str):
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signature, validate=True), canonical_record(payload))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
