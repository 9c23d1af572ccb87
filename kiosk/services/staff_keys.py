"""The staff member's record key on this terminal (R-HA-1, ``kiosk.protocol.record_proof``).

Made at each online staff login (the service records its public half, bound to the staff
member and this terminal, until it expires) and kept for offline logins wrapped under a
key derived from the staff member's password (argon2id): the terminal's disk alone, or its
store key, signs nothing. In memory only while the staff member is logged in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from kiosk.protocol.record_proof import sign_record
from kiosk.protocol.signing import public_key_b64
from kiosk.services.store.records import CollectionInput
from kiosk.services.sync.payload import record_payload

_NONCE = 12
_SALT = 16
# argon2id for the wrapping key: one derivation per staff login, on the worker thread.
_KDF = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}

R = TypeVar("R", bound=CollectionInput)


class KeyUnwrapError(Exception):
    """The wrapped key did not open with this password (it was wrapped under another)."""


@dataclass(frozen=True, slots=True)
class WrappedKey:
    salt: bytes
    sealed: bytes  # nonce | AES-GCM(private key)


def _kek(password: str, salt: bytes, staff_no: str) -> AESGCM:
    secret = f"{staff_no}\n{password}".encode()
    return AESGCM(hash_secret_raw(secret, salt, hash_len=32, type=Type.ID, **_KDF))


def wrap_key(key: Ed25519PrivateKey, password: str, staff_no: str) -> WrappedKey:
    salt, nonce = secrets.token_bytes(_SALT), secrets.token_bytes(_NONCE)
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    sealed = _kek(password, salt, staff_no).encrypt(nonce, raw, staff_no.encode())
    return WrappedKey(salt=salt, sealed=nonce + sealed)


def unwrap_key(wrapped: WrappedKey, password: str, staff_no: str) -> Ed25519PrivateKey:
    nonce, sealed = wrapped.sealed[:_NONCE], wrapped.sealed[_NONCE:]
    try:
        raw = _kek(password, wrapped.salt, staff_no).decrypt(nonce, sealed, staff_no.encode())
    except InvalidTag:
        raise KeyUnwrapError from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def new_key() -> tuple[Ed25519PrivateKey, str]:
    """A fresh key pair and its public half (base64) for the staff login request."""
    key = Ed25519PrivateKey.generate()
    return key, public_key_b64(key)


@dataclass(frozen=True, slots=True)
class RecordSigner:
    """Signs the records of one staff session with the key the service knows by ``key_id``."""

    key_id: str
    expires_at: datetime
    key: Ed25519PrivateKey = field(repr=False)

    def usable(self, now: datetime) -> bool:
        return now < self.expires_at

    def sign(self, record: R) -> R:
        """The record with its proof: the key id, and the signature over its payload."""
        with_key = replace(record, staff_key_id=self.key_id, staff_signature=None)
        signature = sign_record(self.key, record_payload(with_key))
        return replace(with_key, staff_signature=signature)
